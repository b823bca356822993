from ogi_data.strings import edit_distance
from transform.labels import match_label, normalise, strip_enumerator, terms_for

ROWS = terms_for("applications", ("row",))
COLS = terms_for("applications", ("column",))


def code(printed: str, terms=ROWS) -> tuple[str, str] | None:
    found = match_label(printed, terms)
    return (found.term.code, found.method) if found else None


def test_normalise_folds_width_whitespace_and_enumerators():
    assert normalise("（三）不\n予公开") == "(三)不予公开"
    assert normalise("1、申请人") == normalise("1．申请人") == normalise("1. 申请人") == "1.申请人"
    assert normalise("商 业 企\n业") == "商业企业"


def test_marks_a_scan_leaves_at_a_labels_end_are_not_the_label():
    assert normalise("（七）总计/") == normalise("（七）总计")
    assert normalise("3、其他）") == normalise("3.其他")
    assert normalise("（二）部分公开（区分处理的）").endswith(")")  # a bracket opened is closed
    assert normalise("1、") == "1."


def test_a_speck_read_before_a_label_or_a_colon_for_its_enumerator_s_point_is_not_the_label():
    assert code(".7.属于行政执法案卷") == ("denied_enforcement_file", "exact")
    assert normalise("2:其他法律行政法规禁止公开") == normalise("2.其他法律行政法规禁止公开")
    assert normalise("2、：申请人逾期未按收费通知") == normalise("1、.申请人逾期未按收费通知").replace("1", "2")
    assert normalise("3.危及“三安全一稳定”").endswith('"')  # quotes inside a label stay


def test_strip_enumerator():
    assert strip_enumerator("(三)不予公开") == "不予公开"
    assert strip_enumerator("一、本年新收") == "本年新收"
    assert strip_enumerator("3.其他") == "其他"


def test_exact_match_survives_line_breaks_and_full_width():
    assert code("（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）") == ("partially_granted", "exact")
    assert code("(二)部分公开(区分处理的,只计这一情形,不计其他情形)") == ("partially_granted", "exact")


def test_ideographic_comma_enumerator_is_exact():
    assert code("1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信\n息公开申请") == (
        "other_no_correction", "exact")


def test_alias_for_a_known_typo():
    assert code("2.其他法律行政止公开") == ("denied_prohibited_by_law", "alias")
    assert code("商业机构", COLS) == ("commercial_enterprise", "alias")


def test_label_printed_without_its_enumerator():
    assert code("予以公开") == ("granted", "no_enumerator")


def test_label_cut_by_a_page_break_matches_by_prefix():
    assert code("5.要求行政机关确认或重新出") == ("not_processed_confirm_reissue", "prefix")


def test_fuzzy_match_within_threshold_only():
    assert code("2.其他法律行政法规禁止公开的") == ("denied_prohibited_by_law", "fuzzy")
    assert code("第二十条第（一）项") is None
    assert code("（四）无") is None


def test_a_three_character_label_may_differ_by_one_character_a_two_character_one_not():
    assert code("白然人", COLS) == ("natural_person", "fuzzy")  # 自 read by OCR as 白
    assert code("总汁", COLS) is None
    assert code("白然", COLS) is None


def test_a_label_whose_enumerator_lost_a_bracket_is_compared_with_its_enumerator():
    assert code("（七总计") == ("total_handled", "fuzzy")  # a scan lost the closing bracket
    assert code("七)总计") == ("total_handled", "fuzzy")
    assert code("七总计") is None  # two edits from （七）总计: too far for five characters


def test_a_label_cut_short_and_one_character_off_or_without_its_quotes_is_close():
    assert code("1.本机关不常握相关政") == ("unable_not_held", "fuzzy")  # cut, and 掌 read as 常
    assert code("3.急及三安全一稳定") == ("denied_security_stability", "fuzzy")  # 危 misread, quotes lost
    assert code("属于行政查法") is None  # 执法 or 查询: two rows one character off, no guess


def test_edit_distance():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


def test_radical_code_points_some_fonts_map_characters_to_read_as_the_characters():
    from ogi_data.strings import fold_radicals

    # a QtWebKit print (wkhtmltopdf) with Noto Sans CJK: Kangxi radicals and simplified radicals
    printed = "盐池县⻓和中⼼2023年政府信息公开⼯作年度报告 ⾸⻚ ⼆、主动公开 ⼈⺠"
    assert fold_radicals(printed) == "盐池县长和中心2023年政府信息公开工作年度报告 首页 二、主动公开 人民"
    assert fold_radicals("（一）予以公开 1,500") == "（一）予以公开 1,500"  # nothing else changes


def test_a_short_label_one_character_off_names_the_row_its_group_numbers_so():
    from transform.labels import match_numbered_child

    rows = terms_for("applications", ("row",))
    group = next(t for t in rows if t.code == "other_handling")  # （六）其他处理, parted into rows in V2021
    for printed in ("3.他", "3、之他", "3．其他"):
        found = match_numbered_child(printed, group, rows)
        assert found is not None and found.term.code == "other_other" and found.method == "fuzzy"
    assert match_numbered_child("3.另外", group, rows) is None  # two characters off
    assert match_numbered_child("4.其他", group, rows) is None  # the group has no row 4
    assert match_numbered_child("其他", group, rows) is None  # no number, no place
