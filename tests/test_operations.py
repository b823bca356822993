"""Nightly operations with real processes and a real Prefect server: incremental runs, one
writer at a time, kill -9, the scheduled deployment, and the Dask task runner."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from prefect import task

from flows.config import load_settings
from ogi_data.messages import say
from tests.conftest import FIXTURES
from warehouse.lock import warehouse_lock

pytestmark = pytest.mark.slow  # worker processes, ogi as a subprocess, a wheel build

SOME = ["t15_2019.pdf", "t16_2020.pdf", "d26_2022.pdf", "bad_empty.pdf"]
OGI = str(Path(sys.executable).with_name("ogi"))


def inbox_with(tmp_path: Path, names: list[str]) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in names:
        shutil.copy(FIXTURES / "pdf" / name, inbox / name)
    return inbox


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def ogi_env(api_url: str) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def test_a_noop_rerun_opens_no_pdf_and_a_vanished_file_keeps_its_data(tmp_path, prefect_api, monkeypatch):
    from flows import pipeline

    inbox = inbox_with(tmp_path, SOME)
    warehouse = tmp_path / "w.duckdb"
    settings = load_settings(input=inbox, warehouse=warehouse, runner="threads")
    first = pipeline.run(settings)
    assert (first.processed, first.skipped) == (4, 0)
    facts = rows(warehouse, "SELECT * FROM facts_long ORDER BY ALL")

    def no_opening(*args, **kwargs):
        raise AssertionError("an unchanged file was opened")

    monkeypatch.setattr(pipeline, "process_file", no_opening)
    monkeypatch.setattr(pipeline, "sha256_of", no_opening)
    again = pipeline.run(settings)
    assert (again.processed, again.skipped) == (0, 4)
    assert rows(warehouse, "SELECT * FROM facts_long ORDER BY ALL") == facts

    (inbox / "t15_2019.pdf").unlink()
    pipeline.run(settings)
    present = dict(rows(warehouse, "SELECT source_file, present FROM source_files"))
    assert present == {"t15_2019.pdf": False, "t16_2020.pdf": True, "d26_2022.pdf": True, "bad_empty.pdf": True}
    assert rows(warehouse, "SELECT count(*) FROM facts_long WHERE source_file = 't15_2019.pdf'") != [(0,)]

    runs = rows(warehouse, "SELECT files_processed, files_skipped, files_by_status, error FROM runs "
                           "ORDER BY started_at")
    assert [(r[0], r[1], r[3]) for r in runs] == [(4, 0, None), (0, 4, None), (0, 3, None)]
    assert json.loads(runs[0][2]) == {"loaded": 2, "loaded_with_issues": 1, "unreadable": 1}


def test_a_run_with_nothing_to_read_starts_no_prefect_and_is_recorded(tmp_path, prefect_api, monkeypatch):
    from flows import pipeline

    inbox = inbox_with(tmp_path, SOME[:2])
    warehouse = tmp_path / "w.duckdb"
    pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="threads"))

    def no_prefect(*args, **kwargs):
        raise AssertionError("a run with nothing to read started Prefect")

    monkeypatch.setattr(pipeline, "shared_prefect_api", no_prefect)
    monkeypatch.setattr(pipeline.run_batch, "with_options", no_prefect)
    monkeypatch.setattr(pipeline, "fingerprint", no_prefect)  # a task run would start a server of its own
    again = pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="processes"))
    assert (again.processed, again.skipped) == (0, 2)
    runs = rows(warehouse, "SELECT flow_run_id IS NULL, files_processed, files_skipped FROM runs ORDER BY started_at")
    assert runs[-1] == (True, 0, 2) and len(runs) == 2
    shutil.copy(inbox / SOME[0], inbox / "copy.pdf")  # a copy is recorded as a duplicate, and read by no one
    copied = pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="processes"))
    assert (copied.processed, copied.skipped) == (1, 2)
    assert rows(warehouse, "SELECT status FROM source_files WHERE source_file = 'copy.pdf'") == [("duplicate",)]
    (inbox / SOME[0]).write_bytes(b"%PDF-1.4 damaged since")  # a file to read again: Prefect's way
    with pytest.raises(AssertionError, match="started Prefect"):
        pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="processes"))


def test_a_new_pipeline_version_reprocesses_everything(tmp_path, prefect_api, monkeypatch):
    from flows import pipeline, plan

    inbox = inbox_with(tmp_path, SOME[:2])
    settings = load_settings(input=inbox, warehouse=tmp_path / "w.duckdb", runner="threads")
    pipeline.run(settings)
    monkeypatch.setattr(plan, "pipeline_version", lambda: plan.derived_pipeline_version() + "-next")
    assert pipeline.run(settings).processed == 2


def test_the_run_publishes_a_summary_artifact(tmp_path, prefect_api):
    from prefect.client.orchestration import get_client

    from flows import pipeline

    inbox = inbox_with(tmp_path, SOME)
    pipeline.run(load_settings(input=inbox, warehouse=tmp_path / "w.duckdb", runner="threads"))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
    # the session's server holds the artifacts of every run; this run's links name its inbox
    ours = [a for a in artifacts if a.key == "ogi-run-summary" and inbox.as_uri() in a.data]
    assert len(ours) == 1
    assert "bad_empty.pdf" in ours[0].data and "| unreadable | 1 |" in ours[0].data


def test_a_second_run_waits_for_the_first_or_exits_with_a_clear_message(tmp_path, prefect_api):
    inbox = inbox_with(tmp_path, SOME[:1])
    warehouse = tmp_path / "w.duckdb"
    cmd = [OGI, "run", "--runner", "threads", "--input", str(inbox), "--warehouse", str(warehouse)]
    with warehouse_lock(warehouse):  # a first run holds the warehouse
        busy = subprocess.run(cmd, env=ogi_env(prefect_api), capture_output=True, text=True, timeout=120)
        waiting = subprocess.Popen([*cmd, "--wait", "60"], env=ogi_env(prefect_api),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=120)
    assert busy.returncode == 75
    assert "另一个 ogi run" in busy.stderr and str(warehouse) in busy.stderr
    assert waiting.returncode == 0, err
    assert rows(warehouse, "SELECT count(*) FROM facts_long") == [(198,)]


def test_kill_9_mid_run_leaves_consistent_working_and_published_files_that_the_next_run_completes(
        tmp_path, prefect_api):
    names = sorted(p.name for p in (FIXTURES / "pdf").glob("t*.pdf"))[:8]
    inbox = inbox_with(tmp_path, names[:2])
    warehouse = tmp_path / "w.duckdb"
    work = tmp_path / "w.working.duckdb"
    cmd = [OGI, "run", "--runner", "threads", "--workers", "1", "--input", str(inbox), "--warehouse", str(warehouse)]
    assert subprocess.run(cmd, env=ogi_env(prefect_api), capture_output=True, timeout=300).returncode == 0
    published = rows(warehouse, "SELECT * FROM facts_long ORDER BY ALL")
    for name in names[2:]:
        shutil.copy(FIXTURES / "pdf" / name, inbox / name)
    proc = subprocess.Popen(cmd, env=ogi_env(prefect_api), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    for line in proc.stderr:  # wait until three new reports are loaded, then kill the whole process group
        if "3/6 " in line:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    assert rows(warehouse, "SELECT * FROM facts_long ORDER BY ALL") == published  # untouched by the killed run
    loaded = rows(work, "SELECT count(*) FROM report_file")[0][0]
    assert 2 < loaded < len(names)
    orphans = rows(work, "SELECT count(*) FROM fact WHERE sha256 NOT IN (SELECT sha256 FROM report_file)")
    assert orphans == [(0,)]
    partial = rows(work, "SELECT sha256 FROM fact GROUP BY sha256 HAVING count(*) NOT IN (186, 198, 200)")
    assert partial == []

    done = subprocess.run(cmd, env=ogi_env(prefect_api), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert rows(warehouse, "SELECT count(DISTINCT source_file) FROM facts_long") == [(len(names),)]
    assert rows(warehouse, "SELECT count(*) FROM run WHERE finished_at IS NULL") == [(1,)]  # the killed run


def test_serve_registers_the_nightly_deployment_and_a_triggered_run_loads(tmp_path, prefect_api):
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    inbox = inbox_with(tmp_path, SOME[:2])
    warehouse = tmp_path / "w.duckdb"
    env = ogi_env(prefect_api) | {"OGI_RUNNER": "threads", "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    server = subprocess.Popen([OGI, "serve", "--input", str(inbox), "--warehouse", str(warehouse)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deployment = None
        with get_client(sync_client=True) as client:
            for _ in range(120):
                try:
                    deployment = client.read_deployment_by_name("ogi-run/nightly")
                    break
                except Exception:  # noqa: BLE001 - not registered yet
                    time.sleep(0.5)
        assert deployment is not None
        (schedule,) = deployment.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Asia/Shanghai")
        flow_run = run_deployment("ogi-run/nightly", timeout=180, poll_interval=1)
        assert flow_run.state.is_completed(), flow_run.state
        assert rows(warehouse, "SELECT count(DISTINCT source_file) FROM facts_long") == [(2,)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_dask_runner_gives_the_same_facts_as_the_default(tmp_path, prefect_api):
    from distributed import LocalCluster

    from flows import pipeline

    inbox = inbox_with(tmp_path, SOME)
    pipeline.run(load_settings(input=inbox, warehouse=tmp_path / "a.duckdb", runner="processes", workers=2))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        pipeline.run(load_settings(input=inbox, warehouse=tmp_path / "b.duckdb", runner="dask",
                                   dask_address=cluster.scheduler_address))
    query = "SELECT * EXCLUDE (sha256) FROM facts_long ORDER BY ALL"
    assert rows(tmp_path / "a.duckdb", query) == rows(tmp_path / "b.duckdb", query)
    assert len(rows(tmp_path / "a.duckdb", query)) == 198 + 198 + 200


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _wait_for_workers(pid: int, count: int, seconds: float = 60) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = [c for c in _children(pid) if "spawn_main" in _cmdline(c)]
        if len(workers) >= count:
            return workers
        time.sleep(0.05)
    raise AssertionError("the run started no worker processes")


def test_a_worker_killed_mid_run_costs_no_good_report(tmp_path, prefect_api):
    names = sorted(p.name for p in (FIXTURES / "pdf").glob("[td]*.pdf"))
    inbox = inbox_with(tmp_path, names)
    warehouse = tmp_path / "w.duckdb"
    cmd = [OGI, "run", "--runner", "processes", "--workers", "2", "--input", str(inbox), "--warehouse", str(warehouse)]
    proc = subprocess.Popen(cmd, env=ogi_env(prefect_api), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        workers = _wait_for_workers(proc.pid, 2)
        time.sleep(1.0)  # let them start on their chunks
        os.kill(workers[0], signal.SIGKILL)  # what the out-of-memory killer does
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err[-3000:]
    assert say("log_worker_died") in err
    assert rows(warehouse, "SELECT count(*) FROM source_files WHERE status = 'unreadable'") == [(0,)]
    current = rows(warehouse, "SELECT count(*) FROM source_files WHERE status IN ('loaded', 'loaded_with_issues')")
    assert current == rows(warehouse, "SELECT count(DISTINCT source_file) FROM facts_long") != [(0,)]


@task
def sleeps(seconds: float) -> float:
    """A task that sleeps, with no time limit of its own: a worker stuck where no limit reaches."""
    time.sleep(seconds)
    return seconds


def test_a_worker_stuck_where_no_time_limit_reaches_is_stopped_and_the_next_task_runs(prefect_api):
    from concurrent.futures.process import BrokenProcessPool

    from prefect import flow
    from prefect.context import FlowRunContext

    from flows.runners import RecoveringProcessPoolTaskRunner, StallWatch

    @flow(task_runner=RecoveringProcessPoolTaskRunner(max_workers=1))
    def night() -> tuple[float, float]:
        # longer than a new worker takes to start (the stuck one is stopped after it)
        watch = StallWatch(FlowRunContext.get().task_runner, seconds=15)
        stuck = watch.submitted(sleeps.submit(3600))
        started = time.monotonic()
        with pytest.raises(BrokenProcessPool):
            watch.result(stuck)
        waited = time.monotonic() - started
        return waited, watch.result(watch.submitted(sleeps.submit(0.5)))

    waited, after = night()
    assert 15 <= waited < 60 and after == 0.5


def test_a_killed_run_takes_its_workers_and_its_temporary_server_with_it(tmp_path):
    inbox = inbox_with(tmp_path, sorted(p.name for p in (FIXTURES / "pdf").glob("t*.pdf")))
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # the run starts its own server
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    cmd = [OGI, "run", "--runner", "processes", "--workers", "2", "--input", str(inbox), "--warehouse",
           str(tmp_path / "w.duckdb")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        _wait_for_workers(proc.pid, 2, seconds=120)
        children = _children(proc.pid)
        assert any("uvicorn" in _cmdline(c) for c in children)
        os.kill(proc.pid, signal.SIGKILL)  # the run's own process only, not its group
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [(c, _cmdline(c)) for c in children if _alive(c)]
        assert left == [], "\n".join(f"{c} {line}" for c, line in left)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_page_size_bomb_is_read_within_bounded_memory(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    bomb = tmp_path / "bomb.pdf"
    page = canvas.Canvas(str(bomb), pagesize=(5000, 5500))
    page.setFont("STSong-Light", 12)
    page.drawString(100, 5300, "某某乡2022年政府信息公开工作年度报告")
    page.drawString(100, 5000, "三、收到和处理政府信息公开申请情况")
    page.drawString(100, 4000, "四、政府信息公开行政复议、行政诉讼情况")
    page.save()
    assert bomb.stat().st_size < 4000
    # the peak of this process's own memory (VmHWM, reset by exec): getrusage's ru_maxrss carries the
    # forking test process's peak over into the child
    code = ("import re; from pathlib import Path; from outputs.inspect import inspect_file; "
            f"print(inspect_file(Path({str(bomb)!r}))[-300:]); "
            "print('peak', re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1))")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.rsplit("peak", 1)[1]) / 1024
    assert peak_mb < 1500, (peak_mb, time.monotonic() - started)
