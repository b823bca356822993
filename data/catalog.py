"""The one reader of the reference tables (``data/*.csv``, installed as the package ``ogi_data``).

Every stage reads its tables here, each file once per process; the warehouse's SQL reads the
same files by :func:`csv_path`. A table is rows of text, as written: what a column means is the
business of the module that uses it.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from pathlib import Path


def data_dir() -> Path:
    """Where ``data/`` is installed: a checkout, or a wheel's site-packages."""
    return Path(str(files("ogi_data")))


def csv_path(name: str) -> Path:
    """Where the table ``name`` (``data/<name>.csv``) is installed."""
    return data_dir() / f"{name}.csv"


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/<name>.csv``, each a mapping of its header to text (read once; do not change them)."""
    return read_rows(csv_path(name))


def read_rows(path: Path) -> tuple[dict[str, str], ...]:
    """The rows of a CSV table of this project's form (UTF-8, a header line) at ``path``: a table an
    operator keeps elsewhere (``agency_county``, ``file_metadata``) is read like the packaged ones."""
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))
