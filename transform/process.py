"""The per-file pipeline: one report file through extract and transform, as a plain function that
never raises for bad input (the flow runs it in its tasks; ``ogi inspect`` runs it alone).

Extract reads the file, whatever its format, into one kind of document (extract/reader.py, its
one door); :func:`report_of` turns that document into a report.
"""

from __future__ import annotations

from pathlib import Path

from extract import Document, OcrCount, ReadOptions, Rejection, printable, read_file
from ogi_data.messages import say
from ogi_data.status import Status
from transform.metadata import KnownReport
from transform.model import table_codes, table_short_name, template_cells
from transform.reference import OcrOptions
from transform.report import ReportResult, build_report

# A scan is loaded only when at least this share of its template's cells were read without doubt:
# below it the reading is mostly guesses. Above it the doubtful cells, however many, are loaded
# and each listed in cells_to_review (a doubt is often a right value read faintly), which spares
# the analyst retyping the sure ones.
OCR_MIN_SURE = 0.25
# data/review_reasons.csv
MISREAD_REASONS = {"ocr_low_confidence", "not_a_number", "not_read", "ocr_one_box_many_cells", "ocr_read_twice"}


def process_file(path: Path, sha256: str | None, county_of: dict[str, str] | None = None,
                 file_metadata: dict[str, KnownReport] | None = None,
                 ocr: OcrOptions | None = None) -> ReportResult:
    """Extract and transform one report file; bad input becomes a status and one sentence, not an
    exception. The result records the line of ``file_metadata`` its bytes were processed under,
    whatever came of it, so that a change to that line re-decides the file (flows/plan.py)."""
    ocr = ocr or OcrOptions()
    name = printable(path.name)
    known = (file_metadata or {}).get(sha256 or "")
    if sha256 is None:
        result = ReportResult(name, None, Status.UNREADABLE, say("file_unreadable_disk"), retry=True)
    else:
        read = read_file(path, ReadOptions(ocr.enabled, ocr.cache_dir, named_elsewhere=known is not None))
        result = report_of(name, sha256, read, county_of, file_metadata, ocr.low_confidence)
    result.named_as = known.key() if known else None
    return result


def report_of(name: str, sha256: str, read: Document | Rejection, county_of: dict[str, str] | None = None,
              file_metadata: dict[str, KnownReport] | None = None, low_confidence: float = 0.9) -> ReportResult:
    """The report a read file makes, or why it makes none: its status says whether its numbers were
    not there, not readable, or read."""
    if isinstance(read, Rejection):
        result = ReportResult(name, sha256, read.status, read.detail, pages=read.pages, retry=read.retry)
        return _counted(result, read.ocr)
    result = build_report(name, sha256, read.text, read.grids, county_of, file_metadata, low_confidence,
                          by_ocr=read.source == "ocr", doubtful_titles=read.doubtful_titles)
    result.text_source = read.source
    if read.source == "ocr" and result.facts is None and result.status == Status.NOT_A_REPORT:
        # tables were seen in the images but not read: a scan too poor for OCR, not a non-report
        result = ReportResult(name, sha256, Status.NEEDS_OCR, say("ocr_failed_tables", why=result.detail),
                              pages=result.pages, agency=result.agency, county=result.county, year=result.year,
                              issuer=result.issuer)
    elif read.source == "ocr" and result.facts is not None:
        result = _unless_mostly_doubtful(result)
    elif read.source == "text" and result.status == Status.NOT_A_REPORT and result.issuer and read.printed:
        # its tables are printed in the text layer, but no grid was found for them (lines the grid
        # finder did not see): a report not read, never "not a report"
        result.status = Status.UNREADABLE
        result.detail = say("tables_not_found", issuer=result.issuer, year=result.year,
                            tables="、".join(table_short_name(t) for t in table_codes() if t in read.printed))
    elif read.tables_in_pictures and result.facts is None:
        result = _from_pictures(name, sha256, read, result, county_of, file_metadata, low_confidence)
    elif read.source == "plain" and result.status == Status.NOT_A_REPORT and result.issuer and read.marked \
            and not read.named_in_grids:
        # a report's text whose tables lost their cell separators (one cell a line, say)
        result.status, result.detail = Status.UNREADABLE, say("text_tables_unseparated", issuer=result.issuer,
                                                               year=result.year)
    return _counted(result, read.ocr)


def _from_pictures(name: str, sha256: str, read: Document, result: ReportResult, county_of: dict[str, str] | None,
                   file_metadata: dict[str, KnownReport] | None, low_confidence: float) -> ReportResult:
    """A web page whose tables are pictures saved beside it: the report of the grids OCR read from
    them, the title from the page; ``needs_ocr`` with why when they could not be read."""
    if read.picture_failure:
        return ReportResult(name, sha256, Status.NEEDS_OCR, read.picture_failure, agency=result.agency,
                            county=result.county, year=result.year, issuer=result.issuer)
    if read.picture_grids:
        by_ocr = build_report(name, sha256, read.text, read.picture_grids, county_of, file_metadata, low_confidence)
        by_ocr.text_source = "ocr"
        if by_ocr.facts is not None or by_ocr.status != Status.NOT_A_REPORT:
            return by_ocr
    if result.issuer and result.year:
        result.status = Status.NEEDS_OCR
        result.detail = say("page_tables_are_pictures", issuer=result.issuer, year=result.year,
                            pictures=read.pictures)
    return result


def _unless_mostly_doubtful(result: ReportResult) -> ReportResult:
    """A report read by OCR, or ``needs_ocr`` with why when fewer than OCR_MIN_SURE of its
    template's cells were read without doubt about the reading itself (an identity it breaks is
    no doubt about the reading): a scan that poor (a fax, a page at 60 dpi) would load a few
    numbers among guesses, work for no one."""
    total = sum(len(columns) for rows in template_cells(result.template_version or "V2021").values()
                for _, columns in rows)
    doubtful = {(c.table_code, c.row_code, c.column_code) for c in result.review if c.reason in MISREAD_REASONS}
    sure = sum((t, r, c) not in doubtful for t, r, c in
               zip(result.facts.table_code, result.facts.row_code, result.facts.column_code, strict=True))
    if sure >= OCR_MIN_SURE * total:
        return result
    return ReportResult(result.source_file, result.sha256, Status.NEEDS_OCR,
                        say("ocr_mostly_doubtful", sure=sure, total=total), pages=result.pages,
                        agency=result.agency, county=result.county, year=result.year, issuer=result.issuer,
                        text_source="ocr")


def _counted(result: ReportResult, count: OcrCount) -> ReportResult:
    """The result with the pages OCR read for it, and those found in the OCR cache."""
    result.ocr_pages_read, result.ocr_pages_cached = count.read, count.cached
    return result
