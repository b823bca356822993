"""A mostly blank ruled grid (a township printing blanks) must not be lost to camelot's noise filter."""

from __future__ import annotations

import camelot
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extract.grids import read_grids

ROWS = ["（七）总计", "四、结转下年度继续办理", "二、上年结转政府信息公开申请数量"]


def blank_grid_pdf(path) -> None:
    """A 3 x 10 grid whose only text is one label per row: 90 % of its cells are empty."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    xs = [40] + [160 + 40 * i for i in range(10)]
    ys = [700 - 30 * i for i in range(4)]
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    c.setFont("STSong-Light", 5)
    for label, y in zip(ROWS, ys, strict=False):
        c.drawString(xs[0] + 2, y - 16, label)
    c.save()


def test_camelot_alone_drops_the_grid_and_the_pipeline_keeps_it(tmp_path):
    pdf = tmp_path / "blank.pdf"
    blank_grid_pdf(pdf)
    assert len(camelot.read_pdf(str(pdf), pages="1", flavor="lattice", engine="vector")) == 0
    grids = read_grids(pdf, [1])
    assert len(grids) == 1
    assert [row[0] for row in grids[0].cells] == ROWS
    assert all(cell == "" for row in grids[0].cells for cell in row[1:])
