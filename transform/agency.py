"""Canonical agency names and their county, per the contract.

Drop a trailing 人民政府; when the issuer is a chain of administrative divisions
(淮安市洪泽区, 盐池县麻黄山乡) keep only the lowest one; a department keeps its full name.
The division suffixes and the agency→county table are data (``data/``), not code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from extract import division_suffixes
from ogi_data import catalog

GOVERNMENT_SUFFIX = "人民政府"


@dataclass(frozen=True)
class Agency:
    """A canonical agency name and the county-level division it belongs to (None above county level)."""

    name: str
    county: str | None


def read_agency_counties(path: Path | None = None) -> dict[str, str]:
    """The configurable agency→county mapping (comment lines start with #)."""
    path = path or catalog.csv_path("agency_county")
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.lstrip().startswith("#")]
    return {r["agency"].strip(): r["county"].strip() for r in csv.DictReader(lines) if r.get("county")}


def split_divisions(name: str) -> list[tuple[str, str]] | None:
    """Split a name made only of divisions into (division, level) pairs, else None.

    ``淮安市洪泽区`` → ``[("淮安市", "prefecture_or_county"), ("洪泽区", "county")]``;
    ``盐池县教育体育局`` → None (a department, not a chain of divisions).
    """
    suffixes = division_suffixes()
    alternatives = "|".join(re.escape(s) for s, _ in suffixes)
    pattern = re.compile(rf"(.{{1,10}}?(?:{alternatives}))")
    parts: list[tuple[str, str]] = []
    pos = 0
    while pos < len(name):
        match = pattern.match(name, pos)
        if not match:
            return None
        token = match.group(1)
        parts.append((token, _level_of(token, suffixes)))
        pos = match.end()
    return parts or None


def leading_divisions(name: str) -> list[tuple[str, str]]:
    """The divisions a department's name starts with (``盐池县教育体育局`` → ``[("盐池县", "county")]``)."""
    best: list[tuple[str, str]] = []
    for end in range(2, len(name)):
        parts = split_divisions(name[:end])
        if parts:
            best = parts
    return best


def canonical_agency(issuer: str, county_of: dict[str, str] | None = None) -> Agency:
    """Canonical agency name and county for an issuer as printed in the title."""
    issuer = "".join(issuer.split())
    core = issuer.removesuffix(GOVERNMENT_SUFFIX) if issuer != GOVERNMENT_SUFFIX else issuer
    chain = split_divisions(core)
    county_of = county_of if county_of is not None else read_agency_counties()
    if chain:
        name = chain[-1][0]
        county = _county_in(chain)
    else:
        name = issuer
        county = _county_in(leading_divisions(issuer))
    return Agency(name=name, county=county or county_of.get(name))


def _county_in(chain: list[tuple[str, str]]) -> str | None:
    """The lowest county-level division in a chain.

    A 市 is county-level when a township (乡/镇/街道) follows it directly (灵武市宁东镇);
    otherwise a name alone cannot tell a county-level city from a prefecture, and the
    agency→county table decides.
    """
    counties = [token for i, (token, level) in enumerate(chain)
                if level == "county" or (level == "prefecture_or_county" and i + 1 < len(chain)
                                         and chain[i + 1][1] == "township")]
    return counties[-1] if counties else None


def _level_of(token: str, suffixes: tuple[tuple[str, str], ...]) -> str:
    for suffix, level in suffixes:
        if token.endswith(suffix):
            return level
    raise AssertionError(f"token {token!r} matched no division suffix")
