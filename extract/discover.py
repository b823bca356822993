"""Find the report files under an input folder (PDFs, web pages, Word documents, text and the
office formats named in ``data/file_formats.csv``) and fingerprint them."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from extract.formats import format_of


@dataclass(frozen=True)
class Found:
    """The report files found under a folder, and the paths named like one that were skipped, with why."""

    files: list[Path]
    skipped: list[tuple[Path, str]]


def printable(name: str) -> str:
    """A file name as text that can be stored and shown: bytes that are not valid UTF-8 (names
    unzipped from archives made on Chinese Windows are GBK) are shown escaped, e.g. ``\\xb1\\xa8.pdf``."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def find_reports(root: Path) -> Found:
    """Every regular file whose suffix (any case) names a report format (``data/file_formats.csv``)
    under ``root``, recursively, in a stable order.

    Links are followed only to files inside ``root`` (a folder link is not entered, so no loop);
    a link elsewhere or to nothing, a FIFO, socket or device is skipped with a reason.
    """
    root = root.resolve()
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]:
            if format_of(name) is None:
                continue
            path = Path(folder) / name
            why = _why_skipped(path, root)
            if why:
                skipped.append((path, why))
            else:
                files.append(path)
    key = lambda p: os.fsencode(p.relative_to(root))  # noqa: E731 - sort by bytes: any name sorts
    return Found(sorted(files, key=key), sorted(skipped, key=lambda s: key(s[0])))


def _why_skipped(path: Path, root: Path) -> str | None:
    """Why a path named like a report is not read, or None for a regular file inside ``root``."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop: RuntimeError before Python 3.13, OSError (ELOOP) since
            return "a link that leads to nothing (or to a loop)"
        if not target.is_relative_to(root):
            return f"a link that leads outside the input folder ({printable(str(target))})"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be examined ({exc.strerror})"
    if stat.S_ISDIR(mode):
        return "a folder link, not followed"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device)"
    return None


def discover_reports(root: Path) -> list[Path]:
    """The report files under ``root`` (see :func:`find_reports`)."""
    return find_reports(root).files


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
