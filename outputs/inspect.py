"""``ogi inspect FILE.pdf``: one report as the pipeline understands it, without touching a warehouse.

Each table is printed in the official order with its Chinese labels and codes. Marks after a
value: ``!`` the cell takes part in a failed check, ``?`` the cell is not a number, ``~`` its
label was matched by prefix or edit distance, or the cell placed by position (worth a look);
``·`` the template has the cell but the report did not print it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from extract import sha256_of
from ogi_data.messages import say
from transform.checks import cells_of
from transform.model import identity_of, table_titles, template_terms
from transform.process import process_file
from transform.report import ReportResult


def inspect_file(path: Path, html_out: Path | None = None) -> str:
    """The whole printout for one PDF; with ``html_out``, its review page is written there too."""
    result = process_file(path, sha256_of(path))
    if html_out is not None:
        from outputs.evidence import from_result
        from outputs.review_pages import review_labels, review_page

        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(review_page(from_result(path, result), review_labels()), encoding="utf-8")
    lines = [
        say("inspect_file", path=path),
        f"sha256    {result.sha256}",
        say("inspect_status", status=result.status, detail=result.detail),
    ]
    if result.facts is None:
        return "\n".join(lines)
    lines += [
        say("inspect_report", agency=result.agency, county=result.county, year=result.year,
            version=result.template_version, issuer=result.issuer),
        "",
    ]
    for table_code, title in table_titles().items():
        lines += [f"{title}  [{table_code}]", table_text(result, table_code), ""]
    lines.append(say("inspect_failed", count=len(result.issues)) if result.issues else say("inspect_passed"))
    lines += [f"  ! {i.rule}: {i.detail}" for i in result.issues]
    lines.append(say("inspect_marks"))
    return "\n".join(lines)


def table_text(result: ReportResult, table_code: str) -> str:
    """One table laid out as printed: official rows down, columns across."""
    facts = result.facts[result.facts["table_code"] == table_code]
    if facts.empty:
        return say("inspect_not_found")
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
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    table.add_column("")
    for c in cols:
        table.add_column("".join(c.label_zh.split())[:8], justify="right")
    for row, line in zip(rows, grid, strict=True):
        # Text, not markup: "[code]" would be read as a style tag
        table.add_row(Text(f"{''.join(row.label_zh.split())[:18]} [{row.code}]"), *map(Text, line))
    out = Console(file=io.StringIO(), width=240, color_system=None)  # pads by display width: Chinese lines up
    out.print(table)
    return "  " + out.file.getvalue().rstrip().replace("\n", "\n  ")


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
    text = fact.printed.strip().replace("\n", "") or say("blank_printed")
    if key in flagged or (key[0], None) in flagged:
        text += "!"
    if fact.value_kind == "unparsed":
        text += "?"
    if {fact.row_method, fact.column_method} & {"fuzzy", "prefix", "position"}:
        text += "~"
    return text
