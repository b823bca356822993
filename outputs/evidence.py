"""What a person needs to judge one report's numbers: its facts with their boxes, the cells to
review, the failed checks and the values that could not be placed. Read from the warehouse
(``ogi review``) or from one PDF processed on the spot (``ogi inspect --html``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from transform.report import ReportResult
from transform.schema import frame_columns
from warehouse.queries import query_frame

FACT_FIELDS = ["page", "table_code", "row_code", "column_code", "printed", "value_kind", "value", "current_value",
               "row_label", "row_method", "column_label", "column_method", "ocr_confidence",
               "x0", "y0", "x1", "y1", "correction_line", "correction_reason", "corrected_by", "corrected_on"]
# what a person checks besides the facts: the frames a report's result is written as (data/columns.csv)
REVIEW_FIELDS = frame_columns("cell_review")
ISSUE_FIELDS = frame_columns("report_issue")
UNPLACED_FIELDS = frame_columns("unplaced_value")


@dataclass
class Evidence:
    """One report and everything a person checks it by."""

    source_file: str
    sha256: str
    path: Path | None
    agency: str | None
    county: str | None
    year: int | None
    template_version: str | None
    status: str
    detail: str
    text_source: str | None
    facts: pd.DataFrame
    review: pd.DataFrame
    issues: pd.DataFrame
    unplaced: pd.DataFrame

    def to_check(self) -> int:
        """How much there is to look at: cells to review, failed checks and unplaced values."""
        cells = self.review[["table_code", "row_code", "column_code"]].drop_duplicates()
        return len(cells) + len(self.issues) + len(self.unplaced)

    def corrections(self) -> pd.DataFrame:
        """The facts an analyst's correction applies to."""
        return self.facts[self.facts["correction_line"].notna()]


def from_warehouse(con: duckdb.DuckDBPyConnection, county: str | None = None, year: int | None = None,
                   file: str | None = None, input_dir: Path | None = None) -> list[Evidence]:
    """Every report that needs a person, most to check first (``sql/reports/review_reports.sql``); its
    file is looked for under ``input_dir``, by default the input folder of the latest run."""
    reports = query_frame(con, "review_reports", county=county, year=year, file=file)
    if reports.empty:
        return []
    shas = list(reports["sha256"])
    parts = {name: query_frame(con, f"review_{name}", shas=shas).groupby("sha256")
             for name in ("facts", "cells", "issues", "unplaced")}
    empty = {"facts": FACT_FIELDS, "cells": REVIEW_FIELDS, "issues": ISSUE_FIELDS, "unplaced": UNPLACED_FIELDS}

    def part(name: str, sha: str) -> pd.DataFrame:
        groups = parts[name]
        if sha in groups.groups:
            return groups.get_group(sha).drop(columns="sha256").reset_index(drop=True)
        return pd.DataFrame(columns=empty[name])

    def where(r) -> Path | None:
        folder = input_dir or (Path(r.input_dir) if isinstance(r.input_dir, str) else None)
        return folder / r.path if folder is not None and isinstance(r.path, str) else None

    return [Evidence(r.source_file, r.sha256, where(r), r.agency, r.county, r.year,
                     r.template_version, r.status, r.detail, r.text_source, part("facts", r.sha256),
                     part("cells", r.sha256), part("issues", r.sha256), part("unplaced", r.sha256))
            for r in reports.itertuples()]


def from_result(path: Path, result: ReportResult) -> Evidence:
    """One PDF as the pipeline read it just now, with nothing corrected (no warehouse)."""
    facts = result.facts.copy() if result.facts is not None else pd.DataFrame(columns=FACT_FIELDS)
    facts["current_value"] = facts["value"]
    for column in ("correction_line", "correction_reason", "corrected_by", "corrected_on"):
        facts[column] = None
    frames = {name: frame[frame_columns(name)] for name, frame in result.frames().items()}
    review, issues, unplaced = frames["cell_review"], frames["report_issue"], frames["unplaced_value"]
    text_source = result.text_source if result.facts is not None else None
    return Evidence(path.name, result.sha256 or "", path, result.agency, result.county, result.year,
                    result.template_version, result.status.value, result.detail, text_source, facts[FACT_FIELDS],
                    review, issues, unplaced)
