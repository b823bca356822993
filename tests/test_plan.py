"""Planning a run from the folder and the records: duplicates re-decided, failures retried."""

from __future__ import annotations

import pytest

from flows.plan import known_fingerprints, plan_run
from warehouse.load import FileRecord, FileStat

V = "3"
S = FileStat(100, 1.0)


def rec(sha: str | None, status: str = "loaded", retry: bool = False, duplicate_of: str | None = None,
        stat: FileStat = S, version: str = V, named_as: str | None = None) -> FileRecord:
    return FileRecord(sha, stat, status, retry, duplicate_of, version, named_as)


def test_an_unchanged_loaded_file_is_skipped_and_a_changed_one_processed():
    records = {"a.pdf": rec("x"), "b.pdf": rec("y")}
    stats = {"a.pdf": S, "b.pdf": FileStat(101, 2.0)}
    assert known_fingerprints(stats, records) == {"a.pdf": "x"}
    plan = plan_run({"a.pdf": "x", "b.pdf": "z"}, stats, records, V)
    assert (plan.process, plan.unchanged, plan.duplicates) == (["b.pdf"], ["a.pdf"], {})


def test_a_failure_outside_the_bytes_is_retried_and_a_property_of_the_bytes_is_not():
    records = {"slow.pdf": rec("x", "unreadable", retry=True), "corrupt.pdf": rec("y", "unreadable"),
               "scan.pdf": rec("z", "needs_ocr")}
    plan = plan_run({"slow.pdf": "x", "corrupt.pdf": "y", "scan.pdf": "z"}, dict.fromkeys(records, S), records, V)
    assert (plan.process, plan.unchanged) == (["slow.pdf"], ["corrupt.pdf", "scan.pdf"])


def test_an_unidentified_report_waits_until_the_file_metadata_names_it():
    records = {"a.pdf": rec("x", "unidentified"), "b.pdf": rec("y", "unidentified")}
    sha_of = {"a.pdf": "x", "b.pdf": "y"}
    assert plan_run(sha_of, dict.fromkeys(records, S), records, V).process == []
    plan = plan_run(sha_of, dict.fromkeys(records, S), records, V, named={"y": "花马池镇|2022|盐池县"})
    assert (plan.process, plan.unchanged) == (["b.pdf"], ["a.pdf"])


def test_a_file_metadata_line_changed_or_removed_re_decides_the_report_it_named():
    line = "花马池镇|2022|盐池县"
    records = {"a.pdf": rec("x", "loaded", named_as=line), "b.pdf": rec("y", "loaded", named_as=line)}
    sha_of = {"a.pdf": "x", "b.pdf": "y"}
    plan = plan_run(sha_of, dict.fromkeys(records, S), records, V, named={"x": line, "y": "王乐井乡|2021|盐池县"})
    assert (plan.process, plan.unchanged) == (["b.pdf"], ["a.pdf"])  # changed
    plan = plan_run(sha_of, dict.fromkeys(records, S), records, V, named={"y": line})
    assert (plan.process, plan.unchanged) == (["a.pdf"], ["b.pdf"])  # removed


def test_a_file_that_keeps_hitting_a_limit_is_retried_with_back_off():
    from datetime import datetime, timedelta

    from flows.plan import backoff

    assert [backoff(n).days for n in (1, 2, 3, 4, 5, 9)] == [0, 0, 2, 6, 14, 29]  # 1, 3, 7, 15, 30 days less slack
    at = datetime(2026, 12, 1, 2, 0)
    records = {"big.pdf": FileRecord("x", S, "unreadable", True, None, V, None, 3, at)}
    waiting = plan_run({"big.pdf": "x"}, {"big.pdf": S}, records, V, now=at + timedelta(days=2))
    assert (waiting.process, waiting.unchanged, waiting.waiting) == ([], ["big.pdf"], ["big.pdf"])
    assert plan_run({"big.pdf": "x"}, {"big.pdf": S}, records, V, now=at + timedelta(days=3)).process == ["big.pdf"]
    changed = plan_run({"big.pdf": "y"}, {"big.pdf": FileStat(101, 2.0)}, records, V, now=at)
    assert changed.process == ["big.pdf"]  # a new copy is tried at once


