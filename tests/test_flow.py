"""The real Prefect flow end to end: files → warehouse, twice, against the fixtures' truth."""

from __future__ import annotations

import shutil

import duckdb

from flows.config import load_settings
from tests.conftest import FIXTURES, truth_of
from warehouse.load import connect

PICK = ["t15_2019.pdf", "t16_2020.pdf", "d26_2022.pdf", "t12_2020.pdf", "bad_truncated.pdf", "bad_scanned.pdf",
        "t06_2020.pdf", "early_t06_2020.pdf"]


def facts(warehouse) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT * FROM facts_long ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_flow_loads_reports_records_bad_files_and_is_idempotent(tmp_path, prefect_api):
    from flows.pipeline import run

    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    for name in PICK:
        shutil.copy(FIXTURES / "pdf" / name, inbox / "sub" / name if name.startswith("t1") else inbox / name)
    shutil.copy(FIXTURES / "pdf" / "d26_2022.pdf", inbox / "P020230226384729384.pdf")  # same bytes, other name
    warehouse = tmp_path / "w.duckdb"

    settings = load_settings(input=inbox, warehouse=warehouse, workers=2)
    summary = run(settings)
    assert summary.files == len(PICK) + 1
    first = facts(warehouse)

    con = duckdb.connect(str(warehouse), read_only=True)
    status = dict(con.execute("SELECT source_file, status FROM source_files").fetchall())
    assert status["bad_truncated.pdf"] == "unreadable"
    assert status["bad_scanned.pdf"] == "needs_ocr"
    assert sorted([status["d26_2022.pdf"], status["P020230226384729384.pdf"]]) == ["duplicate", "loaded"]
    for name in ("t15_2019.pdf", "t16_2020.pdf", "t12_2020.pdf"):
        truth = truth_of(FIXTURES, name)
        rows = con.execute(
            "SELECT table_code, row_code, column_code, value, agency, county, year, template_version "
            "FROM facts_long WHERE source_file = ?", [name]).fetchall()
        got = {(t, r, c): v for t, r, c, v, *_ in rows}
        want = {(f["table_code"], f["row_code"], f["column_code"]): f["value"] for f in truth["facts"]}
        assert set(got) == set(want)
        assert all((want[k] is None and got[k] is None) or got[k] == want[k] for k in want)
        assert {tuple(r[4:]) for r in rows} == {(truth["agency"], truth["county"], truth["year"],
                                                 truth["template_version"])}
    issues = con.execute("SELECT source_file, rule FROM validation_issues").fetchall()
    assert ("t16_2020.pdf", "carry_over_continuity") in issues
    assert ("t12_2020.pdf", "applications_balance") in issues
    assert status["t16_2020.pdf"] == status["t12_2020.pdf"] == "loaded_with_issues"
    assert status["t15_2019.pdf"] == "loaded"
    assert (status["t06_2020.pdf"], status["early_t06_2020.pdf"]) == ("loaded", "superseded")
    assert summary.by_status["superseded"] == 1
    con.close()

    run(load_settings(input=inbox, warehouse=warehouse, workers=1))
    assert facts(warehouse) == first


def test_contract_views_exist_in_an_empty_warehouse(tmp_path):
    con = connect(tmp_path / "empty.duckdb", tmp_path / "none.csv")
    try:
        for view in ("facts_long", "source_files", "validation_issues"):
            assert con.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,)
        undocumented = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND comment IS NULL "
            "AND table_name NOT LIKE 'duckdb_%' AND table_name NOT LIKE 'sqlite_%' "
            "AND table_name NOT LIKE 'pragma_%'").fetchall()
        assert undocumented == []
        assert con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL "
                           "UNION ALL SELECT table_name FROM duckdb_tables() WHERE comment IS NULL").fetchall() == []
    finally:
        con.close()


def test_a_file_over_the_time_limit_is_unreadable_and_the_batch_goes_on(tmp_path, prefect_api):
    from flows.pipeline import run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "pdf" / "d26_2022.pdf", inbox / "slow.pdf")
    shutil.copy(FIXTURES / "pdf" / "bad_empty.pdf", inbox / "empty.pdf")
    warehouse = tmp_path / "w.duckdb"
    settings = load_settings(input=inbox, warehouse=warehouse, file_timeout_seconds=0.05)
    first = run(settings)
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = dict(con.execute("SELECT source_file, status || ': ' || detail FROM source_files").fetchall())
    con.close()
    assert rows["slow.pdf"].startswith("unreadable: 提取时间超过每个文件允许的 0.05 秒")
    assert rows["slow.pdf"].endswith("下次运行时重试。")
    assert rows["empty.pdf"].startswith("unreadable: 文件为空")
    assert first.limit_hits == 1
    # tried again the next night; over the limit twice in a row, it waits a day before the third try
    second = run(settings)
    assert (second.processed, second.limit_hits) == (1, 1)
    con = duckdb.connect(str(warehouse), read_only=True)
    (detail,) = con.execute("SELECT detail FROM source_files WHERE source_file = 'slow.pdf'").fetchone()
    con.close()
    assert "已连续 2 次超限：1 天后再试" in detail
    third = run(settings)
    assert (third.processed, third.limit_waiting) == (0, 1) and "按退避规则本次未重试" in third.line()


