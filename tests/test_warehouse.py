"""The warehouse layer without Prefect: replace-by-report, re-published reports, corrections."""

from __future__ import annotations

import duckdb

from tests.conftest import ROOT
from transform.report import ReportResult, facts_frame
from transform.tables import PlacedCell
from warehouse.load import after_run, connect, record

HEADER = "sha256,agency,year,table_code,row_code,column_code,corrected_value,reason,corrected_by,corrected_on\n"


def report(sha: str, printed: str, pdf_date: str, name: str | None = None) -> ReportResult:
    cell = PlacedCell("applications", "new_received", "total", printed, 3, "一、本年新收政府信息公开申请数量",
                      "exact", 0, "总计", "exact")
    return ReportResult(name or f"{sha}.pdf", sha, "loaded", "1 cell.", agency="花马池镇", county="盐池县",
                        year=2022, template_version="V2021", pdf_date=pdf_date, facts=facts_frame([cell]))


def values(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT source_file, value FROM facts_long ORDER BY ALL").fetchall()


def status(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT source_file, status FROM source_files").fetchall())


def test_recording_a_file_again_replaces_its_rows(tmp_path):
    con = connect(tmp_path / "w.duckdb", tmp_path / "no_such_corrections.csv")
    record(con, "a.pdf", report("aa", "7", "2023-01-05T00:00:00", "a.pdf"))
    record(con, "a.pdf", report("bb", "8", "2023-01-05T00:00:00", "a.pdf"))  # same path, new bytes
    assert values(con) == [("a.pdf", 8.0)]
    assert con.execute("SELECT count(*) FROM fact").fetchone() == (1,)


def test_a_republished_report_supersedes_the_older_copy_and_says_why(tmp_path):
    (tmp_path / "c.csv").write_text(HEADER)
    con = connect(tmp_path / "w.duckdb", tmp_path / "c.csv")
    record(con, "old.pdf", report("aa", "7", "2023-01-05T00:00:00", "old.pdf"))
    record(con, "new.pdf", report("bb", "9", "2023-03-01T00:00:00", "new.pdf"))
    after_run(con)
    assert status(con) == {"old.pdf": "superseded", "new.pdf": "loaded"}
    assert values(con) == [("new.pdf", 9.0)]
    detail = con.execute("SELECT detail FROM source_files WHERE source_file = 'old.pdf'").fetchone()[0]
    assert "new.pdf" in detail and "2023-03-01" in detail
    con.execute("DELETE FROM report_file WHERE path = 'new.pdf'")  # the newer file is withdrawn
    after_run(con)
    assert status(con) == {"old.pdf": "loaded"}


def test_a_correction_is_a_layer_that_keeps_the_original_and_can_be_removed(tmp_path):
    csv = tmp_path / "corrections.csv"
    csv.write_text(HEADER)
    warehouse = tmp_path / "w.duckdb"
    con = connect(warehouse, csv)
    record(con, "a.pdf", report("aa", "7", "2023-01-05T00:00:00", "a.pdf"))
    con.close()

    csv.write_text(HEADER + ",花马池镇,2022,applications,new_received,total,17,checked the signed paper copy,"
                   "李明,2024-03-02\n" + "aa,,,applications,granted,total,1,typo in code?,李明,2024-03-02\n")
    con = connect(warehouse, csv)
    assert values(con) == [("a.pdf", 17.0)]
    prov = con.execute("SELECT value, current_value, correction_reason FROM facts_provenance").fetchone()
    assert prov == (7.0, 17.0, "checked the signed paper copy")
    unmatched = con.execute("SELECT line, row_code FROM corrections_unmatched").fetchall()
    assert unmatched == [(2, "granted")]
    con.close()

    csv.write_text(HEADER)
    con = connect(warehouse, csv)
    assert values(con) == [("a.pdf", 7.0)]


def _copy(sha: str, path: str, pdf_date: str, county: str = "盐池县", agency: str = "城关镇", issues: int = 0):
    from transform.checks import Issue

    result = report(sha, "7", pdf_date, path)
    result.agency, result.county = agency, county
    result.issues = [Issue("row_missing", "applications", "granted", None, "missing")] * issues
    result.status = "loaded_with_issues" if issues else "loaded"
    return result


def test_a_report_is_identified_by_county_agency_and_year(tmp_path):
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "yanchi.pdf", _copy("aa", "yanchi.pdf", "2023-01-05T00:00:00", county="盐池县"))
    record(con, "tongxin.pdf", _copy("bb", "tongxin.pdf", "2023-03-01T00:00:00", county="同心县"))
    assert status(con) == {"yanchi.pdf": "loaded", "tongxin.pdf": "loaded"}


def test_of_equally_dated_copies_the_one_that_read_completely_is_current_whatever_its_path(tmp_path):
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "a_intact.pdf", _copy("aa", "a_intact.pdf", "2023-01-05T00:00:00"))
    record(con, "z_damaged.pdf", _copy("bb", "z_damaged.pdf", "2023-01-05T00:00:00", issues=3))
    assert status(con) == {"a_intact.pdf": "loaded", "z_damaged.pdf": "superseded"}
    detail = con.execute("SELECT detail FROM source_files WHERE source_file = 'z_damaged.pdf'").fetchone()[0]
    assert "另一份读取完整或未通过的校验较少（0 对 3）" in detail


