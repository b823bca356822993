"""One report: text and grids in, canonical long facts, metadata and check results out."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from extract.status import Status
from extract.tables import Grid
from extract.text import PdfText
from extract.title import Title, find_title
from transform.agency import Agency, canonical_agency, read_agency_counties
from transform.align import place_by_position
from transform.checks import Issue, check_report
from transform.metadata import KnownReport
from transform.numbers import parse_cell
from transform.review import ReviewCell, cells_to_review
from transform.schema import FACT_COLUMNS, fact_schema
from transform.tables import Unplaced, read_tables
from transform.version import detect_version

# A page with fewer visible characters than this is an image (a scan), not text.
TEXTLESS_PAGE_CHARS = 20


@dataclass
class ReportResult:
    """What the pipeline made of one file: a status, one sentence of why, and, when loaded, its facts."""

    source_file: str
    sha256: str | None
    status: Status
    detail: str
    agency: str | None = None
    county: str | None = None
    year: int | None = None
    template_version: str | None = None
    issuer: str | None = None
    pages: int | None = None
    pdf_date: str | None = None
    facts: pd.DataFrame | None = None
    issues: list[Issue] = field(default_factory=list)
    review: list[ReviewCell] = field(default_factory=list)  # the cells a person should check
    unplaced: list[Unplaced] = field(default_factory=list)  # printed values no row and column were found for
    retry: bool = False  # the outcome came from a cause outside the bytes (a limit, a dead worker): try again
    error: bool = False  # this program's own code failed on the file: a defect, counted and reported
    duplicate_of: str | None = None  # for a duplicate: the path of the file processed instead
    text_source: str = "text"  # where the numbers were read from: the text layer, or page images (ocr)


def build_report(
    source_file: str, sha256: str, text: PdfText, grids: list[Grid], county_of: dict[str, str] | None = None,
    file_metadata: dict[str, KnownReport] | None = None, low_confidence: float = 0.9,
) -> ReportResult:
    """Turn one report's text and grids into facts and checks, or say why it is not one identified
    report (``file_metadata`` names reports by sha256 whose title cannot be read)."""
    title = find_title(text.pages[0]) or _title_beyond_page_one(text)
    read = read_tables(grids)
    if not read.cells:
        textless = [i + 1 for i, page in enumerate(text.pages) if len("".join(page.split())) < TEXTLESS_PAGE_CHARS]
        if title and textless:
            return ReportResult(
                source_file, sha256, Status.NEEDS_OCR,
                f"Its title names {title.issuer}'s {title.year} report, but pages {_pages(textless)} have no text "
                f"layer and no table was found in the text: the tables are images and need OCR.",
                pages=len(text.pages))
        why = (
            f"Its title names {title.issuer}'s {title.year} report, but no statistical table "
            f"(二、三 or 四) was found in its {len(text.pages)} pages."
            if title
            else f"No title of the form '…年政府信息公开工作年度报告' and no statistical table in its "
            f"{len(text.pages)} pages."
        )
        return ReportResult(source_file, sha256, Status.NOT_A_REPORT, why, pages=len(text.pages))
    several = _several_reports(read)
    if several:
        return ReportResult(source_file, sha256, Status.NOT_A_REPORT,
                            f"It prints more than one report's tables ({several}), e.g. a comparison or a "
                            f"compilation; nothing is loaded from it.", pages=len(text.pages))
    known = (file_metadata or {}).get(sha256)
    if known is None and title is None:
        return ReportResult(
            source_file, sha256, Status.UNIDENTIFIED,
            f"Its tables were read, but no title of the form '…年政府信息公开工作年度报告' names its issuer and "
            f"year; nothing is loaded until data/file_metadata.csv names them for sha256 {sha256}.",
            pages=len(text.pages), retry=True)  # retried: the metadata file may name it by the next run
    issues: list[Issue] = []
    facts = facts_frame(read.cells)
    version = detect_version(zip(facts["table_code"], facts["row_code"], facts["column_code"], strict=True))
    year = known.year if known else title.year
    if version is None:
        version = "V2021" if year >= 2021 else "V2019"
        issues.append(Issue("template_version_undetermined", None, None, None,
                            f"No label specific to one template was printed; {version} assumed from "
                            f"the year {year}."))
    by_position, unplaced = place_by_position(read, version)
    if by_position:
        facts = facts_frame(read.cells + by_position)
    issues += [Issue("unplaced_cell", None, None, None, f"A printed value could not be placed: {u.describe()}.")
               for u in unplaced]
    issues += check_report(facts, version)
    if known:
        agency, issuer = Agency(known.agency, known.county), known.agency
    else:
        agency = canonical_agency(title.issuer, county_of if county_of is not None else read_agency_counties())
        issuer = title.issuer
    status = Status.LOADED_WITH_ISSUES if issues else Status.LOADED
    detail = (f"{len(facts)} cells from {len(read.tables_seen)} tables"
              + (f"; {len(issues)} check(s) failed." if issues else "; every check passed."))
    return ReportResult(
        source_file, sha256, status, detail,
        agency=agency.name, county=agency.county, year=year, template_version=version,
        issuer=issuer, pages=len(text.pages), pdf_date=text.pdf_date, facts=facts, issues=issues,
        review=cells_to_review(facts, issues, low_confidence), unplaced=unplaced,
    )


def facts_frame(cells: list) -> pd.DataFrame:
    """The long fact frame of placed cells, validated against the schema."""
    parsed = [parse_cell(c.printed) for c in cells]
    columns = {name: [getattr(c, name) for c in cells] for name in FACT_COLUMNS if name not in ("value", "value_kind")}
    columns["value"] = [p.value for p in parsed]
    columns["value_kind"] = [p.kind for p in parsed]
    frame = pd.DataFrame(columns, columns=FACT_COLUMNS)
    frame = frame.astype({"value": float, "page": int, "row_distance": int, "ocr_confidence": float,
                          "x0": float, "y0": float, "x1": float, "y1": float})
    return fact_schema().validate(frame)


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:8])) + ("…" if len(numbers) > 8 else "")


def _title_beyond_page_one(text: PdfText) -> Title | None:
    """A cover page can push the title to page 2."""
    return find_title(text.pages[1]) if len(text.pages) > 1 else None


def _several_reports(read) -> str:
    """Why the tables read are more than one report's, or '' when they are one report's."""
    if read.tables_repeated:
        return "table " + ", ".join(dict.fromkeys(read.tables_repeated)) + " printed twice"
    if read.conflicts:
        return f"{len(read.conflicts)} cells printed twice with different values, e.g. {read.conflicts[0]}"
    return ""
