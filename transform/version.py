"""Detect the template version (V2019 or V2021) from the labels a report printed, never from its year."""

from __future__ import annotations

from collections.abc import Iterable

from transform.labels import load_vocabulary

VERSIONS = ("V2019", "V2021")


def detect_version(codes: Iterable[tuple[str, str, str]]) -> str | None:
    """The version whose exclusive row/column codes the placed cells use most, or None when none is used.

    ``codes`` are (table_code, row_code, column_code) of placed cells. Only codes that
    belong to one version count: table 二's columns differ entirely between the two, and
    table 三's （六）其他处理 has sub-rows only in V2021.
    """
    exclusive = {
        (t.table_code, t.code): next(iter(t.versions))
        for t in load_vocabulary()
        if len(t.versions) == 1 and t.axis in ("row", "column")
    }
    votes = dict.fromkeys(VERSIONS, 0)
    for table, row, column in codes:
        for key in ((table, row), (table, column)):
            if key in exclusive:
                votes[exclusive[key]] += 1
    if votes["V2019"] == votes["V2021"]:
        return None
    return max(votes, key=lambda v: votes[v])
