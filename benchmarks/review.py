"""Benchmark: ``ogi review`` over N flagged reports.

    python benchmarks/review.py [--n 100]

The flagged reports of the fixture corpus (a broken identity each) are copied N times in all,
each copy a distinct file (a trailing PDF comment changes its bytes) recorded under a distinct
agency, so that the warehouse holds N current flagged reports with their PDFs on disk. Prints
the wall time of ``ogi review`` over them as a separate process (PDF pages rendered, pages
written), the pages and bytes written. One run on a noisy machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transform.process import process_file  # noqa: E402
from warehouse.load import connect, record  # noqa: E402

FLAGGED = ("t07_2021.pdf", "t12_2020.pdf")  # each breaks an identity of its own (tests/fixtures/corpus)


def build(folder: Path, n: int) -> Path:
    """A warehouse of n flagged reports whose files are in ``folder``."""
    sources = [ROOT / "tests" / "fixtures" / "corpus" / "pdf" / name for name in FLAGGED]
    read = {s: process_file(s, hashlib.sha256(s.read_bytes()).hexdigest()) for s in sources}
    warehouse = folder / "review.duckdb"
    con = connect(warehouse, folder / "no_corrections.csv")
    for i in range(n):
        source = sources[i % len(sources)]
        data = source.read_bytes() + f"\n% copy {i}\n".encode()
        name = f"r{i:04d}_{source.name}"
        (folder / name).write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        result = read[source]
        facts = result.facts.assign(sha256=sha) if "sha256" in result.facts.columns else result.facts
        record(con, name, dataclasses.replace(result, source_file=name, sha256=sha, agency=f"测试乡{i:03d}",
                                              facts=facts))
    con.close()
    return warehouse


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warehouse = build(folder, args.n)
        out = folder / "pages"
        started = time.perf_counter()
        done = subprocess.run([str(Path(sys.executable).parent / "ogi"), "review", "--warehouse", str(warehouse),
                               "--out", str(out), "--input", str(folder)], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        pages = list(out.glob("*.html"))
        size = sum(p.stat().st_size for p in pages)
        print(done.stdout.strip())
        print(f"ogi review over {args.n} flagged reports: {seconds:.1f} s wall "
              f"({seconds / args.n * 1000:.0f} ms a report), {len(pages)} pages, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
