"""Find the issuing body and the report year in the title on the first page.

File names from government sites are meaningless, so the title is the only source.
Titles seen in real reports::

    盐池县麻黄山乡2020年政府信息公开工作年度报告
    麻黄山乡人民政府2021年政府信息公开工作年度报告
    2023年盐池县教育体育局政府信息公开工作年度报告
    淮安市人民政府\n2024 年政府信息公开工作年度报告   (wrapped over two lines)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ogi_data import catalog
from ogi_data.strings import edit_distance

# How many lines of page 1 may precede the title (cover lines, page numbers, document numbers).
TITLE_WINDOW_LINES = 30

_REPORT_NAME = "政府信息公开工作年度报告"
_ISSUER = r"([^\d。，；：:,;！!？?（）()《》“”\"]{2,40}?)"  # no digits or sentence punctuation
_YEAR = r"((?:19|20)\d{2})年度?"
# issuer + year: 淮安市人民政府2024年(度)政府信息公开工作年度报告
_ISSUER_FIRST = re.compile(_ISSUER + r"(?:关于)?" + _YEAR + _REPORT_NAME)
# year + issuer: 2023年盐池县教育体育局政府信息公开工作年度报告
_YEAR_FIRST = re.compile(_YEAR + _ISSUER + _REPORT_NAME)
_PAGE_NUMBER_LINE = re.compile(r"^[-—–\s]*\d+[-—–\s]*$|^第\s*\d+\s*页")
# A title read by OCR may come with a few characters of the report's name misread (工作 as I作,
# 信息 as 位县): within this many edits of its 12 characters, the name is still the report's, and
# the title is marked as read loosely, for a person to check the issuer (prose quoting the name
# has a year but no issuer before it, or words between). Marks OCR makes of specks inside the name
# are dropped first; a loose title's issuer must name a division (盐池县…, …镇).
LOOSE_NAME_EDITS = 3
_SPECK_MARKS = re.compile(r"[-—.,·'\"_、，。]")
_YEAR_MARK = re.compile(_YEAR)
_ISSUER_CHARS = re.compile(r"[^\d。，；：:,;！!？?（）()《》“”\"]{2,40}")


@dataclass(frozen=True)
class Title:
    """The issuer as printed (whitespace removed) and the year reported on."""

    issuer: str
    year: int
    loose: bool = False  # read by OCR with a few characters of the report's name misread


def title_of(text, loose: bool = False) -> Title | None:
    """The title of a document's text (a ``PdfText``): on page 1, else on page 1 read line by line
    from the top (a spreadsheet's text may print it after the tables), else on page 2 (a cover
    page can push it there), or page 3 past a blank page 2. With ``loose`` (a text read by OCR),
    a title whose report name is within LOOSE_NAME_EDITS of the right one is found on those pages
    when no exact one is."""
    exact = (find_title(text.pages[0]) or find_title(text.first_page_in_order)
             or next(filter(None, (find_title(page) for page in _after_first(text.pages))), None))
    if exact or not loose:
        return exact
    return next(filter(None, (find_loose_title(page) for page in [text.pages[0], *_after_first(text.pages)])), None)


def _after_first(pages: list[str]) -> list[str]:
    """The page after page 1, or the one after it when that page is blank (a portal's long
    navigation list can push the report past a page with nothing on it)."""
    second = pages[1:2]
    return second + (pages[2:3] if second and not second[0].strip() else [])


def find_loose_title(first_page_text: str) -> Title | None:
    """The first line of page 1 (or two joined) that reads as a title whose report name has up to
    LOOSE_NAME_EDITS characters misread, marked ``loose``; None when there is none."""
    lines = ["".join(ln.split()) for ln in first_page_text.splitlines()[:TITLE_WINDOW_LINES]]
    lines = [ln for ln in lines if ln and not _PAGE_NUMBER_LINE.match(ln)]
    for span in (1, 2):
        for i in range(len(lines) - span + 1):
            title = _loose_title_in("".join(lines[i:i + span]))
            if title:
                return title
    return None


def _loose_title_in(line: str) -> Title | None:
    """issuer + year + name, or year + issuer + name, the name within LOOSE_NAME_EDITS of the
    report's, ending the line; the issuer with no digit or sentence punctuation."""
    for year in _YEAR_MARK.finditer(line):
        issuer = _clean_issuer(line[:year.start()])
        rest = _SPECK_MARKS.sub("", line[year.end():])
        if _names_a_division(issuer) and _name_edits(rest) <= LOOSE_NAME_EDITS:
            return Title(issuer, int(year.group(1)), loose=True)
        splits = [(_name_edits(rest[cut:]), cut) for cut in range(2, len(rest))]
        edits, cut = min(splits, default=(LOOSE_NAME_EDITS + 1, 0))
        issuer = _clean_issuer(rest[:cut])
        if edits <= LOOSE_NAME_EDITS and _names_a_division(issuer):
            return Title(issuer, int(year.group(1)), loose=True)
    return None


