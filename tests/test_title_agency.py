import pytest

from extract.title import Title, find_loose_title, find_title
from transform.agency import Agency, canonical_agency


@pytest.mark.parametrize(
    ("page_one", "expected"),
    [
        ("盐池县麻黄山乡2020年政府信息公开工作年度报告\n根据…", Title("盐池县麻黄山乡", 2020)),
        ("麻黄山乡人民政府2021年政府信息公开工作年度报告", Title("麻黄山乡人民政府", 2021)),
        ("2023年盐池县教育体育局政府信息公开工作年度报告", Title("盐池县教育体育局", 2023)),
        ("- 1 -\n淮安市人民政府\n2024 年政府信息公开工作年度报告\n本报告由…", Title("淮安市人民政府", 2024)),
        ("盐池县人民政府门户网站\n洪泽区人民政府2023年度政府信息公开工作年度报告", Title("洪泽区人民政府", 2023)),
        ("发布日期：2021-01-20\n盐池县 花马池镇 2020 年 政府信息公开工作年度报告", Title("盐池县花马池镇", 2020)),
    ],
)
def test_find_title(page_one, expected):
    assert find_title(page_one) == expected


@pytest.mark.parametrize(("page_one", "issuer"), [
    # a portal's sidebar heading printed on the title's line: not part of the issuer
    ("栏目导航 盐池县里和办公室\n2019年政府信息公开工作年度报告", "盐池县里和办公室"),
    ("栏目导航 教育体育局2023年政府信息公开工作年度报告", "教育体育局"),
    # a gap after a division, or a letter-spaced title: the whole issuer
    ("盐池县 麻黄山乡2020年政府信息公开工作年度报告", "盐池县麻黄山乡"),
    ("盐 池 县 麻 黄 山 乡 2020年政府信息公开工作年度报告", "盐池县麻黄山乡"),
])
def test_words_of_the_page_before_the_issuer_on_its_line_are_left_out(page_one, issuer):
    assert find_title(page_one).issuer == issuer


@pytest.mark.parametrize(("page_one", "expected"), [
    # OCR of a fax-like scan: a few characters of the report's name misread, a speck read as "-"
    ("2021年盐池县明鸿镇政什信息公川I作年度报告", Title("盐池县明鸿镇", 2021, loose=True)),
    ("本报告\n盐池县长北镇人民政府2022年政府位县公开I作年-度报告", Title("盐池县长北镇人民政府", 2022, loose=True)),
    ("盐池县麻黄山乡2020年政府信息公开工作年度报", Title("盐池县麻黄山乡", 2020, loose=True)),
])
def test_a_title_read_by_ocr_with_a_few_characters_misread_is_found_loosely(page_one, expected):
    assert find_title(page_one) is None
    assert find_loose_title(page_one) == expected


def test_a_title_read_loosely_is_found_on_page_2_under_a_portal_page_s_menu():
    from extract.text import PdfText
    from extract.title import title_of

    menu = "\n".join(["·首页", "·政务公开", "·政府信息公开年报", "当前位置：首页>政务公开>政府信息公开年报"])
    read = PdfText(pages=[menu, "2021年盐池县明鸿镇政什信息公川I作年度报告\n发布时间：2021-03-15"])
    assert title_of(read) is None  # not loosely: a text layer's title is printed as it is
    assert title_of(read, loose=True) == Title("盐池县明鸿镇", 2021, loose=True)


@pytest.mark.parametrize("page_one", [
    "2020年盐也县青兴镇政H,县公升工作年度报告",  # four characters of the name misread: too many
    "现将2022年政府信息公开工作年度报告公布如下",  # prose quoting the name: no issuer, words after it
    "根据2022年政府信息公开工作年度报告",  # no division named before the year
    "2023年，盐池县星新镇人民政府坚持以习近平新时代中国特色社会主义思想为指导",
])
def test_prose_and_titles_read_too_poorly_are_no_loose_title(page_one):
    assert find_loose_title(page_one) is None


def test_no_title_in_a_notice():
    assert find_title("关于做好2023年度政务公开工作的通知\n各乡镇人民政府：") is None


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("盐池县麻黄山乡人民政府", Agency("麻黄山乡", "盐池县")),
        ("淮安市洪泽区人民政府", Agency("洪泽区", "洪泽区")),
        ("洪泽区人民政府", Agency("洪泽区", "洪泽区")),
        ("淮安市人民政府", Agency("淮安市", None)),
        ("盐池县教育体育局", Agency("盐池县教育体育局", "盐池县")),
        ("盐池县人民政府办公室", Agency("盐池县人民政府办公室", "盐池县")),
        ("宁夏回族自治区吴忠市盐池县人民政府", Agency("盐池县", "盐池县")),
        ("灵武市宁东镇人民政府", Agency("宁东镇", "灵武市")),
        ("灵武市人民政府", Agency("灵武市", None)),
    ],
)
def test_canonical_agency(issuer, expected):
    assert canonical_agency(issuer, county_of={}) == expected


