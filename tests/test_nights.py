"""Sequences of nights with real runs: files copied, overwritten, deleted, failing for reasons
outside their bytes; hostile paths; analysts holding the warehouse open; a defect of our own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from flows.config import load_settings
from tests.conftest import FIXTURES
from tests.test_operations import OGI, inbox_with, ogi_env, rows

FACTS = "SELECT agency, county, year, table_code, row_code, column_code, value FROM facts_long ORDER BY ALL"


def run(inbox: Path, warehouse: Path, **settings):
    from flows import pipeline

    return pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="threads", **settings))


def statuses(warehouse: Path) -> dict[str, str]:
    return dict(rows(warehouse, "SELECT path, status FROM source_files WHERE present"))


def test_a_duplicate_takes_the_place_of_its_original_when_that_is_overwritten(tmp_path, prefect_api):
    inbox = inbox_with(tmp_path, ["t00_2020.pdf"])
    shutil.copy(inbox / "t00_2020.pdf", inbox / "t00_copy.pdf")
    warehouse = tmp_path / "w.duckdb"
    run(inbox, warehouse)
    assert statuses(warehouse) == {"t00_2020.pdf": "loaded", "t00_copy.pdf": "duplicate"}
    shutil.copy(FIXTURES / "pdf" / "t01_2021.pdf", inbox / "t00_2020.pdf")  # another report under the same name
    run(inbox, warehouse)
    run(inbox, warehouse)
    assert statuses(warehouse) == {"t00_2020.pdf": "loaded", "t00_copy.pdf": "loaded"}
    run(inbox, tmp_path / "fresh.duckdb")
    assert rows(warehouse, FACTS) == rows(tmp_path / "fresh.duckdb", FACTS)
    assert rows(warehouse, "SELECT count(DISTINCT (agency, year)) FROM facts_long") == [(2,)]


def test_a_file_that_failed_for_a_reason_outside_its_bytes_is_tried_again(tmp_path, prefect_api):
    inbox = inbox_with(tmp_path, ["t15_2019.pdf"])
    warehouse = tmp_path / "w.duckdb"
    run(inbox, warehouse, file_timeout_seconds=0.02)
    assert statuses(warehouse) == {"t15_2019.pdf": "unreadable"}
    assert rows(warehouse, "SELECT path FROM report_file WHERE retry") == [("t15_2019.pdf",)]
    shutil.copy(FIXTURES / "pdf" / "bad_empty.pdf", inbox / "bad_empty.pdf")
    again = run(inbox, warehouse)  # the limit raised: the file is read
    assert (again.processed, again.skipped) == (2, 0)
    assert statuses(warehouse) == {"t15_2019.pdf": "loaded", "bad_empty.pdf": "unreadable"}
    third = run(inbox, warehouse)  # an empty file is a property of its bytes: not reopened
    assert (third.processed, third.skipped) == (0, 2)


def test_a_defect_of_this_program_is_counted_exits_non_zero_and_is_retried(tmp_path, prefect_api, monkeypatch):
    from flows import cli, pipeline

    inbox = inbox_with(tmp_path, ["t15_2019.pdf", "t16_2020.pdf"])
    warehouse = tmp_path / "w.duckdb"
    real = pipeline.process_file

    def process_file(path, *args):
        if path.name == "t16_2020.pdf":
            raise KeyError("a defect")
        return real(path, *args)

    monkeypatch.setattr(pipeline, "process_file", process_file)
    argv = ["run", "--runner", "threads", "--input", str(inbox), "--warehouse", str(warehouse)]
    assert cli.main(argv) == cli.EXIT_DEFECT
    detail = dict(rows(warehouse, "SELECT path, detail FROM source_files"))["t16_2020.pdf"]
    assert detail.startswith("提取时遇到本程序自身的错误（KeyError: 'a defect'）")
    assert rows(warehouse, "SELECT files_errored FROM runs") == [(1,)]
    monkeypatch.setattr(pipeline, "process_file", real)
    assert cli.main(argv) == 0
    assert statuses(warehouse) == {"t15_2019.pdf": "loaded", "t16_2020.pdf": "loaded_with_issues"}


def test_odd_paths_are_read_or_skipped_with_a_reason_and_none_leads_outside(tmp_path, prefect_api):
    inbox = inbox_with(tmp_path, ["t15_2019.pdf"])
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(FIXTURES / "pdf" / "t16_2020.pdf", outside / "secret.pdf")
    gbk_name = "报告.pdf".encode("gbk")  # unzipped from an archive made on Chinese Windows
    with open(os.path.join(os.fsencode(inbox), gbk_name), "wb") as fh:
        fh.write((FIXTURES / "pdf" / "d26_2022.pdf").read_bytes())
    (inbox / "out.pdf").symlink_to(outside / "secret.pdf")
    (inbox / "dangling.pdf").symlink_to(tmp_path / "nothing.pdf")
    (inbox / "loop.pdf").symlink_to(inbox / "loop.pdf")
    (inbox / "folder.pdf").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "pipe.pdf")
    (inbox / "inside.pdf").symlink_to(inbox / "t15_2019.pdf")
    warehouse = tmp_path / "w.duckdb"
    summary = run(inbox, warehouse)
    assert summary.paths_skipped == 5
    shown = "\\xb1\\xa8\\xb8\\xe6.pdf"
    assert statuses(warehouse) == {"inside.pdf": "loaded", "t15_2019.pdf": "duplicate", shown: "loaded"}
    assert rows(warehouse, "SELECT paths_skipped FROM runs") == [(5,)]
    assert rows(warehouse, "SELECT count(*) FROM facts_long WHERE source_file = 'secret.pdf'") == [(0,)]


def _hold(path: Path, read_only: bool) -> subprocess.Popen:
    """Another process (an analyst's notebook) holding a DuckDB connection to ``path``."""
    code = (f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}, read_only={read_only}); "
            "c.execute('SELECT count(*) FROM facts_long').fetchall(); print('open', flush=True); time.sleep(600)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_an_analyst_holding_the_warehouse_never_blocks_the_nightly_run(tmp_path, prefect_api):
    inbox = inbox_with(tmp_path, ["t15_2019.pdf"])
    warehouse = tmp_path / "w.duckdb"
    run(inbox, warehouse)
    for read_only, name in ((True, "t16_2020.pdf"), (False, "d26_2022.pdf")):
        holder = _hold(warehouse, read_only)
        try:
            shutil.copy(FIXTURES / "pdf" / name, inbox / name)
            run(inbox, warehouse)
        finally:
            holder.kill()
            holder.wait()
        # a new connection, in a new process, sees the new data
        assert name in {r[0] for r in rows(warehouse, "SELECT DISTINCT source_file FROM facts_long")}
    assert rows(warehouse, "SELECT count(DISTINCT source_file) FROM facts_long") == [(3,)]
    assert (tmp_path / "w.previous.duckdb").is_file()


