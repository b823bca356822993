"""Read the analysts' corrections file strictly: by header name, in the encodings Excel saves,
and line by line, so that one bad line is rejected with a sentence and the others still apply.

A correction that cannot be applied exactly (a value that is not a number, an unknown code, a
short row) is never applied to a guess: it is listed with its reason in ``corrections_unmatched``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ogi_data.messages import say
from ogi_data.strings import edit_distance
from transform.labels import Term, load_vocabulary, normalise, strip_enumerator
from transform.model import table_names, table_short_name

# Columns of data/corrections.csv, in the order of the template (any order is read).
COLUMNS = ("sha256", "agency", "year", "table_code", "row_code", "column_code", "corrected_value", "reason",
           "corrected_by", "corrected_on")
REQUIRED = ("table_code", "row_code", "column_code", "corrected_value")
# Tried in this order: UTF-8 (with or without the BOM Excel writes), then GBK (Excel on Chinese Windows).
ENCODINGS = ("utf-8-sig", "gbk")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REFUSED = "\0"  # marks a refusal sentence returned in place of a code


@dataclass(frozen=True)
class Correction:
    """One accepted line of the corrections file."""

    line: int  # line of the file after its header (1 = the first correction)
    sha256: str | None
    agency: str | None
    year: int | None
    table_code: str
    row_code: str
    column_code: str
    corrected_value: float | None  # None: the cell is to be blank
    reason: str
    corrected_by: str
    corrected_on: str | None  # ISO date


@dataclass(frozen=True)
class RejectedLine:
    """A line of the corrections file that is not applied, and why (one sentence)."""

    line: int
    text: str
    problem: str


@dataclass(frozen=True)
class Corrections:
    """The accepted corrections and the rejected lines of one file."""

    accepted: list[Correction]
    rejected: list[RejectedLine]


def read_corrections(path: Path | None, vocabulary: tuple[Term, ...] | None = None) -> Corrections:
    """Every line of the corrections file, accepted or rejected; a missing or empty file is no corrections."""
    if path is None or not path.is_file():
        return Corrections([], [])
    return parse_corrections(path.read_bytes(), vocabulary if vocabulary is not None else load_vocabulary())


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (a BOM is dropped), else GBK; bytes neither can read become U+FFFD."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def parse_corrections(raw: bytes, vocabulary: tuple[Term, ...]) -> Corrections:
    """Parse the bytes of a corrections file against the vocabulary's codes. Every line ending
    Excel writes (CR, CRLF, LF) is read, and quoted fields over several lines; a line the CSV
    reader cannot read is rejected with its number, the others apply. Two lines for one cell
    are a conflict: neither applies, both are listed."""
    rows, unreadable = _rows(decode(raw).replace("\0", "\ufffd"))
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        return Corrections([], [])
    header = [cell.strip().lower() for cell in rows[0]]
    codes = _codes(vocabulary)
    accepted: list[Correction] = []
    rejected: list[RejectedLine] = [RejectedLine(line, "", say("corrections_unreadable_line", why=why))
                                    for line, why in unreadable]
    missing = [c for c in REQUIRED if c not in header]
    for line, cells in enumerate(rows[1:], 1):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is no correction
        text = ",".join(cells)
        if missing:
            rejected.append(RejectedLine(line, text, say("corrections_no_column", columns=", ".join(missing))))
            continue
        if len(cells) < len(header):
            rejected.append(RejectedLine(line, text, say("corrections_short_line", fields=len(cells),
                                                         header=len(header))))
            continue
        fields = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name in COLUMNS}
        outcome = _correction(line, fields, codes, vocabulary)
        if isinstance(outcome, RejectedLine):
            rejected.append(RejectedLine(line, text, outcome.problem))
        else:
            accepted.append(outcome)
    return _without_conflicts(accepted, rejected)


def _rows(text: str) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """The CSV rows of the text, and (line, why) for each line the reader could not read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    unreadable: list[tuple[int, str]] = []
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows, unreadable
        except csv.Error as exc:
            unreadable.append((max(0, len(rows)), str(exc)))


def _without_conflicts(accepted: list[Correction], rejected: list[RejectedLine]) -> Corrections:
    """The corrections with every set of lines that correct one cell moved to the rejected, each
    naming the others (which of two values is right is for a person to say)."""
    by_cell: dict[tuple, list[Correction]] = {}
    for c in accepted:
        by_cell.setdefault((c.sha256, c.agency, c.year, c.table_code, c.row_code, c.column_code), []).append(c)
    kept = [c for c in accepted if len(by_cell[(c.sha256, c.agency, c.year, c.table_code, c.row_code,
                                                c.column_code)]) == 1]
    for cell in by_cell.values():
        if len(cell) > 1:
            lines = "、".join(str(c.line) for c in cell)
            rejected += [RejectedLine(c.line, "", say("corrections_conflict", lines=lines)) for c in cell]
    return Corrections(kept, sorted(rejected, key=lambda r: r.line))


