"""Tables that come as cells with spans (a web page's ``<table>``, a Word table) laid out on their
grid, as camelot lays out a ruled table: a merged cell's text in every position it covers."""

from __future__ import annotations

Cells = tuple[str, int, int]  # text, colspan, rowspan
Region = tuple[int, int, int, int]  # column, row, end column, end row (end exclusive)


def span(value: str | None, most: int) -> int:
    """A ``colspan``/``rowspan`` attribute as a count from 1 to ``most`` (browsers read ``2px`` as 2,
    and a missing, zero or unreadable span as 1)."""
    digits = ""
    for ch in (value or "").strip():
        if not ch.isdigit():
            break
        digits += ch
    return min(max(int(digits or 1), 1), most)


def expand_spans(rows: list[list[Cells]]) -> tuple[list[list[str]], list[list[Region]]]:
    """Place each row's cells left to right in the positions not covered by a row span from above;
    every position gets its cell's text and its cell's region. A row span past the last row ends
    there, as in a browser."""
    texts: dict[tuple[int, int], str] = {}
    regions: dict[tuple[int, int], Region] = {}
    for i, row in enumerate(rows):
        j = 0
        for text, colspan, rowspan in row:
            while (i, j) in texts:
                j += 1
            rowspan = min(rowspan, len(rows) - i)
            region = (j, i, j + colspan, i + rowspan)
            for r in range(i, i + rowspan):
                for c in range(j, j + colspan):
                    texts.setdefault((r, c), text)
                    regions.setdefault((r, c), region)
            j += colspan
    width = max((c + 1 for _, c in texts), default=0)
    cells = [[texts.get((i, j), "") for j in range(width)] for i in range(len(rows))]
    boxes = [[regions.get((i, j), (j, i, j + 1, i + 1)) for j in range(width)] for i in range(len(rows))]
    return cells, boxes