def test_a_run_that_finds_its_working_file_held_exits_75_naming_the_holder_and_is_recorded(tmp_path, prefect_api):
    inbox = inbox_with(tmp_path, ["t15_2019.pdf"])
    warehouse = tmp_path / "w.duckdb"
    run(inbox, warehouse)
    holder = _hold(tmp_path / "w.working.duckdb", read_only=False)
    try:
        busy = subprocess.run([OGI, "run", "--runner", "threads", "--input", str(inbox), "--warehouse",
                               str(warehouse)], env=ogi_env(prefect_api), capture_output=True, text=True,
                              timeout=180)
    finally:
        holder.kill()
        holder.wait()
    assert busy.returncode == 75, busy.stderr
    assert f"pid {holder.pid}" in busy.stderr and "w.working.duckdb" in busy.stderr
    run(inbox, warehouse)
    errors = [e for (e,) in rows(warehouse, "SELECT error FROM runs ORDER BY started_at") if e]
    assert len(errors) == 1 and errors[0].startswith("WarehouseBusy") and f"pid {holder.pid}" in errors[0]


def test_the_working_file_is_made_from_a_warehouse_of_the_previous_layout(tmp_path, prefect_api):
    from tests.test_warehouse import report
    from warehouse.load import connect, record

    warehouse = tmp_path / "w.duckdb"
    con = connect(warehouse, tmp_path / "none.csv")  # written directly, as releases before the working file did
    record(con, "old.pdf", report("aa", "7", "2023-01-05T00:00:00", "old.pdf"))
    con.execute("UPDATE report_file SET size_bytes = 1, mtime = 1")
    con.close()
    inbox = inbox_with(tmp_path, ["t15_2019.pdf"])
    run(inbox, warehouse)
    assert {r[0] for r in rows(warehouse, "SELECT source_file FROM facts_long")} == {"old.pdf", "t15_2019.pdf"}


def test_a_mix_of_mutated_copies_keeps_every_good_report(tmp_path, prefect_api):
    import random

    rng = random.Random(20261129)
    good = sorted(p.name for p in (FIXTURES / "pdf").glob("[td]*.pdf") if not p.name.startswith("d2"))[:10]
    inbox = inbox_with(tmp_path, good)
    clean = tmp_path / "clean.duckdb"
    run(inbox, clean)
    for i in range(30):
        data = bytearray((inbox / good[i % len(good)]).read_bytes())
        for _ in range(rng.choice((1, 1, 2, 8))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        (inbox / f"mutant_{i:02d}.pdf").write_bytes(bytes(data))
    mixed = tmp_path / "mixed.duckdb"
    run(inbox, mixed)
    good_facts = ("SELECT f.agency, f.county, f.year, table_code, row_code, column_code, value FROM facts_long AS f "
                  "WHERE (f.agency, f.year) IN (SELECT (agency, year) FROM source_files WHERE path IN ({}))"
                  ).format(", ".join(f"'{g}'" for g in good))
    want = rows(clean, good_facts + " ORDER BY ALL")
    assert len(want) > 1900
    assert rows(mixed, good_facts + " ORDER BY ALL") == want