def _codes(vocabulary: tuple[Term, ...]) -> dict[str, dict[str, set[str]]]:
    """table_code → {"row": row codes, "column": column codes}."""
    codes: dict[str, dict[str, set[str]]] = {}
    for term in vocabulary:
        if term.axis in ("row", "column"):
            codes.setdefault(term.table_code, {"row": set(), "column": set()})[term.axis].add(term.code)
    return codes


def _correction(line: int, f: dict[str, str], codes: dict[str, dict[str, set[str]]],
                vocabulary: tuple[Term, ...]) -> Correction | RejectedLine:
    """One line's correction, or the first reason it cannot be applied."""

    def reject(problem: str) -> RejectedLine:
        return RejectedLine(line, "", problem)

    sha, agency, year = f.get("sha256", ""), f.get("agency", ""), f.get("year", "")
    if not sha and not (agency and year):
        return reject(say("corrections_no_report"))
    if year and not re.fullmatch(r"\d{4}", year):
        return reject(say("corrections_bad_year", year=year))
    table = f["table_code"] if f["table_code"] in codes else table_names().get(normalise(f["table_code"]))
    if table not in codes:
        return reject(say("corrections_bad_table", table=f["table_code"], codes=", ".join(sorted(codes))))
    row = _term_code(f["row_code"], codes[table]["row"], table, "row", vocabulary)
    if isinstance(row, str) and row.startswith(_REFUSED):
        return reject(say("corrections_bad_term", field="row_code", text=f["row_code"], why=row.removeprefix(_REFUSED)))
    column = _term_code(f["column_code"], codes[table]["column"], table, "column", vocabulary)
    if isinstance(column, str) and column.startswith(_REFUSED):
        return reject(say("corrections_bad_term", field="column_code", text=f["column_code"],
                          why=column.removeprefix(_REFUSED)))
    value = f["corrected_value"]
    if value and not _NUMBER.match(value):
        return reject(say("corrections_bad_value", value=value))
    on = f.get("corrected_on", "")
    if on and not _DATE.match(on):
        return reject(say("corrections_bad_date", value=on))
    return Correction(line, sha.lower() or None, agency or None, int(year) if year else None, table, row, column,
                      float(value) if value else None, f.get("reason", ""), f.get("corrected_by", ""), on or None)


def _term_code(text: str, known: set[str], table: str, axis: str, vocabulary: tuple[Term, ...]) -> str:
    """The code a row or column is given by: its code, or its label as printed (the official label
    or an alias, with or without its enumerator). A label that names two terms, or none, is refused
    (a sentence after _REFUSED) with the closest candidates, never resolved to a guess."""
    if text in known:
        return text
    terms = [t for t in vocabulary if t.table_code == table and t.axis == axis]
    wanted = normalise(text)
    named = {t.code: t for t in terms
             if any(wanted == normalise(n) for n in (t.label_zh, *t.aliases))}
    if not named:
        bare = strip_enumerator(wanted)
        named = {t.code: t for t in terms
                 if bare and any(bare == strip_enumerator(normalise(n)) for n in (t.label_zh, *t.aliases))}
    if len(named) == 1:
        return next(iter(named))
    if named:
        return _REFUSED + say("corrections_term_ambiguous", axis=say(f"axis_{axis}"), axis_en=axis,
                              table=table_short_name(table), terms=_listed(named.values()))
    closest = sorted(terms, key=lambda t: edit_distance(strip_enumerator(wanted),
                                                        strip_enumerator(normalise(t.label_zh))))[:3]
    return _REFUSED + say("corrections_term_unknown", axis=say(f"axis_{axis}"), axis_en=axis,
                          table=table_short_name(table), terms=_listed(closest))


def _listed(terms) -> str:
    return ", ".join(f"{t.label_zh} ({t.code})" for t in terms)


def paste_line(table_code: str, row_code: str, column_code: str, value: str, *, sha256: str = "",
               agency: str = "", year: int | str = "", reason: str = "", vocabulary: tuple[Term, ...] | None = None,
               template_version: str | None = None) -> str:
    """One line of the corrections file for a cell, in the template's column order, naming the
    table, row and column by their Chinese labels where the label names exactly that cell (read
    back as this module reads the file), else by code."""
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    codes = _codes(vocabulary)
    names = [table_short_name(table_code),
             _label_of(row_code, codes[table_code]["row"], table_code, "row", vocabulary, template_version),
             _label_of(column_code, codes[table_code]["column"], table_code, "column", vocabulary, template_version)]
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([sha256, agency, year, *names, value, reason, "", ""])
    return out.getvalue()


def _label_of(code: str, known: set[str], table: str, axis: str, vocabulary: tuple[Term, ...],
              version: str | None) -> str:
    """The official label of a row or column if it reads back to the same code, else the code."""
    terms = [t for t in vocabulary if t.table_code == table and t.axis == axis and t.code == code]
    terms.sort(key=lambda t: version not in t.versions)  # the report's own template's label first
    for term in terms:
        label = " ".join(term.label_zh.split())
        if _term_code(label, known, table, axis, vocabulary) == code:
            return label
    return code
