"""Every fact keeps its cell's box on the page: where a person finds the number in the PDF."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2 as pdfium

from tests.conftest import FIXTURES, truths
from transform.process import process_file


def read(pdf: Path):
    return process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())


def test_the_box_of_every_cell_of_the_real_report_holds_the_glyphs_it_printed(real_pdf):
    result = read(real_pdf)
    facts = result.facts
    assert facts[["x0", "y0", "x1", "y1"]].notna().all().all()
    doc = pdfium.PdfDocument(str(real_pdf))
    checked = 0
    for f in facts.itertuples():
        printed = "".join(f.printed.split())
        if not printed:
            continue
        page = doc[f.page - 1]
        height = page.get_size()[1]
        # pdfium's origin is the bottom left; the box's is the top left
        inside = page.get_textpage().get_text_bounded(left=f.x0, bottom=height - f.y1, right=f.x1, top=height - f.y0)
        assert printed in "".join(inside.split()), (f.row_code, f.column_code, printed, inside)
        assert f.x0 < f.x1 and f.y0 < f.y1
        checked += 1
    assert checked >= 150


def test_every_fact_of_the_fixture_corpus_has_a_box():
    for truth in truths(FIXTURES, "loaded"):
        facts = read(FIXTURES / "pdf" / truth["source_file"]).facts
        assert facts[["x0", "y0", "x1", "y1"]].notna().all().all(), truth["source_file"]
