"""What OCR read is kept by page image: a page is recognised once, across runs and retries."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pytest

from extract import ocr, ocr_cache
from tests.test_ocr import SCANNED, needs_model, ruled_page


@needs_model
def test_a_page_image_read_before_comes_from_the_cache(tmp_path):
    page = ruled_page(0.0)
    page[400:440, 300:330] = 0  # a mark in a cell, for a reading that is not empty
    first, second = ocr_cache.OcrCount(), ocr_cache.OcrCount()
    read = ocr.read_image(page, 1, 480, 336, 0, tmp_path, first)
    again = ocr.read_image(page, 4, 480, 336, 0, tmp_path, second)
    assert (first.read, first.cached, second.read, second.cached) == (1, 0, 0, 1)
    assert [g.cells for g in again[0]] == [g.cells for g in read[0]] and read[0]
    assert {g.page for g in again[0]} == {4}  # the page number is the caller's, not the cache's
    other = page.copy()
    other[600:640, 300:330] = 0  # another image: another key
    assert ocr_cache.page_key(other, 0) != ocr_cache.page_key(page, 0) != ocr_cache.page_key(page, 6)


def test_a_cache_that_cannot_be_written_or_read_costs_time_not_a_result(tmp_path):
    blocked = tmp_path / "not_a_folder"
    blocked.write_text("x")
    ocr_cache.store(blocked, "ab" * 32, [], [("标题", 0.99)])  # no exception
    assert ocr_cache.load(blocked, "ab" * 32) is None
    broken = tmp_path / "cache"
    (broken / "cd").mkdir(parents=True)
    (broken / "cd" / f"{'cd' * 32}.json").write_text("{half", encoding="utf-8")  # a run killed mid-write
    assert ocr_cache.load(broken, "cd" * 32) is None
    ocr_cache.store(broken, "cd" * 32, [], [("标题", 0.99)])
    assert ocr_cache.load(broken, "cd" * 32) == ([], [("标题", 0.99)])
    assert not list(broken.rglob("*.tmp"))


def untitled_scan(path: Path) -> None:
    """The committed scan with its title painted out: a scan no one can name from its pages."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    doc = pdfium.PdfDocument(str(SCANNED / "pdf" / "scan_21.pdf"))
    out = canvas.Canvas(str(path))
    with tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(doc):
            width, height = page.get_size()
            image = page.render(scale=150 / 72).to_pil().convert("L")
            if i == 0:
                image.paste(255, (0, 0, image.width, int(image.height * 0.2)))
            picture = Path(tmp) / f"{i}.png"
            image.save(picture)
            out.setPageSize((width, height))
            out.drawImage(str(picture), 0, 0, width, height)
            out.showPage()
    out.save()
    doc.close()


@needs_model
@pytest.mark.slow
def test_an_unidentified_scan_waits_for_its_name_is_re_decided_by_it_and_is_not_recognised_again(tmp_path, prefect_api):
    from flows.config import load_settings
    from flows.pipeline import run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    untitled_scan(inbox / "扫描件.pdf")
    sha = hashlib.sha256((inbox / "扫描件.pdf").read_bytes()).hexdigest()
    metadata = tmp_path / "file_metadata.csv"
    metadata.write_text("sha256,agency,year,county\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    settings = load_settings(input=inbox, warehouse=warehouse, file_metadata=metadata)

    first = run(settings)
    assert dict(first.by_status) == {"unidentified": 1} and first.ocr_pages_read >= 2
    second = run(settings)  # nothing new: the scan is not opened again
    assert (second.processed, second.ocr_pages_read, second.ocr_pages_cached) == (0, 0, 0)

    truth = json.loads((SCANNED / "truth" / "scan_21.json").read_text(encoding="utf-8"))
    metadata.write_text(f"sha256,agency,year,county\n{sha},{truth['agency']},{truth['year']},{truth['county']}\n",
                        encoding="utf-8")
    third = run(settings)  # named now: processed again, every page from the cache
    assert third.processed == 1 and third.ocr_pages_read == 0 and third.ocr_pages_cached == first.ocr_pages_read
    con = duckdb.connect(str(warehouse), read_only=True)
    status, agency, year = con.execute("SELECT status, agency, year FROM source_files").fetchone()
    assert status in ("loaded", "loaded_with_issues") and (agency, year) == (truth["agency"], truth["year"])
    assert con.execute("SELECT count(*) FROM facts_long").fetchone()[0] == len(truth["facts"])
    con.close()

    # a wrong line corrected, then removed: each re-decides the report, from the cache
    metadata.write_text(f"sha256,agency,year,county\n{sha},王乐井乡,2021,盐池县\n", encoding="utf-8")
    fourth = run(settings)
    assert (fourth.processed, fourth.ocr_pages_read) == (1, 0)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT DISTINCT agency, year FROM facts_long").fetchall() == [("王乐井乡", 2021)]
    con.close()
    metadata.write_text(f"sha256,agency,year,county\n{'0' * 64},青山乡,2021,\n,青山乡,20x1,\n", encoding="utf-8")
    fifth = run(settings)
    assert fifth.metadata_problems == 2 and "file_metadata.csv 有 2 行未用上" in fifth.line()
    assert dict(fifth.by_status) == {"unidentified": 1} and fifth.processed == 1
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM facts_long").fetchone()[0] == 0
    told = [p for (p,) in con.execute("SELECT problem FROM file_metadata_problems ORDER BY problem").fetchall()]
    con.close()
    assert len(told) == 2 and all("data/file_metadata.csv 第" in p for p in told)  # a list to read, not only a log
    assert run(settings).processed == 0  # and it waits again
    assert np.all([p.suffix == ".json" for p in (tmp_path / "w.ocr-cache").rglob("*") if p.is_file()])