def test_loading_a_newer_copy_supersedes_the_older_in_the_same_transaction(tmp_path):
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "old.pdf", _copy("aa", "old.pdf", "2023-01-05T00:00:00"))
    record(con, "new.pdf", _copy("bb", "new.pdf", "2023-03-01T00:00:00"))  # no after_run: already decided
    assert status(con) == {"old.pdf": "superseded", "new.pdf": "loaded"}
    assert con.execute("SELECT count(*) FROM facts_long").fetchone() == (1,)


def test_when_the_current_copy_leaves_the_folder_the_other_copy_comes_back(tmp_path):
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "old.pdf", _copy("aa", "old.pdf", "2023-01-05T00:00:00"))
    record(con, "new.pdf", _copy("bb", "new.pdf", "2023-03-01T00:00:00"))
    after_run(con, present=["old.pdf"])  # new.pdf was deleted from the input folder
    assert status(con) == {"old.pdf": "loaded", "new.pdf": "superseded"}
    detail = con.execute("SELECT detail FROM source_files WHERE source_file = 'new.pdf'").fetchone()[0]
    assert "此文件已不在输入文件夹中" in detail
    assert values(con) == [("old.pdf", 7.0)]


def test_a_failed_rollback_never_hides_the_cause(tmp_path):
    import pytest

    from warehouse.load import transaction

    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    with pytest.raises(OSError, match="No space left on device"):
        with transaction(con):
            con.execute("COMMIT")  # DuckDB ended the transaction itself, as when a write fails
            raise OSError(28, "No space left on device")


def test_a_warehouse_made_by_release_2_opens_migrates_and_loads(tmp_path, prefect_api):
    import gzip
    import shutil

    from flows import pipeline
    from flows.config import load_settings
    from tests.conftest import FIXTURES
    from warehouse.load import migrations, schema_version

    warehouse = tmp_path / "w.duckdb"
    with gzip.open(FIXTURES.parent / "warehouse_release_2.duckdb.gz") as src, warehouse.open("wb") as dst:
        shutil.copyfileobj(src, dst)  # made by release 2 (3 files: 2 loaded, 1 empty), no schema_version
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "pdf" / "t15_2019.pdf", inbox)
    pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="threads"))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert schema_version(con) == migrations()[-1][0]
        assert [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()] == [
            v for v, _ in migrations()]
        assert {f for (f,) in con.execute("SELECT DISTINCT source_file FROM facts_long").fetchall()} == {
            "d18_2020.pdf", "d26_2022.pdf", "t15_2019.pdf"}  # kept (their files are gone) and loaded
        assert con.execute("SELECT count(*) FROM report_file WHERE retry IS NULL").fetchone() == (0,)
    finally:
        con.close()


def test_a_warehouse_made_by_the_release_before_the_rooms_opens_and_loads(tmp_path, prefect_api):
    """Made by the release whose flows/ held the warehouse and the outputs (schema version 8; 3
    files: 2 loaded, 1 empty): its reports stay, and a new one loads beside them."""
    import gzip
    import shutil

    from flows import pipeline
    from flows.config import load_settings
    from tests.conftest import FIXTURES
    from warehouse.load import migrations, schema_version

    warehouse = tmp_path / "w.duckdb"
    with gzip.open(FIXTURES.parent / "warehouse_release_3.duckdb.gz") as src, warehouse.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "pdf" / "t16_2020.pdf", inbox)
    summary = pipeline.run(load_settings(input=inbox, warehouse=warehouse, runner="threads"))
    assert summary.processed == 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert schema_version(con) == migrations()[-1][0]
        assert {f for (f,) in con.execute("SELECT DISTINCT source_file FROM facts_long").fetchall()} == {
            "d26_2022.pdf", "t15_2019.pdf", "t16_2020.pdf"}
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)
        assert con.execute("SELECT status FROM source_files WHERE source_file = 'bad_empty.pdf'").fetchone() == (
            "unreadable",)
    finally:
        con.close()


def test_statuses_are_one_list_in_code_data_and_the_warehouse(tmp_path):
    import pytest

    from ogi_data.status import Status, loading_statuses, status_table

    assert list(status_table()) == list(Status)
    assert loading_statuses() == {Status.LOADED, Status.LOADED_WITH_ISSUES}
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    assert con.execute("SELECT status FROM status WHERE loads ORDER BY 1").fetchall() == [
        ("loaded",), ("loaded_with_issues",)]
    check = con.execute("SELECT constraint_text FROM duckdb_constraints() WHERE table_name = 'report_file' "
                        "AND constraint_type = 'CHECK'").fetchone()[0]
    recorded = [s for s, row in status_table().items() if row["recorded"] == "true"]
    assert all(f"'{s}'" in check for s in recorded) and "'superseded'" not in check
    with pytest.raises(duckdb.ConstraintException):
        record(con, "x.pdf", ReportResult("x.pdf", "ff", "lost", "not a status"))


