"""``data/file_metadata.csv``: the issuer and year of reports whose title cannot be read, by sha256.

A report whose issuer or year the pipeline cannot read is ``unidentified`` and loads nothing,
rather than loading under a guess; a person who knows the report names it here, and the next
run loads it. Columns: ``sha256, agency, year, county`` (agency canonical, county optional).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from transform.corrections import decode


@dataclass(frozen=True)
class KnownReport:
    """What a person says a report is: its canonical agency, year and county."""

    agency: str
    year: int
    county: str | None

    def key(self) -> str:
        """The line as recorded with the file it names (``agency|year|county``)."""
        return f"{self.agency}|{self.year}|{self.county or ''}"


def read_file_metadata(path: Path | None) -> dict[str, KnownReport]:
    """sha256 → the report it is; a missing file is none. Lines without a sha256, an agency and a
    four-digit year are ignored (the file is edited by hand; comment lines start with #)."""
    if path is None or not path.is_file():
        return {}
    lines = [ln for ln in decode(path.read_bytes()).splitlines() if not ln.lstrip().startswith("#")]
    known: dict[str, KnownReport] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        sha, agency, year = ((row.get(k) or "").strip() for k in ("sha256", "agency", "year"))
        if sha and agency and re.fullmatch(r"\d{4}", year):
            known[sha.lower()] = KnownReport(agency, int(year), (row.get("county") or "").strip() or None)
    return known
