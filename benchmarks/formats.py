"""Benchmark: the cost of reading one report in each format a county publishes in.

    python benchmarks/formats.py [--n 40] [--seed 1]

Writes N fuzzed layouts as a PDF (reportlab), a web page, a Word document and copied text
(tests/fixtures/fuzz.py), then times transform.process.process_file on each, in one process, the
formats interleaved report by report after one untimed warm-up pass; prints the median and mean
seconds per report and the ratio to the PDF. Figures are from one run on a noisy machine: read
them as ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import fuzz  # noqa: E402

from transform.process import process_file  # noqa: E402

FORMATS = ("pdf", "html", "docx", "txt")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    seeds = range(args.seed, args.seed + args.n)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        fuzz.generate(list(seeds), out / "pdf", ("reportlab",))
        for fmt in FORMATS[1:]:
            fuzz.write_format([fuzz.draw(seed) for seed in seeds], out / fmt, fmt)
        files = {fmt: sorted((out / fmt / "pdf").glob("*.*")) for fmt in FORMATS}
        shas = {p: hashlib.sha256(p.read_bytes()).hexdigest() for paths in files.values() for p in paths}
        for paths in files.values():  # warm-up: imports, caches
            for path in paths:
                process_file(path, shas[path])
        times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        for k in range(args.n):
            for fmt in FORMATS:
                path = files[fmt][k]
                started = time.perf_counter()
                result = process_file(path, shas[path])
                times[fmt].append(time.perf_counter() - started)
                assert result.facts is not None, (path.name, result.detail)
    pdf = statistics.median(times["pdf"])
    print(f"{args.n} reports per format, seconds per report (process_file):")
    for fmt in FORMATS:
        median = statistics.median(times[fmt])
        print(f"  {fmt:5s} median {median:.4f}  mean {statistics.mean(times[fmt]):.4f}  {median / pdf:.2f}× the PDF")
    return 0


if __name__ == "__main__":
    sys.exit(main())
