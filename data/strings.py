"""Comparing printed words with the words they should be: shared by the label matcher (transform)
and the title finder and text readers (extract), which may not import each other."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ogi_data import catalog

# A Hanzi as reports print them: CJK Unified Ideographs and Extension A
HANZI = re.compile(r"[\u3400-\u9fff]")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings: characters inserted, dropped or changed."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@cache
def _radical_table() -> dict[int, str]:
    # Kangxi radicals (U+2F00-U+2FD5) fold to their ideographs by NFKC; the CJK radicals supplement's
    # simplified forms (U+2E80-U+2EF3: ⻚ for 页, ⻓ for 长) by data/cjk_radicals.csv
    table = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
    table.update({ord(r["radical"]): r["ideograph"] for r in catalog.rows("cjk_radicals")})
    return table


def fold_radicals(text: str) -> str:
    """Text with radical code points as the ideographs they print: some producers' fonts map common
    characters to them (⼯作 for 工作, ⾸⻚ for 首页), which read alike and compare unequal."""
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return text.translate(_radical_table())
