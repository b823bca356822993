import pytest

from transform.numbers import parse_cell


@pytest.mark.parametrize(
    ("printed", "kind", "value"),
    [
        ("1,500", "number", 1500.0),
        ("251000元", "number", 251000.0),
        ("+1", "number", 1.0),
        ("-2", "number", -2.0),
        ("24252.311082", "number", 24252.311082),
        ("96171.6", "number", 96171.6),
        ("０", "number", 0.0),
        (" 12 ", "number", 12.0),
        ("", "blank", None),
        ("  \n", "blank", None),
        ("/", "not_applicable", None),
        ("-", "not_applicable", None),
        ("—", "not_applicable", None),
        ("三", "unparsed", None),
        ("12a", "unparsed", None),
        ("24252.31\n1082", "number", 24252.311082),  # a number wrapped in a narrow cell
        ("12\n3", "number", 123.0),
        ("2\n1850", "unparsed", None),  # two rows' values run together (seed 150024), never 21850
    ],
)
def test_parse_cell(printed, kind, value):
    cell = parse_cell(printed)
    assert (cell.kind, cell.value) == (kind, value)
    assert cell.printed == printed
