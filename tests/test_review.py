"""``ogi review`` and ``ogi inspect --html``: a page per flagged report, with the PDF's pages and a
box per cell, coloured by what the checks say, and the correction line a person pastes."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb

from outputs.evidence import from_warehouse
from outputs.review_pages import write_review_pages
from tests.conftest import FIXTURES, needs_chromium, screenshot
from transform.process import process_file
from warehouse.load import connect, record

BROKEN = "t07_2021.pdf"  # 四: 行政复议 总计 0 but 2 + 3 + 0 + 0 printed before it
CLEAN = "t00_2020.pdf"


class Page(HTMLParser):
    """The boxes (class, cell) of a review page, its paste lines and any outside reference."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[tuple[str, str | None]] = []
        self.images = 0
        self.outside: list[str] = []
        self.paste: list[str] = []
        self._in_paste = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "rect":
            self.rects.append((a.get("class", ""), a.get("data-cell")))
        if tag == "image" and a.get("href", "").startswith("data:image/jpeg;base64,"):
            self.images += 1
        for name in ("src", "href"):
            if re.match(r"(https?:)?//", a.get(name, "")):
                self.outside.append(a[name])
        self._in_paste = tag == "span" and a.get("class") == "paste"

    def handle_data(self, data):
        if self._in_paste:
            self.paste.append(data)
            self._in_paste = False


def load(folder: Path, names: list[str], corrections: Path) -> Path:
    warehouse = folder / "w.duckdb"
    con = connect(warehouse, corrections)
    for name in names:
        pdf = FIXTURES / "pdf" / name
        record(con, name, process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest()))
    con.close()
    return warehouse


def pages(warehouse: Path, out: Path, **where) -> list[Path]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        evidence = from_warehouse(con, input_dir=FIXTURES / "pdf", **where)
    finally:
        con.close()
    return write_review_pages(evidence, out)


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_a_page_for_the_flagged_report_marks_exactly_the_cells_of_its_broken_identity(tmp_path):
    warehouse = load(tmp_path, [BROKEN, CLEAN], tmp_path / "none.csv")
    written = pages(warehouse, tmp_path / "out")
    assert [p.name for p in written][0] == "index.html" and len(written) == 2  # the clean report needs no one
    page = parsed(written[1])
    identity = {cell for css, cell in page.rects if css == "identity"}
    assert identity == {f"review_litigation-administrative_review-{c}"
                        for c in ("upheld", "corrected", "other_result", "pending", "total")}
    con = duckdb.connect(str(warehouse), read_only=True)
    facts = con.execute("SELECT count(*) FROM facts_long WHERE source_file = ?", [BROKEN]).fetchone()[0]
    con.close()
    assert len([c for c in page.rects if c[1]]) == facts  # a box for every fact
    assert page.images >= 2 and page.outside == []
    assert "惠安堡镇" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_pasted_correction_line_in_chinese_labels_is_applied_and_leaves_the_review(tmp_path):
    corrections = tmp_path / "corrections.csv"
    corrections.write_text((Path("data") / "corrections_template.csv").read_text(encoding="utf-8"), encoding="utf-8")
    warehouse = load(tmp_path, [BROKEN], corrections)
    page = parsed(pages(warehouse, tmp_path / "out")[1])
    line = next(p for p in page.paste if ",表四,行政复议,总计," in p)  # Chinese labels, not codes
    # the person finds 5 printed in the PDF, not 0
    corrections.write_text(corrections.read_text(encoding="utf-8") + line.replace(",总计,0,", ",总计,5,") + "\n",
                           encoding="utf-8")
    con = connect(warehouse, corrections)
    value, extracted, line_no = con.execute(
        "SELECT current_value, value, correction_line FROM facts_provenance WHERE table_code = 'review_litigation' "
        "AND row_code = 'administrative_review' AND column_code = 'total'").fetchone()
    assert (value, extracted, line_no) == (5.0, 0.0, 1)
    assert con.execute("SELECT value FROM facts_long WHERE table_code = 'review_litigation' AND "
                       "row_code = 'administrative_review' AND column_code = 'total'").fetchone()[0] == 5.0
    left = con.execute("SELECT column_code FROM cells_to_review").fetchall()
    con.close()
    assert left == []  # the identity holds over the corrected value: its cells are no longer in doubt
    review = pages(warehouse, tmp_path / "again")[1].read_text(encoding="utf-8")
    assert "已应用的更正（1）" in review and "经核对原件" in review


def test_review_takes_county_year_and_file(tmp_path):
    warehouse = load(tmp_path, [BROKEN, "t12_2020.pdf"], tmp_path / "none.csv")
    assert len(pages(warehouse, tmp_path / "a")) == 3
    assert len(pages(warehouse, tmp_path / "b", year=2020)) == 2
    assert len(pages(warehouse, tmp_path / "c", file=BROKEN)) == 2
    assert len(pages(warehouse, tmp_path / "d", county="别的县")) == 1  # an index saying there is nothing


def test_inspect_writes_the_same_page_for_one_pdf_without_a_warehouse(tmp_path):
    from flows.cli import main

    out = tmp_path / "one.html"
    assert main(["inspect", str(FIXTURES / "pdf" / BROKEN), "--html", str(out)]) == 0
    page = parsed(out)
    assert {cell for css, cell in page.rects if css == "identity"} == {
        f"review_litigation-administrative_review-{c}" for c in ("upheld", "corrected", "other_result", "pending",
                                                                 "total")}
    assert page.images >= 2


@needs_chromium
def test_review_page_renders_in_headless_chromium(tmp_path):
    warehouse = load(tmp_path, [BROKEN], tmp_path / "none.csv")
    page = pages(warehouse, tmp_path / "out")[1]
    shot = tmp_path / "page.png"
    screenshot(page, shot, 1400, 1800)
    assert shot.stat().st_size > 100_000  # the page pictures drawn, not an empty page


def test_every_reason_and_rule_the_code_gives_has_a_chinese_label_in_data():
    from outputs.review_pages import review_labels
    from transform.model import rules

    source = "".join(p.read_text(encoding="utf-8") for p in Path("transform").glob("*.py"))
    from ogi_data.messages import messages

    found = set(re.findall(r'ReviewCell\([^"]*"([a-z_]+)"', source)) - set(messages())  # not a sentence's code
    reasons = found | {"negative_count", "non_integer_count"}
    assert reasons and reasons <= set(review_labels().reasons)
    issued = set(re.findall(r'Issue\(\s*"([a-z_]+)"', source))
    identity_rules = set(re.findall(r"^([a-z_]+),", Path("data/identities.csv").read_text(), re.M)) - {"rule"}
    assert issued | identity_rules | {"carry_over_continuity"} <= set(rules())
