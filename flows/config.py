"""Settings in one place: ``ogi.toml`` at the project root, then ``OGI_*`` environment
variables, then command-line flags (later wins). Relative paths are relative to the root:
the checkout, or the working directory where ogi-warehouse is installed from a wheel."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ogi_data import catalog

_CHECKOUT = Path(__file__).resolve().parents[1]
ROOT = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()
CONFIG_FILE = ROOT / "ogi.toml"
CORRECTIONS_CSV = ROOT / "data" / "corrections.csv"
# The reference table shipped with the package, used where the root has none of its own.
PACKAGED_AGENCY_COUNTY = catalog.csv_path("agency_county")
PATH_KEYS = {"input", "warehouse", "agency_county", "corrections", "file_metadata"}


@dataclass(frozen=True)
class Settings:
    """Everything an operator may configure."""

    input: Path = ROOT / "data" / "sample"
    warehouse: Path = ROOT / "data" / "warehouse.duckdb"
    agency_county: Path = ROOT / "data" / "agency_county.csv" if (ROOT / "data" / "agency_county.csv").is_file() \
        else PACKAGED_AGENCY_COUNTY
    corrections: Path = CORRECTIONS_CSV
    file_metadata: Path = ROOT / "data" / "file_metadata.csv"
    file_timeout_seconds: float = 300.0
    lock_wait_seconds: float = 0.0
    workers: int = 0
    worker_memory_mb: int = 4096
    runner: str = "processes"
    dask_address: str = ""
    ocr: bool = True
    ocr_low_confidence: float = 0.9
    language: str = "zh"  # of every sentence a person reads: zh (Chinese) or en; codes never change
    schedule_cron: str = "0 2 * * *"
    schedule_timezone: str = "Asia/Shanghai"

    def worker_count(self) -> int:
        """Workers to use: as configured, else one per CPU core."""
        return self.workers or os.cpu_count() or 1


def load_settings(config_file: Path | None = None, env: dict[str, str] | None = None, **flags) -> Settings:
    """Settings from the TOML file, overridden by OGI_* variables, then by non-None flags."""
    config_file = config_file or Path(os.environ.get("OGI_CONFIG", CONFIG_FILE))
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    if config_file.is_file():
        # paths in the file are relative to the project root, elsewhere to the working directory
        for key, value in tomllib.loads(config_file.read_text(encoding="utf-8")).items():
            values[key] = (ROOT / str(value)) if key in PATH_KEYS and not Path(str(value)).is_absolute() else value
    for f in fields(Settings):
        if f"OGI_{f.name.upper()}" in env:
            values[f.name] = env[f"OGI_{f.name.upper()}"]
    values.update({k: v for k, v in flags.items() if v is not None})
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise ValueError(f"unknown setting(s) in {config_file}: {', '.join(sorted(unknown))}")
    return replace(Settings(), **{k: _typed(k, v) for k, v in values.items()})


def _typed(key: str, value: object) -> object:
    default = getattr(Settings(), key)
    if key in PATH_KEYS:
        return Path(str(value)).resolve()
    if isinstance(default, bool):
        return str(value).lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return str(value)
