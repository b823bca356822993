"""``ogi sql``: the README's queries in an interactive session on the warehouse the pipeline wrote."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from transform.process import process_file
from warehouse.load import connect, record

pytestmark = pytest.mark.slow  # worker processes, ogi as a subprocess, a wheel build

OGI = str(Path(sys.executable).parent / "ogi")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sql")
    path = folder / "w.duckdb"
    con = connect(path, folder / "none.csv")
    for name in ("t00_2020.pdf", "t01_2021.pdf"):
        pdf = FIXTURES / "pdf" / name
        record(con, name, process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest()))
    con.close()
    return path


def readme_queries() -> str:
    """The SQL block of the README, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"```sql\n(.*?)```", text, re.S).group(1)


def test_the_readme_queries_run_as_written_in_a_session(warehouse):
    done = subprocess.run([OGI, "sql", "--warehouse", str(warehouse)], input=readme_queries() + ".quit\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "花马池镇" in done.stdout and "Error" not in done.stdout
    assert done.stdout.count(" 行") == len(re.findall(r";\s*$", readme_queries(), re.M))  # one result each


def test_a_session_is_read_only_by_default(warehouse):
    done = subprocess.run([OGI, "sql", "--warehouse", str(warehouse)], input="DELETE FROM fact;\n",
                          capture_output=True, text=True, timeout=120)
    assert "read-only" in done.stdout.lower()
    again = subprocess.run([OGI, "sql", "SELECT count(*) AS n FROM facts_long", "--warehouse", str(warehouse)],
                           capture_output=True, text=True, timeout=120)
    assert re.search(r"│\s+384\s+│", again.stdout), again.stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_ogi_sql_in_a_terminal_under_tmux(warehouse, tmp_path):
    session = f"ogi-sql-{time.time_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "40",
                    f"{OGI} sql --warehouse {warehouse}"], check=True)
    try:
        screen = _wait_for(session, "ogi>")
        _type(session, "SELECT count(*) FROM facts_long;")
        screen = _wait_for(session, "1 行")
        assert re.search(r"│\s+384\s+│", screen), screen
        _type(session, "SELECT agency, year FROM facts_long LIMIT 1;")
        screen = _wait_for(session, "花马池镇")
        # Chinese takes two columns a character: the box's right edge stays in line with the header's
        lines = [line for line in screen.splitlines() if "花马池镇" in line or "agency" in line]
        widths = {sum(2 if ord(c) > 0x2E7F else 1 for c in line.rstrip()) for line in lines[-2:]}
        assert len(widths) == 1, lines
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def _type(session: str, line: str) -> None:
    """Type a line and Enter (tmux reads an argument's trailing ; as its own separator: escaped)."""
    escaped = line[:-1] + "\\;" if line.endswith(";") else line
    subprocess.run(["tmux", "send-keys", "-t", session, "-l", escaped], check=True)
    subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)


def _wait_for(session: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                text=True).stdout
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on the screen:\n{screen}")
