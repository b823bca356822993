"""The package installs from its wheel, not only as an editable checkout: sql/ and data/ ship
as package data and the ``ogi`` command runs from another folder."""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # worker processes, ogi as a subprocess, a wheel build


def test_the_wheel_installs_in_a_fresh_venv_and_loads_the_sample(tmp_path, prefect_api):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("ogi_warehouse-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    (venv_site,) = (venv / "lib").glob("python3*/site-packages")
    # the dependencies come from this environment's site-packages, as a plain path: its .pth
    # files (and so the editable install of this checkout) are not read
    (venv_site / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PREFECT_API_URL": prefect_api}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import flows, ogi_sql; print(flows.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(venv_site)), where.stdout
    warehouse = tmp_path / "w.duckdb"
    done = subprocess.run([str(venv / "bin" / "ogi"), "run", "--runner", "threads", "--input",
                           str(ROOT / "data" / "sample"), "--warehouse", str(warehouse)],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM source_files").fetchone() == (13,)
        assert con.execute("SELECT count(DISTINCT source_file) FROM facts_long").fetchone()[0] == 12
        vocabulary_rows = len((ROOT / "data" / "vocabulary.csv").read_text(encoding="utf-8").splitlines()) - 1
        assert con.execute("SELECT count(*) FROM vocabulary").fetchone() == (vocabulary_rows,)
    finally:
        con.close()
    assert Path(where.stdout.strip()).is_file()