def test_a_new_pipeline_version_reprocesses_and_an_unreadable_file_is_always_tried():
    records = {"a.pdf": rec("x", version="2"), "gone.pdf": rec(None, "unreadable", retry=True)}
    plan = plan_run({"a.pdf": "x", "gone.pdf": None}, dict.fromkeys(records, S), records, V)
    assert plan.process == ["a.pdf", "gone.pdf"]


def test_a_new_copy_is_a_duplicate_of_the_file_already_loaded_whatever_its_name():
    records = {"z.pdf": rec("x")}
    stats = {"a_copy.pdf": S, "z.pdf": S}
    plan = plan_run({"a_copy.pdf": "x", "z.pdf": "x"}, stats, records, V)
    assert (plan.process, plan.unchanged, plan.duplicates) == ([], ["z.pdf"], {"a_copy.pdf": "z.pdf"})


def test_a_duplicate_whose_original_changed_or_vanished_is_processed_in_its_place():
    records = {"A.pdf": rec("x"), "A_copy.pdf": rec("x", "duplicate", duplicate_of="A.pdf")}
    changed = plan_run({"A.pdf": "y", "A_copy.pdf": "x"}, {"A.pdf": FileStat(5, 5.0), "A_copy.pdf": S}, records, V)
    assert (changed.process, changed.duplicates) == (["A.pdf", "A_copy.pdf"], {})
    vanished = plan_run({"A_copy.pdf": "x"}, {"A_copy.pdf": S}, records, V)
    assert vanished.process == ["A_copy.pdf"]
    still = plan_run({"A.pdf": "x", "A_copy.pdf": "x"}, {"A.pdf": S, "A_copy.pdf": S}, records, V)
    assert (still.process, still.unchanged) == ([], ["A.pdf", "A_copy.pdf"])


def _copy_of_the_code(tmp_path):
    """extract/, transform/, flows/ and data/ copied, as the version reads them."""
    import shutil

    from flows.plan import CODE_ROOT, DATA_DIR

    for folder in ("extract", "transform", "flows"):
        shutil.copytree(CODE_ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("__pycache__", "sample", "*.duckdb*"))
    return tmp_path, tmp_path / "data"


def test_the_pipeline_version_follows_the_reading_code_and_the_model_tables(tmp_path):
    from flows.plan import derived_pipeline_version, pipeline_version

    code, data = _copy_of_the_code(tmp_path)
    before = derived_pipeline_version(code, data)
    assert before == pipeline_version()
    (code / "flows" / "cli.py").write_text("# not part of what a file yields\n")
    (code / "extract" / "render.py").write_text("# the review pages' pictures only\n")
    assert derived_pipeline_version(code, data) == before
    with (data / "vocabulary.csv").open("a") as fh:
        fh.write("applications,row,new_row,新行,V2021,,99,\n")
    assert derived_pipeline_version(code, data) != before
    (code / "extract" / "grids.py").write_text("# another reading\n")
    (data / "vocabulary.csv").unlink()
    changed = derived_pipeline_version(code, data)
    (code / "transform" / "align.py").write_text("# another placing\n")
    assert derived_pipeline_version(code, data) != changed


@pytest.mark.parametrize("table", ["corrections.csv", "corrections_template.csv", "file_metadata.csv",
                                   "column_docs.csv", "metric_labels.csv", "review_page.csv", "review_reasons.csv",
                                   "coverage_states.csv", "agency_kinds.csv"])
def test_editing_a_table_that_only_shows_or_corrects_results_reprocesses_nothing(tmp_path, table):
    from flows.plan import derived_pipeline_version

    code, data = _copy_of_the_code(tmp_path)
    assert (data / table).is_file()
    before = derived_pipeline_version(code, data)
    with (data / table).open("a", encoding="utf-8") as fh:
        fh.write("an,edited,line\n")
    assert derived_pipeline_version(code, data) == before
