"""Figures: how many review lines the corpora give, by reason, and whether every wrong value is among them.

    python benchmarks/review_lines.py [CORPUS ...]

Each corpus is a folder of pdf/ (or other report files) and truth/*.json. Every file is read in
this process (no warehouse, no Prefect) and compared with its truth: the cells to review by
reason, the values that differ from the truth, and those of them not in the review list (which
must be 0). Defaults: the fixture corpus, the scanned fixtures and the real report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transform.process import process_file  # noqa: E402

DEFAULTS = (ROOT / "tests" / "fixtures" / "corpus", ROOT / "tests" / "fixtures" / "scanned",
            ROOT.parent / "shared" / "corpus" / "real")


def measure(corpus: Path) -> tuple[Counter, int, int, int]:
    """(review cells by reason, cells to review, wrong values, wrong values not to review)."""
    reasons: Counter = Counter()
    cells = wrong = unflagged = 0
    for truth_path in sorted((corpus / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = corpus / "pdf" / truth["source_file"]
        if not path.is_file() or not truth.get("facts"):
            continue
        result = process_file(path, hashlib.sha256(path.read_bytes()).hexdigest())
        if result.facts is None:
            continue
        flagged = {(c.table_code, c.row_code, c.column_code) for c in result.review}
        reasons.update(c.reason for c in result.review)
        cells += len(flagged)
        read = {(f.table_code, f.row_code, f.column_code): f.value for f in result.facts.itertuples()}
        for fact in truth["facts"]:
            where = (fact["table_code"], fact["row_code"], fact["column_code"])
            got, want = read.get(where), fact["value"]
            same = (got is None or got != got) and want is None or (got == got and got == want)
            if where in read and not same:
                wrong += 1
                unflagged += where not in flagged
    return reasons, cells, wrong, unflagged


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="*", type=Path, default=list(DEFAULTS))
    for corpus in ap.parse_args().corpora:
        reasons, cells, wrong, unflagged = measure(corpus)
        print(f"{corpus}: {cells} cells to review ({sum(reasons.values())} lines: "
              f"{', '.join(f'{r} {n}' for r, n in reasons.most_common())}); "
              f"{wrong} wrong values, {unflagged} of them not to review")


if __name__ == "__main__":
    main()
