"""``ogi run`` on a terminal: what it is doing while Prefect starts, the file being read when it
takes a while, log lines above the bar, statuses by their Chinese names."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.progress import READING_ENV, TerminalBar, reading, slow_files
from tests.conftest import ROOT
from tests.test_sql_shell import _wait_for

OGI = Path(sys.executable).with_name("ogi")


def test_a_worker_notes_the_file_it_reads_and_the_bar_names_it_after_a_while(tmp_path, monkeypatch):
    monkeypatch.setenv(READING_ENV, str(tmp_path))
    with reading(Path("/in/scan_7.pdf")):
        (note,) = tmp_path.iterdir()
        assert slow_files(tmp_path, time.time()) == []  # just started: not named yet
        old = time.time() - 10
        os.utime(note, (old, old))
        assert [name for name, _ in slow_files(tmp_path, time.time())] == ["scan_7.pdf"]
    assert list(tmp_path.iterdir()) == []
    monkeypatch.delenv(READING_ENV)
    with reading(Path("x.pdf")):  # no bar asking: nothing written anywhere
        assert list(tmp_path.iterdir()) == []


def test_log_lines_go_through_the_bars_console_and_come_back():
    class Handler(logging.Handler):
        console = "prefect's own"

        def emit(self, record: logging.LogRecord) -> None:
            pass

    handler = Handler()
    logging.getLogger("prefect.flow_runs.test").addHandler(handler)
    try:
        with TerminalBar() as bar:
            assert handler.console is bar._progress.console
            assert os.environ[READING_ENV]
        assert handler.console == "prefect's own" and READING_ENV not in os.environ
    finally:
        logging.getLogger("prefect.flow_runs.test").removeHandler(handler)


def test_the_run_summary_names_statuses_in_chinese():
    from flows.pipeline import RunSummary

    line = RunSummary(files=3, by_status={"loaded": 2, "needs_ocr": 1}).line()
    assert "已入库 2" in line and "需OCR识别 1" in line and "loaded" not in line


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_ogi_run_in_a_terminal_under_tmux(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("t00_2020.pdf", "t01_2021.pdf"):
        shutil.copy(ROOT / "data" / "sample" / name, folder / name)
    session = f"ogi-run-{time.time_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "30",
                    f"{OGI} run --input {folder} --warehouse {tmp_path / 'w.duckdb'}; sleep 60"], check=True)
    try:
        starting = _wait_for(session, "正在启动 Prefect")
        assert "0/2" not in starting  # no count of files before there is one
        done = _wait_for(session, "ogi run：共 2 个文件", seconds=120)
        assert "已入库 2" in done and "loaded" not in done
        assert done.count("秒") == 1  # one elapsed time: the bar's is gone with it
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