def _names_a_division(issuer: str) -> bool:
    """Whether an issuer read loosely is a name at all: no digit or sentence punctuation, and a
    division's suffix after its first character."""
    return bool(_ISSUER_CHARS.fullmatch(issuer)) and any(suffix in issuer[1:] for suffix, _ in division_suffixes())


def _name_edits(text: str) -> int:
    """Edits (a character inserted, dropped or changed) between ``text`` and the report's name."""
    return edit_distance(text, _REPORT_NAME)


def find_title(first_page_text: str) -> Title | None:
    """Return the issuer and year from the title on page 1, or None when no title is found.

    The title is looked for in one line, then in two and three consecutive lines (a title
    wrapped after the issuer), so that a header line above it never runs into the issuer.
    """
    printed = [" ".join(ln.split()) for ln in first_page_text.splitlines()[:TITLE_WINDOW_LINES]]
    printed = [ln for ln in printed if ln and not _PAGE_NUMBER_LINE.match("".join(ln.split()))]
    lines = ["".join(ln.split()) for ln in printed]
    for span in (1, 2, 3):
        for i in range(len(lines) - span + 1):
            title = _title_in("".join(lines[i:i + span]))
            if title:
                return Title(_without_page_furniture(title.issuer, "".join(printed[i:i + span])), title.year)
    return None


@lru_cache(maxsize=1)
def division_suffixes() -> tuple[tuple[str, str], ...]:
    """(suffix, level) pairs of ``data/division_suffixes.csv``, longest suffix first so 自治区 wins
    over 区."""
    pairs = ((r["suffix"], r["level"]) for r in catalog.rows("division_suffixes"))
    return tuple(sorted(pairs, key=lambda r: -len(r[0])))


def _without_page_furniture(issuer: str, printed: str) -> str:
    """The issuer without words of the page printed on its line before it, apart (a portal's
    sidebar heading beside the title: ``栏目导航 盐池县华长中心``): the words before the last gap
    are dropped when they name no administrative division (盐池县 麻黄山乡 keeps its county) and
    every piece is a word, not one character of a letter-spaced title."""
    found = re.search(r"\s*".join(map(re.escape, issuer)), printed)
    if not found:
        return issuer
    pieces = found.group(0).split()
    head, tail = "".join(pieces[:-1]), pieces[-1]
    if len(pieces) < 2 or any(len(p) < 2 for p in pieces) or any(suffix in head for suffix, _ in division_suffixes()):
        return issuer
    return tail


def _title_in(text: str) -> Title | None:
    candidates: list[tuple[int, Title]] = []
    for match in _ISSUER_FIRST.finditer(text):
        issuer = _clean_issuer(match.group(1))
        if issuer:
            candidates.append((match.start(), Title(issuer, int(match.group(2)))))
    for match in _YEAR_FIRST.finditer(text):
        issuer = _clean_issuer(match.group(2))
        if issuer:
            candidates.append((match.start(), Title(issuer, int(match.group(1)))))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _clean_issuer(raw: str) -> str:
    """Strip leftovers of preceding text (a trailing 关于 or 的, stray markers) from an issuer."""
    issuer = raw.removesuffix("关于").removesuffix("的")
    # Separators left from a header line: keep the last clause, where the issuer is printed.
    issuer = re.split(r"[\s、·•|]", issuer)[-1]
    return issuer if len(issuer) >= 2 else ""
