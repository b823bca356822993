"""``ogi inspect FILE.pdf``: one report as the pipeline understands it, without touching a warehouse.

Each table is printed in the official order with its Chinese labels and codes. Marks after a
value: ``!`` the cell takes part in a failed check, ``?`` the cell is not a number, ``~`` its
label was matched by prefix or edit distance, or the cell placed by position (worth a look);
``·`` the template has the cell but the report did not print it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from extract.discover import sha256_of
from transform.checks import cells_of
from transform.model import identity_of, table_titles, template_terms
from transform.process import process_file
from transform.report import ReportResult


def inspect_file(path: Path, html_out: Path | None = None) -> str:
    """The whole printout for one PDF; with ``html_out``, its review page is written there too."""
    result = process_file(path, sha256_of(path))
    if html_out is not None:
        from flows.evidence import from_result
        from flows.review import review_labels, review_page

        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(review_page(from_result(path, result), review_labels()), encoding="utf-8")
    lines = [
        f"file      {path}",
        f"sha256    {result.sha256}",
        f"status    {result.status}: {result.detail}",
    ]
    if result.facts is None:
        return "\n".join(lines)
    lines += [
        f"agency    {result.agency}   county {result.county}   year {result.year}   "
        f"template {result.template_version}   (title prints: {result.issuer})",
        "",
    ]
    for table_code, title in table_titles().items():
        lines += [f"{title}  [{table_code}]", table_text(result, table_code), ""]
    lines.append(f"checks    {len(result.issues)} failed" if result.issues else "checks    all passed")
    lines += [f"  ! {i.rule}: {i.detail}" for i in result.issues]
    lines.append("marks     ! in a failed check   ? not a number   ~ label matched loosely   · not printed")
    return "\n".join(lines)


def table_text(result: ReportResult, table_code: str) -> str:
    """One table laid out as printed: official rows down, columns across."""
    facts = result.facts[result.facts["table_code"] == table_code]
    if facts.empty:
        return "  (not found)"
    rows = template_terms(table_code, "row", result.template_version, set(facts["row_code"]))
    cols = template_terms(table_code, "column", result.template_version, set(facts["column_code"]))
    flagged = set()
    for issue in result.issues:
        if issue.table_code == table_code:
            flagged |= set(_cells_of(issue, facts))
    cells = {(f.row_code, f.column_code): f for f in facts.itertuples()}
    grid = []
    for row in rows:
        line = []
        for col in cols:
            fact = cells.get((row.code, col.code))
            line.append("·" if fact is None else _shown(fact, (row.code, col.code), flagged))
        grid.append(line)
    frame = pd.DataFrame(grid, index=[f"{r.label_zh[:18]} [{r.code}]" for r in rows],
                         columns=[f"{c.label_zh[:8]}" for c in cols])
    return "  " + frame.to_string().replace("\n", "\n  ")


def _cells_of(issue, facts: pd.DataFrame) -> list[tuple[str | None, str | None]]:
    """The cells a failed check involves: every cell of a broken identity, else the cell it names."""
    identity = identity_of(issue.rule)
    if identity is None:
        return [(issue.row_code, issue.column_code)]
    per_column = identity.for_each == "column"
    key = issue.column_code if per_column else issue.row_code
    present = set(facts["row_code"] if per_column else facts["column_code"])
    return cells_of(identity, key, present)


def _shown(fact, key: tuple[str, str], flagged: set) -> str:
    text = fact.printed.strip().replace("\n", "") or "(blank)"
    if key in flagged or (key[0], None) in flagged:
        text += "!"
    if fact.value_kind == "unparsed":
        text += "?"
    if {fact.row_method, fact.column_method} & {"fuzzy", "prefix", "position"}:
        text += "~"
    return text