def test_every_column_is_documented_from_the_one_table_of_column_docs(tmp_path):
    from warehouse.load import column_docs
    from warehouse.pack import view_column_docs

    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    docs = column_docs()
    docs |= view_column_docs(con, docs)  # a pack sheet's Chinese column: the doc of the column it shows
    columns = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal "
                          "AND schema_name = 'main'").fetchall()
    assert len(columns) > 300
    wrong = [(rel, col) for rel, col, comment in columns
             if comment is None or comment != docs.get((rel, col), docs.get(("*", col)))]
    assert wrong == []
    used = {(rel, col) for rel, col, _ in columns} | {("*", col) for _, col, _ in columns}
    assert sorted(set(docs) - used) == []  # no description of a column that does not exist


def test_cells_to_review_lists_doubtful_cells_until_an_analyst_corrects_them(tmp_path):
    from transform.review import ReviewCell

    csv = tmp_path / "corrections.csv"
    csv.write_text(HEADER)
    warehouse = tmp_path / "w.duckdb"
    con = connect(warehouse, csv)
    result = report("aa", "7", "2023-01-05T00:00:00", "a.pdf")
    result.review = [ReviewCell("applications", "new_received", "total", "fuzzy_label", "第3页：……")]
    record(con, "a.pdf", result)
    assert con.execute("SELECT source_file, row_code, reason FROM cells_to_review").fetchall() == [
        ("a.pdf", "new_received", "fuzzy_label")]
    con.close()
    csv.write_text(HEADER + "aa,,,applications,new_received,total,17,checked the paper copy,张三,2024-03-01\n")
    con = connect(warehouse, csv)
    assert con.execute("SELECT count(*) FROM cells_to_review").fetchone() == (0,)
    record(con, "a.pdf", report("bb", "8", "2023-01-05T00:00:00", "a.pdf"))  # new bytes: rows replaced
    assert con.execute("SELECT count(*) FROM cell_review").fetchone() == (0,)


def test_unplaced_values_show_where_a_value_was_printed(tmp_path):
    from transform.tables import Unplaced

    con = connect(tmp_path / "w.duckdb", tmp_path / "no_such_corrections.csv")
    result = report("aa", "7", "2023-01-05T00:00:00", "a.pdf")
    result.unplaced = [Unplaced("applications", 3, ("（二）部分公\n开",), ("申请人情况", "商亚xx"), "5",
                                (310.5, 402.0, 340.0, 420.25))]
    record(con, "a.pdf", result)
    assert con.execute("SELECT source_file, page, printed, labels, x0, y0, x1, y1 FROM unplaced_values").fetchall() == [
        ("a.pdf", 3, "5", "（二）部分公开 / 申请人情况 / 商亚xx", 310.5, 402.0, 340.0, 420.25)]
    record(con, "a.pdf", report("bb", "8", "2023-01-05T00:00:00", "a.pdf"))  # new bytes: rows replaced
    assert con.execute("SELECT count(*) FROM unplaced_value").fetchone() == (0,)


def test_publishing_cleans_only_this_warehouses_leftovers(tmp_path):
    from warehouse.publish import prepare_working, publish

    warehouse = tmp_path / "w.duckdb"
    work = prepare_working(warehouse)
    connect(work, tmp_path / "none.csv").close()
    mine = [tmp_path / ".w.duckdb.publishing-123", tmp_path / ".w.previous.duckdb.publishing-123"]
    theirs = [tmp_path / ".w2.duckdb.publishing-456", tmp_path / ".w.duckdb.old.publishing-7"]
    for leftover in mine + theirs:
        leftover.write_bytes(b"half a copy")
    publish(work, warehouse)
    assert warehouse.is_file() and not any(p.exists() for p in mine) and all(p.exists() for p in theirs)


def test_an_analysts_session_reaches_nothing_outside_the_warehouse(tmp_path):
    from rich.console import Console

    from outputs.sql_shell import one_query

    warehouse = tmp_path / "w.duckdb"
    connect(warehouse, tmp_path / "none.csv").close()
    quiet = Console(file=open(tmp_path / "out.txt", "w", encoding="utf-8"))  # noqa: SIM115 - closed with the test
    outside = tmp_path / "out.csv"
    assert one_query(warehouse, "SELECT count(*) FROM facts_long", quiet) == 0
    for sql in (f"COPY (SELECT 1) TO '{outside}'", "SELECT * FROM read_text('/etc/hostname')",
                f"ATTACH '{tmp_path / 'other.duckdb'}' AS other", "SET enable_external_access = true"):
        assert one_query(warehouse, sql, quiet) == 1, sql
    assert not outside.exists() and not (tmp_path / "other.duckdb").exists()
    quiet.file.close()


def test_the_columns_page_is_generated_from_the_warehouse():
    """docs/columns.md is what docs/make_columns.py makes of a freshly migrated warehouse."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_columns", ROOT / "docs" / "make_columns.py")
    make_columns = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_columns)
    assert (ROOT / "docs" / "columns.md").read_text(encoding="utf-8") == make_columns.generated()
