"""Run the pipeline over a corpus folder and score the warehouse with the shared scorer.

    python scripts/accuracy.py --corpus tests/fixtures/corpus [--scorer ../shared/tools/score.py]

The corpus holds pdf/*.pdf and truth/*.json. Prints the scorer's report; exits with its code.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--json", type=Path, help="also write the scorer's full result as JSON")
    args = ap.parse_args(argv)
    if not args.scorer.is_file():
        print(f"scorer not found: {args.scorer}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "accuracy.duckdb"
        ogi = Path(sys.executable).with_name("ogi")
        subprocess.run([str(ogi), "run", "--input", str(args.corpus / "pdf"), "--warehouse", str(warehouse)],
                       check=True)
        score = [sys.executable, str(args.scorer), "--corpus", str(args.corpus), "--warehouse", str(warehouse)]
        if args.json:
            score += ["--json", str(args.json)]
        return subprocess.run(score, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
