"""A body row of a statistical table, as read from any grid: its labels and its value cells."""

from __future__ import annotations

from dataclasses import dataclass

from transform.numbers import parse_cell

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin top left


@dataclass
class BodyRow:
    """A table row with its label path and its (header path, printed text) cells."""

    page: int
    grid: int
    labels: list[str]
    cells: list[tuple[list[str], str]]
    confidence: list[float | None] | None = None  # per cell, for a row read by OCR
    boxes: list[Box | None] | None = None  # per cell, in PDF points (origin top left)
    ragged: bool = False  # from a table copied as text, where no header stands over the values
    own_label_unread: bool = False  # OCR read its innermost label cell's ink as nothing

    def has_values(self) -> bool:
        return any(parse_cell(text).kind != "blank" for _, text in self.cells)
