"""The layout fuzzer itself: a seed always draws the same layout, and a few draws are read exactly
(the full run is `make fuzz`; here with the fonts of any machine, reportlab's STSong-Light at least)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

import fuzz  # noqa: E402


def test_a_seed_draws_the_same_layout_every_time():
    a, b = fuzz.draw(42), fuzz.draw(42)
    assert fuzz.truth_of(a) == fuzz.truth_of(b)
    assert fuzz.truth_of(fuzz.draw(43)) != fuzz.truth_of(a)


def test_narrow_draws_wrap_the_value_column_headers():
    d = fuzz.draw(7, narrow=True)
    widths = d.widths["applications"]
    assert max(widths[3:]) < min(widths[:3]) * 0.9  # value columns thinner than the label columns


def test_a_few_random_layouts_are_read_exactly(tmp_path):
    seeds = [11, 12, 13, 14]
    fuzz.write([fuzz.draw(seed) for seed in seeds], tmp_path)
    assert fuzz.score_alone(tmp_path) == {}


def test_a_scan_s_producer_is_drawn_per_seed_from_those_given_and_never_moves_its_layout():
    import scan

    producers = ("reportlab", "docx", "chromium", "calc")
    chosen = [scan.producer_of(seed, producers) for seed in range(2000, 2040)]
    assert chosen == [scan.producer_of(seed, producers) for seed in range(2000, 2040)]  # the same every time
    assert set(chosen) == set(producers)  # forty seeds draw each of four
    assert {scan.producer_of(seed, ("reportlab",)) for seed in range(2000, 2040)} == {"reportlab"}
    # the report printed is the seed's whichever producer prints it
    word, own = fuzz.truth_of(fuzz.draw(2001, ("docx",))), fuzz.truth_of(fuzz.draw(2001))
    assert (word["layout"].pop("producer"), own["layout"].pop("producer")) == ("docx", "reportlab")
    assert word["facts"] == own["facts"]
