"""One report: text and grids in, canonical long facts, metadata and check results out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from extract import Grid, PdfText, Title, title_of
from ogi_data.messages import say
from ogi_data.status import Status
from transform.agency import Agency, canonical_agency, read_agency_counties
from transform.align import place_by_position
from transform.checks import Issue, check_report
from transform.metadata import KnownReport
from transform.numbers import parse_cell
from transform.review import ReviewCell, cells_to_review, read_twice_cells
from transform.schema import FACT_COLUMNS, FACT_DTYPES, REPORT_KEY, fact_schema, table_columns
from transform.tables import Unplaced, read_tables
from transform.version import detect_version


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
    named_as: str | None = None  # the data/file_metadata.csv line the report was named by (KnownReport.key)
    limit_hits: int = 0  # runs in a row this file hit a limit (time, worker memory): retried with back-off
    ocr_pages_read: int = 0  # page images recognised by OCR for this file
    ocr_pages_cached: int = 0  # page images whose reading came from the OCR cache

    def frames(self) -> dict[str, pd.DataFrame]:
        """The result as rows of the tables it is written to, each column named as in
        ``data/columns.csv`` and each row with the report's key: its facts (``fact``; none unless
        it loads), failed checks (``report_issue``), cells to review (``cell_review``) and values
        no row and column were found for (``unplaced_value``)."""
        facts = self.facts if self.facts is not None else pd.DataFrame(columns=FACT_COLUMNS)
        rows = {
            "report_issue": [asdict(i) for i in self.issues],
            "cell_review": [asdict(c) for c in self.review],
            "unplaced_value": [{"table_code": u.table_code, "page": u.page, "printed": u.printed,
                                "labels": u.labels_text(), **dict(zip(("x0", "y0", "x1", "y1"), u.box or (None,) * 4,
                                                                      strict=True))} for u in self.unplaced],
        }
        frames = {"fact": facts.assign(**{REPORT_KEY: self.sha256})[table_columns("fact")]}
        for relation, items in rows.items():
            columns = table_columns(relation)
            frames[relation] = pd.DataFrame([{REPORT_KEY: self.sha256, **item} for item in items],
                                            columns=columns).astype(object)
        return frames


def build_report(
    source_file: str, sha256: str, text: PdfText, grids: list[Grid], county_of: dict[str, str] | None = None,
    file_metadata: dict[str, KnownReport] | None = None, low_confidence: float = 0.9, by_ocr: bool = False,
    doubtful_titles: frozenset[tuple[str, int]] = frozenset(),
) -> ReportResult:
    """Turn one report's text and grids into facts and checks, or say why it is not one identified
    report (``file_metadata`` names reports by sha256 whose title cannot be read). A text read
    ``by_ocr`` may give its title loosely (a few characters misread), or among its
    ``doubtful_titles`` (issuer, year read on a line OCR was unsure of): it is then in doubt, an
    issue."""
    title = title_of(text, loose=by_ocr)
    read = read_tables(grids)
    if not read.cells:
        textless = text.textless_pages()
        # whose report it is, when the title says: who has published, though nothing is loaded
        named = _named(title, county_of) if title else {}
        if title and textless:
            return ReportResult(
                source_file, sha256, Status.NEEDS_OCR,
                say("tables_are_images", issuer=title.issuer, year=title.year, pages=_pages(textless)),
                pages=len(text.pages), **named)
        why = (say("no_tables", issuer=title.issuer, year=title.year, pages=len(text.pages)) if title
               else say("no_title_no_tables", pages=len(text.pages)))
        return ReportResult(source_file, sha256, Status.NOT_A_REPORT, why, pages=len(text.pages), **named)
    several = _several_reports(read, by_ocr)
    if several:
        return ReportResult(source_file, sha256, Status.NOT_A_REPORT,
                            say("several_reports", why=several), pages=len(text.pages))
    known = (file_metadata or {}).get(sha256)
    if known is None and title is None:
        return ReportResult(
            source_file, sha256, Status.UNIDENTIFIED,
            say("unidentified", sha256=sha256),
            pages=len(text.pages))  # processed again once data/file_metadata.csv names it (flows/plan.py)
    issues: list[Issue] = []
    facts = facts_frame(read.cells)
    version = detect_version(zip(facts["table_code"], facts["row_code"], facts["column_code"], strict=True))
    year = known.year if known else title.year
    if version is None:
        version = "V2021" if year >= 2021 else "V2019"
        issues.append(Issue("template_version_undetermined", None, None, None,
                            say("version_assumed", version=version, year=year)))
    by_position, unplaced = place_by_position(read, version)
    if by_position:
        facts = facts_frame(read.cells + by_position)
    issues += [Issue("unplaced_cell", None, None, None, say("unplaced_cell", where=u.describe()))
               for u in unplaced]
    issues += check_report(facts, version)
    if title and not known and (title.loose or (title.issuer, title.year) in doubtful_titles):
        issues.append(Issue("title_uncertain", None, None, None,
                            say("title_uncertain", issuer=title.issuer, year=title.year)))
    if known:
        agency, issuer = Agency(known.agency, known.county), known.agency
    else:
        agency, issuer = _agency_of(title, county_of), title.issuer
    status = Status.LOADED_WITH_ISSUES if issues else Status.LOADED
    detail = say("loaded_with_issues" if issues else "loaded", cells=len(facts), tables=len(read.tables_seen),
                 failed=len(issues))
    return ReportResult(
        source_file, sha256, status, detail,
        agency=agency.name, county=agency.county, year=year, template_version=version,
        issuer=issuer, pages=len(text.pages), pdf_date=text.pdf_date, facts=facts, issues=issues,
        review=cells_to_review(facts, issues, low_confidence, unplaced, version) + read_twice_cells(read.conflicts),
        unplaced=unplaced,
    )


def _agency_of(title: Title, county_of: dict[str, str] | None) -> Agency:
    """The canonical agency (and its county) of the issuer a title names."""
    return canonical_agency(title.issuer, county_of if county_of is not None else read_agency_counties())


def _named(title: Title, county_of: dict[str, str] | None) -> dict:
    """The agency, county and year a title names, as fields of a result."""
    agency = _agency_of(title, county_of)
    return {"agency": agency.name, "county": agency.county, "year": title.year, "issuer": title.issuer}


def facts_frame(cells: list) -> pd.DataFrame:
    """The long fact frame of placed cells, validated against the schema."""
    parsed = [parse_cell(c.printed) for c in cells]
    columns = {name: [getattr(c, name) for c in cells] for name in FACT_COLUMNS if name not in ("value", "value_kind")}
    columns["value"] = [p.value for p in parsed]
    columns["value_kind"] = [p.kind for p in parsed]
    frame = pd.DataFrame(columns, columns=FACT_COLUMNS)
    frame = frame.astype(FACT_DTYPES)
    return fact_schema().validate(frame)


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:8])) + ("…" if len(numbers) > 8 else "")


def _several_reports(read, by_ocr: bool = False) -> str:
    """Why the tables read are more than one report's, or '' when they are one report's. In a page
    image read ``by_ocr``, a cell read twice with two values while no table opens twice is two
    boxes OCR placed in one cell (a rule not found): a doubt about that cell (``ocr_read_twice``),
    not a second report."""
    if read.tables_repeated:
        return say("table_twice", tables=", ".join(dict.fromkeys(read.tables_repeated)))
    if read.conflicts and not by_ocr:
        return say("cells_twice", count=len(read.conflicts), example=read.conflicts[0])
    return ""
