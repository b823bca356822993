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


def test_a_rotated_page_gives_the_boxes_of_the_page_as_displayed(real_pdf, tmp_path):
    upright = read(real_pdf).facts.set_index(["table_code", "row_code", "column_code"]).sort_index()
    doc = pdfium.PdfDocument(str(real_pdf))
    sizes = {i + 1: doc[i].get_size() for i in range(len(doc))}  # unrotated (width, height)
    for rotation in (90, 270):  # landscape pages; an upside-down page (180) is not read at all
        turned = pdfium.PdfDocument(str(real_pdf))
        for page in turned:
            page.set_rotation(rotation)
        path = tmp_path / f"r{rotation}.pdf"
        turned.save(str(path))
        facts = read(path).facts.set_index(["table_code", "row_code", "column_code"]).sort_index()
        assert len(facts) == len(upright)
        for key, f in upright.iterrows():
            width, height = sizes[f.page]
            expected = {90: (height - f.y1, f.x0, height - f.y0, f.x1),
                        180: (width - f.x1, height - f.y1, width - f.x0, height - f.y0),
                        270: (f.y0, width - f.x1, f.y1, width - f.x0)}[rotation]
            got = tuple(facts.loc[key, ["x0", "y0", "x1", "y1"]])
            assert all(abs(a - b) < 0.05 for a, b in zip(got, expected, strict=True)), (rotation, key, got, expected)
