"""The ``ogi`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = ROOT / "data" / "warehouse.duckdb"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ogi`` command."""
    parser = argparse.ArgumentParser(prog="ogi", description="政府信息公开工作年度报告 PDFs → DuckDB warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="load every *.pdf under a folder into the warehouse (a Prefect flow)")
    run_p.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="folder of report PDFs (recursive)")
    run_p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file to load into")
    run_p.add_argument("--workers", type=int, default=None, help="extraction processes (default: CPU count)")
    run_p.add_argument("--runner", choices=["threads", "processes"], default="threads",
                       help="Prefect task runner for extraction (default: threads)")
    args = parser.parse_args(argv)

    if args.command == "run":
        if not args.input.is_dir():
            print(f"ogi run: input folder not found: {args.input}", file=sys.stderr)
            return 2
        from flows.pipeline import run  # Prefect is imported only when a flow runs

        summary = run(args.input.resolve(), args.warehouse.resolve(), workers=args.workers, runner=args.runner)
        print(f"ogi run: {summary.line()} → {args.warehouse}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
