"""Sentences for people in Chinese by default, in English with the ``language`` setting; codes
never change with the language."""

from __future__ import annotations

import re

import pytest

from extract.text import PdfText
from ogi_data.messages import LANGUAGES, messages, say, set_language
from transform.report import build_report

TITLE = "盐池县花马池镇2021年政府信息公开工作年度报告\n一、总体情况\n全年公开信息120条。"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("zh")


def fields(template: str) -> set[str]:
    return {name.split("!")[0] for name in re.findall(r"\{(\w*(?:![rs])?)[^}]*\}", template)}


def test_every_sentence_has_both_languages_and_the_same_kind_of_placeholders():
    for code, by_language in messages().items():
        assert all(by_language[lang].strip() for lang in LANGUAGES), code
        if code.startswith("sql_"):  # filled by SQL's format(): positional, as many in both
            assert by_language["zh"].count("{}") == by_language["en"].count("{}"), code
        else:
            assert "{}" not in by_language["zh"] + by_language["en"], code


def test_chinese_by_default_and_english_when_asked(english):
    detail_en = build_report("x.pdf", "ab", PdfText(pages=[TITLE, "", " "]), grids=[]).detail
    set_language("zh")
    detail_zh = build_report("x.pdf", "ab", PdfText(pages=[TITLE, "", " "]), grids=[]).detail
    assert "pages 2, 3 have no text layer" in detail_en and not CJK.sub("", detail_en).count("页")
    assert "第 2, 3 页没有文字层" in detail_zh


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        set_language("fr")
    assert say("no_pages") == "PDF 没有页面。"
