"""Parse a printed table cell into a number, exactly as printed.

``1,500`` → 1500, ``251000元`` → 251000, ``+1`` → 1, ``-2`` → -2, ``24252.311082`` keeps
its decimals. A blank cell and a not-applicable mark (``/``, ``-``, ``—``) give no number,
and are told apart by :class:`Cell.kind`. Anything else is a cell that could not be
parsed: an error to report, never a zero.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ogi_data import catalog

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class Cell:
    """A parsed cell: ``kind`` is number, blank, not_applicable or unparsed."""

    kind: str
    value: float | None
    printed: str


@lru_cache(maxsize=1)
def not_applicable_marks() -> frozenset[str]:
    """Marks that mean 'not applicable' or 'none' (data/not_applicable_marks.csv)."""
    return frozenset(r["mark"] for r in catalog.rows("not_applicable_marks"))


@lru_cache(maxsize=1)
def number_units() -> tuple[str, ...]:
    """Units that may follow a number in a cell, longest first (data/number_units.csv)."""
    return tuple(sorted((r["unit"] for r in catalog.rows("number_units")), key=len, reverse=True))


def parse_cell(printed: str) -> Cell:
    """Classify and parse one printed cell."""
    text = "".join(printed.split())
    if not text:
        return Cell("blank", None, printed)
    if text in not_applicable_marks():
        return Cell("not_applicable", None, printed)
    folded = unicodedata.normalize("NFKC", text).replace("，", ",")
    for unit in number_units():
        if folded.endswith(unit) and len(folded) > len(unit):
            folded = folded[: -len(unit)]
            break
    if _NUMBER.match(folded) and not _two_values(printed):
        return Cell("number", float(folded.replace(",", "")), printed)
    return Cell("unparsed", None, printed)


def _two_values(printed: str) -> bool:
    """Whether a cell printed on several lines holds a line shorter than one after it: a number
    wrapped in a narrow cell fills its first lines and leaves the rest to the last (``24252.31`` /
    ``1082``), so ``2`` over ``1850`` is two cells' values read as one (two rows run together),
    never 21850."""
    lines = [len("".join(line.split())) for line in printed.splitlines() if line.strip()]
    return any(earlier < later for earlier, later in zip(lines, lines[1:], strict=False))
