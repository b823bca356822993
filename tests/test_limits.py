"""Limits never stop a night, with real processes: a memory limit that limits a file, a run that
ends when its work ends, SIGTERM at any moment."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from ogi_data.messages import say
from tests.conftest import ROOT
from tests.test_operations import OGI, _alive, _children, _wait_for_workers

pytestmark = pytest.mark.slow  # ogi run as a subprocess, worker processes, a temporary Prefect server

SAMPLE = ROOT / "data" / "sample"
SCAN = ROOT / "tests" / "fixtures" / "scanned" / "pdf" / "scan_125.pdf"


def own_server_env(**settings: str) -> dict[str, str]:
    """The environment of a run that starts its own temporary server, as a night does."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return {**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **settings}


def folder_of(tmp_path: Path, names: list[str], scan: bool = False) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in names:
        shutil.copy(SAMPLE / name, inbox / name)
    if scan:
        shutil.copy(SCAN, inbox / SCAN.name)
    return inbox


def statuses(warehouse: Path) -> dict[str, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return dict(con.execute("SELECT source_file, status FROM source_files").fetchall())
    finally:
        con.close()


def test_a_memory_limit_too_low_to_read_anything_is_refused_and_the_least_it_names_reads_every_file(tmp_path):
    inbox = folder_of(tmp_path, ["t00_2020.pdf", "d19_2021.pdf"], scan=True)
    warehouse = tmp_path / "w.duckdb"
    cmd = [OGI, "run", "--runner", "processes", "--workers", "2", "--input", str(inbox), "--warehouse", str(warehouse)]
    low = subprocess.run(cmd, env=own_server_env(OGI_WORKER_MEMORY_MB="1000"), capture_output=True, text=True,
                         timeout=120)
    # before: at 1000 MB two files finished, then the run hung; now it says so before starting
    assert low.returncode == 2 and "worker_memory_mb = 1000" in low.stderr, low.stderr
    assert not warehouse.exists()
    least = re.search(r"至少 (\d+)", low.stderr).group(1)
    done = subprocess.run(cmd, env=own_server_env(OGI_WORKER_MEMORY_MB=least), capture_output=True, text=True,
                          timeout=400)
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(statuses(warehouse).values()) <= {"loaded", "loaded_with_issues"}
    assert len(statuses(warehouse)) == 3


def test_sigterm_mid_run_ends_it_within_seconds_and_leaves_the_published_warehouse(tmp_path):
    inbox = folder_of(tmp_path, ["t00_2020.pdf"])
    warehouse = tmp_path / "w.duckdb"
    cmd = [OGI, "run", "--runner", "processes", "--workers", "2", "--input", str(inbox), "--warehouse", str(warehouse)]
    assert subprocess.run(cmd, env=own_server_env(), capture_output=True, timeout=300).returncode == 0
    published = warehouse.read_bytes()
    for name in sorted(p.name for p in SAMPLE.glob("*.pdf")):
        shutil.copy(SAMPLE / name, inbox / name)
    shutil.copy(SCAN, inbox / SCAN.name)
    proc = subprocess.Popen(cmd, env=own_server_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        _wait_for_workers(proc.pid, 2, seconds=120)
        time.sleep(2.0)  # the workers are reading
        children = _children(proc.pid)
        asked = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        took = time.monotonic() - asked
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 143, err[-2000:]
    assert took < 10, took  # before: SIGTERM did not end a stuck run at all
    assert say("cli_terminated") in err
    assert warehouse.read_bytes() == published
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [c for c in children if _alive(c)] == []


def test_a_run_with_a_flood_of_log_lines_exits_within_seconds_of_publishing(tmp_path):
    inbox = folder_of(tmp_path, ["t00_2020.pdf"])
    corrections = tmp_path / "corrections.csv"
    lines = [f",不存在乡{i},2021,applications,granted,total,{i % 7},核对,李明,2024-03-02\n" for i in range(300_000)]
    corrections.write_text("sha256,agency,year,table_code,row_code,column_code,corrected_value,reason,corrected_by,"
                           "corrected_on\n" + "".join(lines), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen([OGI, "run", "--runner", "processes", "--workers", "1", "--input", str(inbox),
                             "--warehouse", str(warehouse)], env=own_server_env(OGI_CORRECTIONS=str(corrections)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    published_at = None
    try:
        for line in proc.stderr:
            if say("log_published", warehouse=warehouse) in line:
                published_at = time.monotonic()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0 and published_at is not None
    # before: 427 s of work, then the process lived on to 1,521 s retrying log lines
    assert time.monotonic() - published_at < 10
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM corrections_unmatched").fetchone()[0] == 300_000
    con.close()


def test_a_corrections_file_excel_saved_for_a_mac_with_a_garbage_line_never_stops_a_night(tmp_path):
    inbox = folder_of(tmp_path, ["t00_2020.pdf"])
    lines = ["sha256,agency,year,table_code,row_code,column_code,corrected_value,reason,corrected_by,corrected_on",
             ",花马池镇,2020,applications,new_received,natural_person,99,核对原件,李明,2024-03-02",
             ",花马池镇,2020,applications,granted,total,5,核对原件,李明,2024-03-02",
             ",花马池镇,2020,applications,granted,total,6,又核对一次,王芳,2024-03-03"]
    corrections = tmp_path / "corrections.csv"
    # CR line endings (Excel's "CSV (Macintosh)"), and a line of bytes no reader reads
    corrections.write_bytes("\r".join(lines).encode("utf-8") + b"\r\xff\xfe\x00garbage\r")
    warehouse = tmp_path / "w.duckdb"
    done = subprocess.run([OGI, "run", "--runner", "threads", "--input", str(inbox), "--warehouse", str(warehouse)],
                          env=own_server_env(OGI_CORRECTIONS=str(corrections)), capture_output=True, text=True,
                          timeout=300)
    # before: rc 1, "new-line character seen in unquoted field", and no report loaded until fixed
    assert done.returncode == 0, done.stderr[-2000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    applied = con.execute("SELECT row_code, column_code, current_value FROM facts_provenance "
                          "WHERE correction_line IS NOT NULL").fetchall()
    refused = [line for (line,) in con.execute("SELECT line FROM corrections_unmatched ORDER BY line").fetchall()]
    con.close()
    assert applied == [("new_received", "natural_person", 99.0)]
    assert refused == [2, 3, 4]  # the two lines for one cell (a conflict) and the garbage line