def test_in_a_chunk_a_slow_file_is_stopped_alone_and_a_crash_reruns_the_chunk_file_by_file(tmp_path, prefect_api,
                                                                                          monkeypatch):
    import time

    from prefect.task_runners import ThreadPoolTaskRunner

    import flows.pipeline as pipeline

    real_process_file = pipeline.process_file

    def process_file(path, sha256, *reference):
        if path.name == "slow.pdf":
            for _ in range(2000):  # short sleeps, so the time limit can interrupt the thread
                time.sleep(0.01)
        if path.name == "crash.pdf":
            raise RuntimeError("a bug met by one file")
        return real_process_file(path, sha256, *reference)

    monkeypatch.setattr(pipeline, "process_file", process_file)
    monkeypatch.setattr(pipeline, "CHUNKS_PER_WORKER", 1)  # all five files in one chunk
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("t15_2019.pdf", "t16_2020.pdf", "d26_2022.pdf"):
        shutil.copy(FIXTURES / "pdf" / name, inbox / name)
    shutil.copy(FIXTURES / "pdf" / "t12_2020.pdf", inbox / "slow.pdf")
    shutil.copy(FIXTURES / "pdf" / "t03_2019.pdf", inbox / "crash.pdf")
    warehouse = tmp_path / "w.duckdb"
    flow = pipeline.run_batch.with_options(task_runner=ThreadPoolTaskRunner(max_workers=1))
    flow(input_dir=inbox, warehouse=warehouse, file_timeout_seconds=1.5, workers=1)
    con = duckdb.connect(str(warehouse), read_only=True)
    statuses = dict(con.execute("SELECT source_file, status || ': ' || detail FROM source_files").fetchall())
    con.close()
    assert statuses.pop("slow.pdf").startswith("unreadable: 提取时间超过每个文件允许的 1.5 秒")
    assert statuses.pop("crash.pdf").startswith(
        "unreadable: 提取时遇到本程序自身的错误（RuntimeError: a bug met by one file）")
    assert sorted(statuses) == ["d26_2022.pdf", "t15_2019.pdf", "t16_2020.pdf"]
    assert all(s.startswith("loaded") for s in statuses.values()), statuses


def test_a_folder_of_every_format_loads_and_a_page_beats_its_pdf_until_it_goes(tmp_path, prefect_api):
    import sys

    from flows.pipeline import run
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import fuzz

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    made = tmp_path / "made"
    for fmt, seed in (("html", 21), ("docx", 22), ("txt", 23)):
        fuzz.write_format([fuzz.draw(seed)], made / fmt, fmt)
        for f in (made / fmt / "pdf").iterdir():
            shutil.copy(f, inbox / f.name)
    fuzz.render_reportlab(fuzz.draw(21), inbox / "fuzz_21_attachment.pdf")  # the page's own PDF attachment
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    warehouse = tmp_path / "w.duckdb"
    run(load_settings(input=inbox, warehouse=warehouse, workers=2))
    con = duckdb.connect(str(warehouse), read_only=True)
    query = "SELECT source_file, status, text_source FROM source_files"
    rows = {f: (s, t) for f, s, t in con.execute(query).fetchall()}
    con.close()
    assert rows == {"fuzz_21.html": ("loaded", "html"), "fuzz_22.docx": ("loaded", "docx"),
                    "fuzz_23.txt": ("loaded", "plain"), "fuzz_21_attachment.pdf": ("superseded", "text"),
                    "old.doc": ("unreadable", None)}
    first = facts(warehouse)

    summary = run(load_settings(input=inbox, warehouse=warehouse, workers=1))
    assert summary.processed == 0 and facts(warehouse) == first  # nothing new: nothing opened

    (inbox / "fuzz_21.html").unlink()  # the page is taken down: its PDF attachment is current again
    run(load_settings(input=inbox, warehouse=warehouse, workers=1))
    con = duckdb.connect(str(warehouse), read_only=True)
    status = dict(con.execute("SELECT source_file, status FROM source_files WHERE present").fetchall())
    con.close()
    assert status["fuzz_21_attachment.pdf"] == "loaded"
