"""Match printed row and column labels to the codes of ``data/vocabulary.csv``.

Order of trust: exact (after normalising), alias, exact without the enumerator,
prefix of one label (a label cut by a page break), then the closest label by edit
distance under a threshold. The matched label and the method are kept as provenance.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ogi_data import catalog
from ogi_data.strings import edit_distance

# A fuzzy match may differ from the label by at most this share of its characters, and by one
# character in a label of at least ONE_EDIT_CHARS (自然人 read by OCR as 白然人).
FUZZY_MAX_RATIO = 0.25
ONE_EDIT_CHARS = 3
# A truncated label must keep at least this many characters to be matched by prefix.
PREFIX_MIN_CHARS = 6

# Enumerators that open a label: 一、 （一） (一) 1. 1、 1． ①
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、]|[①-⑳])")
# 1、 1. 1． and, as OCR reads them, 1· 1・ 1: or 1 with its mark lost before the Hanzi
_NUMBERED = re.compile(r"^(\d{1,2})(?:[、.·・:：]+|(?=[\u4e00-\u9fff]))")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "、": "、"})


@dataclass(frozen=True, eq=False)
class Term:
    """One vocabulary entry.

    Compared and hashed by identity: the vocabulary is loaded once, and label matches are
    cached by their candidate terms, so a cheap hash matters.
    """

    table_code: str
    axis: str  # row | column | row_group | column_group
    code: str
    label_zh: str
    versions: frozenset[str]
    parent_code: str
    ord: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """A printed label resolved to a vocabulary term."""

    term: Term
    printed: str
    method: str  # exact | alias | no_enumerator | prefix | fuzzy
    distance: int = 0


_STRAY_END = set("/\\|_·,。-")
# no label of the templates opens with a mark: one there is a speck read before its enumerator
_STRAY_START = set(".,·:;'\"-_、。，")


def normalise(text: str) -> str:
    """Fold width (NFKC), drop all whitespace and unify quotes, so print variants compare equal."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    folded = "".join(folded.replace("．", ".").replace("﹒", ".").split())
    folded = _without_stray_end(folded).lstrip("".join(_STRAY_START))
    # 1、 1． and 1. are the same enumerator
    return _NUMBERED.sub(r"\1.", folded, count=1)


def _without_stray_end(text: str) -> str:
    """A label without the marks a speck or a rule's remains leave at its end in a scan (``总计/``,
    ``3、其他)`` with no bracket opened): no label of the templates ends so."""
    while text and (text[-1] in _STRAY_END or (text[-1] == ")" and text.count(")") > text.count("("))):
        text = text[:-1]
    return text


def one_line(text: str) -> str:
    """A label or cell printed over several lines, on one line as a person writes it: the pieces
    joined with no space where a line broke between Chinese characters (结\n果\n维\n持 → 结果维持),
    with one space between Latin or digit pieces."""
    pieces = str(text).split()
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        out += (" " if out[-1].isascii() and piece[0].isascii() else "") + piece
    return out


def strip_enumerator(text: str) -> str:
    """Remove one leading enumerator (``（三）`` ``1.`` ``1、`` ``一、``) from a normalised label."""
    return _ENUMERATOR.sub("", text, count=1)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> tuple[Term, ...]:
    """All terms of the vocabulary file."""
    path = path or catalog.csv_path("vocabulary")
    with path.open(encoding="utf-8") as fh:
        return tuple(
            Term(
                table_code=r["table_code"],
                axis=r["axis"],
                code=r["code"],
                label_zh=r["label_zh"],
                versions=frozenset(r["versions"].split("|")),
                parent_code=r["parent_code"],
                ord=int(r["ord"]),
                aliases=tuple(a for a in r["aliases"].split("|") if a),
            )
            for r in csv.DictReader(fh)
        )


@lru_cache(maxsize=64)
def terms_for(table_code: str, axes: tuple[str, ...]) -> tuple[Term, ...]:
    """The terms of one table on the given axes."""
    return tuple(t for t in load_vocabulary() if t.table_code == table_code and t.axis in axes)


