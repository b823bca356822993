"""The analyst views against measures computed by hand on small reports."""

from __future__ import annotations

import pytest

from transform.report import ReportResult, facts_frame
from transform.tables import PlacedCell
from warehouse.load import connect, record


def cell(table: str, row: str, col: str, printed: str) -> PlacedCell:
    return PlacedCell(table, row, col, printed, 1, row, "exact", 0, col, "exact")


def report(sha: str, agency: str, year: int, version: str, cells: dict[tuple[str, str, str], str]) -> ReportResult:
    facts = facts_frame([cell(*key, printed) for key, printed in cells.items()])
    return ReportResult(f"{sha}.pdf", sha, "loaded", "test.", agency=agency, county="盐池县", year=year,
                        template_version=version, facts=facts)


def apps(**totals: str) -> dict[tuple[str, str, str], str]:
    return {("applications", row, "total"): v for row, v in totals.items()}


# 花马池镇 2022 (V2021): 13 handled; （六） as three sub-rows (1 + 0 + 1)
A = apps(new_received="12", carried_in="2", granted="4", partially_granted="1", denied_state_secret="1",
         denied_third_party_rights="1", unable_not_held="2", unable_unclear="1", not_processed_duplicate="1",
         other_no_correction="1", other_fee_unpaid="0", other_other="1", total_handled="13", carried_out="1") | {
    ("applications", "new_received", "natural_person"): "8",
    ("applications", "new_received", "commercial_enterprise"): "2",
    ("applications", "new_received", "legal_service_org"): "2",
    ("review_litigation", "administrative_review", "upheld"): "2",
    ("review_litigation", "administrative_review", "corrected"): "1",
    ("review_litigation", "administrative_review", "other_result"): "1",
    ("review_litigation", "administrative_review", "pending"): "0",
    ("review_litigation", "administrative_review", "total"): "4",
    ("review_litigation", "litigation_direct", "upheld"): "1",
    ("review_litigation", "litigation_direct", "corrected"): "1",
    ("review_litigation", "litigation_direct", "total"): "2",
    ("review_litigation", "litigation_after_review", "total"): "0",
}
# 花马池镇 2021 (V2019): （六）其他处理 as one row, no appeals at all
B = apps(new_received="3", carried_in="0", other_handling="3", total_handled="3", carried_out="0") | {
    ("review_litigation", row, "total"): "0"
    for row in ("administrative_review", "litigation_direct", "litigation_after_review")}
# 大水坑镇 2022: a township with nothing to report, printed as blanks
C = apps(new_received="", carried_in="", granted="", total_handled="", carried_out="")


def sample_warehouse(path, *more: tuple[str, ReportResult]):
    """A warehouse file of A, B and C (and ``more`` files), closed: for the outputs' tests."""
    con = connect(path, path.parent / "none.csv")
    for name, result in (("a.pdf", report("aa", "花马池镇", 2022, "V2021", A)),
                         ("b.pdf", report("bb", "花马池镇", 2021, "V2019", B)),
                         ("c.pdf", report("cc", "大水坑镇", 2022, "V2021", C)), *more):
        record(con, name, result)
    con.close()
    return path


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "a.pdf", report("aa", "花马池镇", 2022, "V2021", A))
    record(con, "b.pdf", report("bb", "花马池镇", 2021, "V2019", B))
    record(con, "c.pdf", report("cc", "大水坑镇", 2022, "V2021", C))
    yield con
    con.close()


def metrics(con, agency: str, year: int) -> dict:
    cur = con.execute("SELECT * FROM agency_metrics WHERE agency = ? AND year = ?", [agency, year])
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def test_measures_of_a_v2021_report(con):
    m = metrics(con, "花马池镇", 2022)
    expected = {
        "disclosure_rate": 5 / 13, "granted_rate": 4 / 13, "denied_rate": 2 / 13, "denied_state_secret_share": 1 / 2,
        "denied_third_party_rights_share": 1 / 2, "unable_rate": 3 / 13, "unable_not_held_share": 2 / 3,
        "not_processed_rate": 1 / 13, "other_handling_rate": 2 / 13, "carry_over_rate": 1 / 14,
        "legal_person_share": 4 / 12, "legal_service_share": 2 / 12, "disputes_per_100_handled": 100 * 6 / 13,
        "review_correction_rate": 1 / 4, "litigation_loss_rate": 1 / 2,
    }
    assert {k: pytest.approx(v) for k, v in expected.items()} == {k: m[k] for k in expected}
    assert m["is_township"] is True


def test_v2019_other_handling_compares_at_its_total_level_and_zero_denominators_are_null(con):
    m = metrics(con, "花马池镇", 2021)
    assert m["other_handling"] == 3 and m["other_handling_rate"] == 1.0
    assert m["review_correction_rate"] is None and m["litigation_loss_rate"] is None
    assert m["denied_state_secret_share"] is None  # a row the report did not print is not a 0
    assert m["disputes_per_100_handled"] == 0.0
    blank = metrics(con, "大水坑镇", 2022)
    assert blank["disclosure_rate"] is None and blank["carry_over_rate"] is None and blank["new_received"] == 0


def test_county_totals_ranks_and_year_over_year(con):
    county = con.execute("SELECT agencies, new_received, total_handled, disclosure_rate FROM county_metrics "
                         "WHERE county = '盐池县' AND year = 2022").fetchone()
    assert county == (2, 12.0, 13.0, pytest.approx(5 / 13))
    ranks = con.execute("SELECT agency, rank_new_received, townships FROM township_ranks WHERE year = 2022 "
                        "ORDER BY rank_new_received").fetchall()
    assert ranks == [("花马池镇", 1, 2), ("大水坑镇", 2, 2)]
    yoy = con.execute("SELECT new_received_change, new_received_change_rate FROM agency_metrics_yoy "
                      "WHERE agency = '花马池镇' AND year = 2022").fetchone()
    assert yoy == (9.0, 3.0)


def test_wide_views_read_a_report_back_as_printed(con):
    rows = con.execute("SELECT row_code, administrative_review_check FROM (SELECT row_code, upheld AS "
                       "administrative_review_check, row_ord FROM review_litigation_wide WHERE year = 2022 "
                       "AND agency = '花马池镇') ORDER BY row_ord").fetchall()
    assert rows == [("administrative_review", 2.0), ("litigation_direct", 1.0), ("litigation_after_review", None)]
    first = con.execute("SELECT row_code, natural_person, total FROM applications_wide WHERE agency = '花马池镇' "
                        "AND year = 2022 ORDER BY row_ord LIMIT 1").fetchone()
    assert first == ("new_received", 8.0, 12.0)


def test_the_committed_wide_views_are_what_the_table_model_generates():
    from tests.conftest import ROOT
    from transform.sqlgen import wide_views_sql

    committed = (ROOT / "sql" / "35_tables_wide.sql").read_text(encoding="utf-8")
    assert committed == wide_views_sql(), "run: python scripts/generate_sql.py"
