"""What OCR read on a page image, kept by the image's hash, so that no page is recognised twice.

A rerun, a retry of an ``unidentified`` scan once ``data/file_metadata.csv`` names it, or a new
pipeline version that changes nothing in the reading finds the page's grids and title lines
here. The key is the hash of the rendered page image (its pixels and size), the number of title
lines asked for, and the fingerprint of the reading itself: the source of the modules it runs,
the model file and the table finder's version. Any change to them is a new key; old entries are then
never read again (deleting the folder is always safe).

One JSON file per page, written to a temporary name and renamed, so that worker processes that
read the same page at once, or a run killed mid-write, never leave a half-written entry. A cache
that cannot be read or written costs time, never a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

CACHE_FORMAT = "2"  # the layout of an entry; changed with OcrGrid's fields (2: lines with confidence)


@dataclass
class OcrCount:
    """Pages recognised by the model, and pages whose reading came from the cache."""

    read: int = 0
    cached: int = 0


@lru_cache(maxsize=1)
def reading_fingerprint() -> str:
    """The reading's identity: the source of every module the reading runs (OCR, the grid finder
    it shares with the text path, the cell regions, the title finder that says when enough title
    lines were read), the model file and camelot's version. Not extract/rules.py: it reads a PDF's
    drawn rules, and a page image has none."""
    from extract import cells, grids, ocr, title

    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for module in (ocr, grids, cells, title):
        digest.update(Path(module.__file__).read_bytes())
    try:
        model = ocr._model_path()
        digest.update(f"{model.name}:{model.stat().st_size}".encode())
    except (ocr.OcrUnavailable, OSError):
        digest.update(b"no-model")
    digest.update(metadata.version("camelot-py").encode())
    return digest.hexdigest()


def page_key(gray: np.ndarray, top_lines: int) -> str:
    """The cache key of one page image read for ``top_lines`` title lines."""
    digest = hashlib.sha256(reading_fingerprint().encode())
    digest.update(f"{gray.shape}:{gray.dtype}:{top_lines}".encode())
    digest.update(np.ascontiguousarray(gray).data)
    return digest.hexdigest()


def load(cache_dir: Path, key: str) -> tuple[list, list[tuple[str, float]]] | None:
    """The grids and title lines (with confidence) kept under ``key``, or None when there is no
    usable entry."""
    from extract.ocr import OcrGrid

    path = cache_dir / key[:2] / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        grids = [OcrGrid(page=g["page"], cells=g["cells"], confidence=g["confidence"],
                         boxes=[[tuple(b) for b in row] for row in g["boxes"]],
                         cols=[tuple(c) for c in g["cols"]]) for g in entry["grids"]]
        return grids, [(str(text), float(score)) for text, score in entry["lines"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_dir: Path, key: str, grids: list, lines: list[tuple[str, float]]) -> None:
    """Keep a page's reading under ``key`` (atomically; a failure to write is ignored)."""
    folder = cache_dir / key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"grids": [asdict(g) for g in grids], "lines": lines}, out, ensure_ascii=False)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        Path(tmp).unlink(missing_ok=True)
