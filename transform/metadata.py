"""``data/file_metadata.csv``: the issuer and year of reports whose title cannot be read, by sha256.

A report whose issuer or year the pipeline cannot read is ``unidentified`` and loads nothing,
rather than loading under a guess; a person who knows the report names it here, and the next
run loads it. Columns: ``sha256, agency, year, county`` (agency canonical, county optional).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ogi_data.messages import say
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
    four-digit year are not applied (see :func:`metadata_problems`; the file is edited by hand;
    comment lines start with #)."""
    return _parse(path)[0]


def metadata_problems(path: Path | None, known_shas: set[str]) -> list[str]:
    """One sentence for each line of the file metadata that names no report: malformed, a second
    line for the same bytes, or bytes of no file the warehouse has seen (``known_shas``)."""
    known, problems, lines = _parse(path)
    return problems + [say("metadata_unknown_sha", line=lines[sha], sha=sha[:12]) for sha in known
                       if sha not in known_shas]


def _parse(path: Path | None) -> tuple[dict[str, KnownReport], list[str], dict[str, int]]:
    """The lines that name a report, a sentence for each that does not, and each sha's line."""
    if path is None or not path.is_file():
        return {}, [], {}
    rows = [(n, ln) for n, ln in enumerate(decode(path.read_bytes()).splitlines(), 1)
            if ln.strip() and not ln.lstrip().startswith("#")]
    if not rows:
        return {}, [], {}
    header = [h.strip().lower() for h in next(csv.reader([rows[0][1]]))]
    known: dict[str, KnownReport] = {}
    at: dict[str, int] = {}
    problems: list[str] = []
    for n, text in rows[1:]:
        row = dict(zip(header, next(csv.reader([text])), strict=False))
        sha, agency, year = ((row.get(k) or "").strip() for k in ("sha256", "agency", "year"))
        if not (sha and agency and re.fullmatch(r"\d{4}", year)):
            problems.append(say("metadata_bad_line", line=n))
            continue
        if sha.lower() in known:
            problems.append(say("metadata_same_sha", line=n, first=at[sha.lower()]))
        known[sha.lower()] = KnownReport(agency, int(year), (row.get("county") or "").strip() or None)
        at.setdefault(sha.lower(), n)
    return known, problems, at