@lru_cache(maxsize=16384)
def match_label(printed: str, candidates: tuple[Term, ...]) -> Match | None:
    """Resolve a printed label to one of ``candidates``, or None when nothing is close enough.

    Cached: the same labels recur in every report."""
    text = normalise(printed)
    if not text:
        return None
    bare = strip_enumerator(text)
    for term in candidates:
        if text == normalise(term.label_zh):
            return Match(term, printed, "exact")
    for term in candidates:
        if any(text == normalise(a) for a in term.aliases):
            return Match(term, printed, "alias")
    if bare:
        for term in candidates:
            names = (term.label_zh, *term.aliases)
            if any(bare == strip_enumerator(normalise(n)) for n in names):
                return Match(term, printed, "no_enumerator")
    prefixed = [t for t in candidates if len(bare) >= PREFIX_MIN_CHARS
                and strip_enumerator(normalise(t.label_zh)).startswith(bare)]
    if len(prefixed) == 1:
        return Match(prefixed[0], printed, "prefix")
    return _closest(printed, bare, candidates, text)


def match_numbered_child(printed: str, group: Term, candidates: tuple[Term, ...]) -> Match | None:
    """The row a short label one character off names by its place (``3.他`` or ``3.之他`` under
    ``（六）其他处理`` is ``3.其他``): the group's one child with the label's number, whose label is
    within one edit. A fuzzy match, so a person reviews it; None when the number or the text does
    not agree."""
    number = re.match(r"\d{1,2}\.", normalise(printed))
    if not number:
        return None
    children = [t for t in candidates if t.parent_code == group.code
                and normalise(t.label_zh).startswith(number.group(0))]
    if len(children) != 1:
        return None
    bare, target = strip_enumerator(normalise(printed)), strip_enumerator(normalise(children[0].label_zh))
    distance = edit_distance(bare, target)
    return Match(children[0], printed, "fuzzy", distance) if bare and distance <= 1 else None


def _unquoted(text: str) -> str:
    return text.replace('"', "").replace("'", "")


def _closest(printed: str, bare: str, candidates: tuple[Term, ...], text: str = "") -> Match | None:
    """The single closest label by edit distance, if within the threshold and unambiguous. Labels
    are compared without their enumerators and, when ``text`` (the printed label normalised) is
    given, with them too: an enumerator that lost a bracket in a scan (``（七总计``) is not
    stripped, and it leaves a label of two characters two edits from its bare name. Quotes are
    left out (a scan's small marks, often lost), and a label of PREFIX_MIN_CHARS or more may be
    the start of one, one character off."""
    if len(bare) < 2:
        return None
    bare, text = _unquoted(bare), _unquoted(text)
    scored = []
    for term in candidates:
        target = _unquoted(normalise(term.label_zh))
        target_bare = strip_enumerator(target)
        pairs = [(bare, target_bare)] + ([(text, target)] if text else [])
        options = [(edit_distance(a, b), len(b), len(a), term) for a, b in pairs if b]
        if PREFIX_MIN_CHARS <= len(bare) < len(target_bare):
            # a label cut short (a page break, a line the scan lost) and one character misread
            cut = edit_distance(bare, target_bare[:len(bare)])
            if cut <= 1:
                options.append((cut, len(bare), len(bare), term))
        scored.append(min(options))
    scored.sort(key=lambda s: (s[0], s[1]))
    best_distance, best_len, printed_len, best = scored[0]
    allowed = FUZZY_MAX_RATIO * max(best_len, printed_len)
    if min(best_len, printed_len) >= ONE_EDIT_CHARS:
        allowed = max(allowed, 1)
    if best_distance > allowed:
        return None
    if len(scored) > 1 and scored[1][0] == best_distance:
        return None  # two labels equally close: refuse to guess
    return Match(best, printed, "fuzzy", best_distance)
