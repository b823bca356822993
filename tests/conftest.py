"""Shared test helpers: paths to the committed fixture corpus and the shared real corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# No network here: keep Prefect's server from trying to send telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
SHARED_REAL = ROOT.parent / "shared" / "corpus" / "real"


def truth_of(corpus: Path, pdf_name: str) -> dict:
    """The ground-truth JSON of one PDF of a corpus."""
    return json.loads((corpus / "truth" / f"{Path(pdf_name).stem}.json").read_text(encoding="utf-8"))


def truths(corpus: Path, status: str | None = None) -> list[dict]:
    """Every ground truth of a corpus, optionally only those with one expected status."""
    out = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((corpus / "truth").glob("*.json"))]
    return [t for t in out if status is None or t["expected_status"] == status]


@pytest.fixture(scope="session")
def real_pdf() -> Path:
    """The real published report of the shared corpus (skipped where shared/ is absent)."""
    path = SHARED_REAL / "pdf" / "huaian_2024.pdf"
    if not path.is_file():
        pytest.skip("shared/corpus/real is not beside this checkout")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that starts a Prefect server is ``slow`` (the fast tier, ``make test``, leaves
    them to ``make test-all`` and CI), besides those marked so by hand (worker processes, ``ogi``
    as a subprocess)."""
    for item in items:
        if "prefect_api" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def prefect_api():
    """A real Prefect server on loopback for the whole session (it costs seconds to start);
    yields its URL, which subprocesses get through PREFECT_API_URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield PREFECT_API_URL.value()


needs_chromium = pytest.mark.skipif(__import__("shutil").which("chromium") is None,
                                    reason="Debian's chromium is not installed")


def screenshot(page: Path, shot: Path, width: int, height: int) -> None:
    """A picture of an HTML file as headless Chromium draws it, with no network of its own."""
    import subprocess

    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={shot.parent / 'profile'}",
         f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def rendered_dom(page: Path, profile: Path) -> str:
    """The document headless Chromium holds once the page's scripts have run (plotly draws its
    charts as <svg class="main-svg">), with no network of its own."""
    import subprocess

    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--virtual-time-budget=10000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
