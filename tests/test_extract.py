"""Real camelot and pdfium on real PDFs: the committed fixtures and the shared real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.discover import discover_reports, sha256_of
from tests.conftest import FIXTURES, truth_of, truths
from transform.process import process_file

LOADED = [t["source_file"] for t in truths(FIXTURES, "loaded")]
# duplicate and superseded are decided across files, in the warehouse (test_flow)
BAD = [t for t in truths(FIXTURES) if t["expected_status"] not in ("loaded", "duplicate", "superseded")]


def same_value(truth, got) -> bool:
    if truth is None:
        return got is None or got != got or got == 0
    return got is not None and abs(got - truth) < 1e-6


def check_against_truth(pdf: Path, truth: dict) -> None:
    result = process_file(pdf, sha256_of(pdf))
    assert result.status in ("loaded", "loaded_with_issues"), result.detail
    assert (result.agency, result.county, result.year, result.template_version) == (
        truth["agency"], truth["county"], truth["year"], truth["template_version"])
    got = {(r.table_code, r.row_code, r.column_code): r.value for r in result.facts.itertuples()}
    want = {(f["table_code"], f["row_code"], f["column_code"]): f["value"] for f in truth["facts"]}
    assert set(got) == set(want), (set(want) - set(got), set(got) - set(want))
    wrong = {k: (want[k], got[k]) for k in want if not same_value(want[k], got[k])}
    assert not wrong
    # carry-over continuity needs last year's report: it is checked in the warehouse (test_flow)
    own_violations = truth["expected_identity_violations"] and truth["layout"].get("violation") != "carry_over"
    assert bool(result.issues) == bool(own_violations), [i.detail for i in result.issues]


@pytest.mark.parametrize("name", LOADED)
def test_fixture_report_matches_its_truth(name):
    check_against_truth(FIXTURES / "pdf" / name, truth_of(FIXTURES, name))


def test_real_report_matches_its_truth(real_pdf):
    check_against_truth(real_pdf, truth_of(real_pdf.parents[1], real_pdf.name))


@pytest.mark.parametrize("truth", BAD, ids=[t["source_file"] for t in BAD])
def test_bad_input_gets_its_status_and_a_reason(truth):
    pdf = FIXTURES / "pdf" / truth["source_file"]
    result = process_file(pdf, sha256_of(pdf))
    assert result.status == truth["expected_status"]
    assert result.detail.endswith("。") and len(result.detail) > 10
    assert result.facts is None


def test_discovery_is_recursive_and_case_blind(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/b/x.PDF", "y.pdf", "z.png", "a/w.Pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    assert [p.relative_to(tmp_path).as_posix() for p in discover_reports(tmp_path)] == ["a/b/x.PDF", "a/w.Pdf", "y.pdf"]