def test_county_from_the_mapping_when_the_title_does_not_name_it():
    assert canonical_agency("麻黄山乡人民政府", county_of={"麻黄山乡": "盐池县"}) == Agency("麻黄山乡", "盐池县")
    assert canonical_agency("麻黄山乡人民政府", county_of={}) == Agency("麻黄山乡", None)


def _sheet_text(pdf, lines: int, top: float, title: list[tuple[float, float, str]], size: float):
    """The text read from a page printed as a spreadsheet prints it: ``lines`` lines of table text in
    9 pt from ``top`` down, then the title's runs (x, baseline, text) in ``size`` pt, after them in
    the text layer though above them on the page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from extract import read_file

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(pdf))
    c.setFont("STSong-Light", 9)
    for i in range(lines):
        c.drawString(72, top - 16 * i, f"第{i + 1}行 规章 0 0 0")
    c.setFont("STSong-Light", size)
    for x, y, text in title:
        c.drawString(x, y, text)
    c.save()
    return read_file(pdf).text


def test_a_title_printed_after_the_tables_in_the_text_layer_is_found_at_the_top_of_the_page(tmp_path):
    """A spreadsheet prints its cells by font run: the title, in a larger font, may come after 40
    lines of table text in the text layer, though it stands at the top of the page."""
    title = [(72, 780, "2022年"), (120, 780, "盐池县高川镇政府信息公开工作年度报告")]
    text = _sheet_text(tmp_path / "sheet.pdf", 40, 740, title, 14)
    assert find_title(text.pages[0]) is None
    top = ["".join(line.split()) for line in text.first_page_in_order.splitlines()[:2]]
    assert top == ["2022年盐池县高川镇政府信息公开工作年度报告", "第1行规章000"]
    assert find_title(text.first_page_in_order) == Title("盐池县高川镇", 2022)


def test_a_title_pushed_past_a_blank_page_by_a_portal_s_navigation_is_found():
    from types import SimpleNamespace

    from extract.title import title_of

    pages = ["首页\n政务公开\n当前位置：首页 > 政府信息公开年报 > 盐池县长兴镇", "",
             "栏目导航\n盐池县长兴镇2021年政府信息公开工作年度报告\n发布时间：2021-08-11"]
    found = title_of(SimpleNamespace(pages=pages, first_page_in_order=pages[0]))
    assert found is not None and (found.issuer, found.year) == ("盐池县长兴镇", 2021)
    # past a page with text on it, no further: a later page may quote another report
    assert title_of(SimpleNamespace(pages=[pages[0], "正文", pages[2]], first_page_in_order=pages[0])) is None


def test_a_title_printed_in_runs_that_overlap_reads_each_character_once(tmp_path):
    """A spreadsheet's title printed after its tables in the text layer, in two runs whose boxes
    overlap (kerned together): each character once, not those the boxes share twice (井河中心2心2019)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    head = "盐池县井河中心2"
    rest = 56 + pdfmetrics.stringWidth(head, "STSong-Light", 8) - 1  # one point into the run before
    title = [(56, 765, head), (rest, 765, "019年政府信息公开工作年度报告")]
    text = _sheet_text(tmp_path / "sheet.pdf", 30, 700, title, 8)
    first = "".join(text.first_page_in_order.splitlines()[0].split())
    assert first == "盐池县井河中心2019年政府信息公开工作年度报告"
    assert find_title(text.first_page_in_order) == Title("盐池县井河中心", 2019)


def test_a_title_in_the_first_cell_of_a_portal_page_s_frame_comes_before_the_lines_around_it():
    from extract.reader import ocr_page_text
    from extract.text import PdfText
    from extract.title import title_of

    # the lines OCR read outside the grid: the menu, then one number per row of a table beside it
    lines = "\n".join(["栏目导航", *["1"] * 40, "2024年盐池县习湾中心政府信累公开工作年度报告"])
    cells = "2024年盐池县河湾中心政府信息公开工作年度报告\n发布时间：2024-05-16"
    text = ocr_page_text(lines, "", cells)
    assert title_of(PdfText(pages=[text]), loose=True) == Title("盐池县河湾中心", 2024)
    assert ocr_page_text("盐池县花马池镇2020年政府信息公开工作年度报告", "", cells).startswith("盐池县花马池镇")
