"""Find the report PDFs under an input folder and fingerprint them."""

from __future__ import annotations

import hashlib
from pathlib import Path


def discover_pdfs(root: Path) -> list[Path]:
    """Every file whose name ends in .pdf (any case) under ``root``, recursively, in a stable order."""
    return sorted(
        (p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"),
        key=lambda p: str(p.relative_to(root)),
    )


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
