"""Make N distinct report PDFs quickly for benchmarks (not committed).

    python benchmarks/make_scale_corpus.py --n 1000 --out /tmp/scale

Each file is a loadable fixture report with a unique comment appended after its end, so
every file has its own SHA-256 (copies of one report then supersede one another, as
re-published reports do; the work per file is that of a real report).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"


def loadable_fixtures() -> list[Path]:
    out = []
    for truth in sorted((FIXTURES / "truth").glob("*.json")):
        t = json.loads(truth.read_text(encoding="utf-8"))
        if t["expected_status"] == "loaded":
            out.append(FIXTURES / "pdf" / t["source_file"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    sources = loadable_fixtures()
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        src = sources[i % len(sources)]
        data = src.read_bytes() + f"\n% scale copy {i}\n".encode()
        (args.out / f"{i:05d}_{src.name}").write_bytes(data)
    print(f"wrote {args.n} PDFs from {len(sources)} fixtures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
