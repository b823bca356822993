"""Fuzzed layouts that the reader once got wrong (tests/fixtures/fuzzed): each is read exactly."""

import hashlib
import json
from pathlib import Path

import pytest

from transform.process import process_file

FUZZED = Path(__file__).parent / "fixtures" / "fuzzed"


@pytest.mark.parametrize("pdf", sorted((FUZZED / "pdf").glob("*.pdf")), ids=lambda p: p.stem)
def test_a_layout_that_once_failed_is_read_exactly(pdf: Path):
    truth = json.loads((FUZZED / "truth" / f"{pdf.stem}.json").read_text(encoding="utf-8"))
    result = process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert (result.status, result.agency, result.year, result.template_version) == (
        "loaded", truth["agency"], truth["year"], truth["template_version"]), result.detail
    got = {(f.table_code, f.row_code, f.column_code): f.printed for f in result.facts.itertuples()}
    want = {(f["table_code"], f["row_code"], f["column_code"]): f["printed"] for f in truth["facts"]}
    assert {k: "".join(v.split()) for k, v in got.items()} == want
