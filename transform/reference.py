"""The reference data a run reads once and passes to every file's transform."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from transform.agency import read_agency_counties
from transform.metadata import KnownReport, read_file_metadata


@dataclass(frozen=True)
class OcrOptions:
    """Whether pages without a text layer are read by OCR (extract/ocr.py), below which
    character confidence a value so read is listed for a person to check, and the folder where
    what OCR read is kept by page image (None: nothing kept; extract/ocr_cache.py)."""

    enabled: bool = True
    low_confidence: float = 0.9
    cache_dir: Path | None = None


@dataclass(frozen=True)
class Reference:
    """Agency → county (``data/agency_county.csv``), reports named by hand (``data/file_metadata.csv``)
    and the OCR options."""

    county_of: dict[str, str] = field(default_factory=dict)
    file_metadata: dict[str, KnownReport] = field(default_factory=dict)
    ocr: OcrOptions = field(default_factory=OcrOptions)
    language: str = "zh"  # of the sentences a file's processing writes (data/messages.py)
    metadata_path: Path | None = None  # where file_metadata was read from, to list its lines that name nothing


def load_reference(agency_county: Path | None = None, file_metadata: Path | None = None,
                   ocr: OcrOptions | None = None, language: str = "zh") -> Reference:
    """Read the reference files (the project's own agency→county table when none is given); with
    the OCR options, what every file's extraction is given besides the file."""
    return Reference(read_agency_counties(agency_county), read_file_metadata(file_metadata), ocr or OcrOptions(),
                     language, file_metadata)
