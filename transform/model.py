"""The official tables as data: which columns add up to a total, which may be negative or hold
decimals (``data/term_roles.csv``), and the identities each table obeys (``data/identities.csv``),
beside the rows, columns and groups of ``data/vocabulary.csv``.

An identity says, for each column (or each row) of a table: the sum of the ``left`` cells
equals the sum of the ``right`` cells. A side is codes joined by ``+``, or ``parts:CODE`` (the
codes whose ``sums_to`` is CODE), or ``leaves:GROUP`` (the printed rows under GROUP that have no
printed rows under them: a group a template may print as one row, like V2021 （六）其他处理,
is a leaf when printed so, and is replaced by its sub-rows when they are printed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ogi_data import catalog
from transform.labels import load_vocabulary, normalise


@dataclass(frozen=True)
class Identity:
    """One identity of an official table (a row of ``data/identities.csv``)."""

    rule: str
    table_code: str
    for_each: str  # column | row: the identity holds in each column (summing rows) or each row
    left: str
    right: str
    label_zh: str


@lru_cache(maxsize=1)
def identities() -> tuple[Identity, ...]:
    """Every identity of the official tables."""
    return tuple(Identity(**row, label_zh=rules()[row["rule"]]["label_zh"]) for row in catalog.rows("identities"))


@lru_cache(maxsize=1)
def rules() -> dict[str, dict[str, str]]:
    """Every check's rule code → its kind (identity, cell, report), Chinese label and meaning."""
    return {row["rule"]: row for row in catalog.rows("rules")}


@lru_cache(maxsize=1)
def term_roles() -> dict[tuple[str, str, str], dict[str, str]]:
    """(table, axis, code) → its role: sums_to, signed, decimals."""
    return {(r["table_code"], r["axis"], r["code"]): r for r in catalog.rows("term_roles")}


@lru_cache(maxsize=1)
def table_titles() -> dict[str, str]:
    """The statistical tables (``data/tables.csv``), in the order the reports print them → official title."""
    return {r["table_code"]: r["title_zh"] for r in sorted(catalog.rows("tables"), key=lambda r: int(r["ord"]))}


@lru_cache(maxsize=1)
def table_names() -> dict[str, str]:
    """Every name a person may give a table (its title, with or without its enumerator, and the
    aliases of ``data/tables.csv`` such as 表三), normalised (transform/labels.py) → its code."""
    names: dict[str, str] = {}
    for r in catalog.rows("tables"):
        title = r["title_zh"]
        for name in (title, title.split("、", 1)[-1], *r["aliases"].split("|")):
            if name:
                names[normalise(name)] = r["table_code"]
    return names


@lru_cache(maxsize=1)
def rows_in_header() -> frozenset[str]:
    """The tables whose rows may be printed as column groups over their values (table 四:
    行政复议 | 行政诉讼 over 结果维持 …), from ``data/tables.csv``: only there does a header name a row."""
    return frozenset(r["table_code"] for r in catalog.rows("tables") if r["rows_in_header"] == "true")


@lru_cache(maxsize=1)
def one_header_tables() -> frozenset[str]:
    """The tables printed under one header (``data/template_blocks.csv``: one block), whose rows
    are not named in their header: after their first row of values no row heads anything."""
    blocks: dict[str, set[str]] = {}
    for block in catalog.rows("template_blocks"):
        blocks.setdefault(block["table_code"], set()).add(block["block"])
    return frozenset(table for table, numbers in blocks.items() if len(numbers) == 1) - rows_in_header()


def table_codes() -> tuple[str, ...]:
    """The statistical tables, in the order the reports print them."""
    return tuple(table_titles())


@lru_cache(maxsize=4)
def template_cells(version: str) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """table → its rows in printed order, each with the columns the ``version`` template prints for
    it (``data/template_blocks.csv``: table 二 is printed in blocks with columns of their own; ``*``
    stands for every row or column the vocabulary gives the table in that version)."""
    vocab = sorted((t for t in load_vocabulary() if version in t.versions), key=lambda t: t.ord)
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for block in catalog.rows("template_blocks"):
        if version not in block["versions"].split("|"):
            continue
        table = block["table_code"]

        def codes(field: str, axis: str, table: str = table, block: dict = block) -> tuple[str, ...]:
            if block[field] == "*":
                return tuple(t.code for t in vocab if t.table_code == table and t.axis == axis)
            return tuple(block[field].split("|"))

        columns = codes("columns", "column")
        out.setdefault(table, []).extend((row, columns) for row in codes("rows", "row"))
    return out


@lru_cache(maxsize=1)
def template_versions() -> tuple[str, ...]:
    """The official templates' versions the vocabulary names (V2019, V2021), in order."""
    return tuple(sorted({v for term in load_vocabulary() for v in term.versions}))


@lru_cache(maxsize=1)
def printed_cells() -> frozenset[tuple[str, str, str]]:
    """Every (table, row, column) that some official template prints: a row placed under a
    column its block does not have (a page's repeated header over another block's rows) is no cell."""
    return frozenset((table, row, column) for version in template_versions()
                     for table, rows in template_cells(version).items() for row, columns in rows for column in columns)


def template_column_orders(table_code: str) -> list[list[str]]:
    """A table's value cells as each template prints them, row after row, by column code: table 四's
    fifteen columns under its three groups."""
    return [[column for _, columns in template_cells(version).get(table_code, []) for column in columns]
            for version in template_versions()]


def identity_of(rule: str) -> Identity | None:
    """The identity a rule code checks, or None for a rule that is not an identity."""
    return next((i for i in identities() if i.rule == rule), None)


def printed_form(terms: list, present: set[str]) -> list:
    """Rows of a template as a report printed them: a row that has sub-rows (V2021 （六）其他处理)
    shows either itself or its sub-rows, whichever the report printed."""
    drop: set[str] = set()
    for term in terms:
        kids = {k.code for k in terms if k.parent_code == term.code}
        if kids and present & kids:
            drop.add(term.code)
        elif kids and term.code in present:
            drop |= kids
    return [t for t in terms if t.code not in drop]


def code_labels(name: str, key: str) -> dict[str, str]:
    """A code → its Chinese label, from one of the project's data tables (``data/<name>``, columns
    ``key`` and ``label_zh``): statuses, agency kinds, coverage states, match methods."""
    return {row[key]: row["label_zh"] for row in catalog.rows(name.removesuffix(".csv"))}


def template_terms(table_code: str, axis: str, version: str | None, present: set[str]) -> list:
    """Rows or columns of a table in official order: those of the template version, plus any other
    term the report printed (``present``); rows as the report printed them (:func:`printed_form`)."""
    terms = [t for t in load_vocabulary() if t.table_code == table_code and t.axis == axis
             and ((version in t.versions) or t.code in present)]
    if axis == "row":
        terms = printed_form(terms, present)
    return sorted(terms, key=lambda t: t.ord)


@lru_cache(maxsize=4)
def term_labels(version: str | None = None) -> dict[tuple[str, str, str], str]:
    """(table, axis, code) → its official label on one line; the label of ``version`` where the
    templates differ."""
    def one_line(label: str) -> str:
        return "".join(label.split())

    labels = {(t.table_code, t.axis, t.code): one_line(t.label_zh) for t in load_vocabulary()}
    return labels | {(t.table_code, t.axis, t.code): one_line(t.label_zh) for t in load_vocabulary()
                     if version in t.versions}


def table_short_name(table_code: str) -> str:
    """表二, 表三, 表四: a table as a person names it, from its official title's number."""
    return "表" + table_titles().get(table_code, table_code).partition("、")[0]


def flagged_columns(flag: str) -> frozenset[tuple[str, str]]:
    """(table, column) pairs whose role sets ``flag`` (signed: may be negative; decimals: may have decimals)."""
    return frozenset((t, c) for (t, axis, c), r in term_roles().items() if axis == "column" and r[flag] == "true")


def parts(table: str, axis: str, total: str) -> tuple[str, ...]:
    """The codes of one axis of a table that add up to ``total``, in the printed order."""
    terms = sorted((t for t in load_vocabulary() if t.table_code == table and t.axis == axis), key=lambda t: t.ord)
    roles = term_roles()
    return tuple(t.code for t in terms if roles.get((table, axis, t.code), {}).get("sums_to") == total)


def leaves(table: str, group: str, present: set[str], exclude: tuple[str, ...] = ()) -> list[str]:
    """The printed rows under ``group`` (at any depth) with no printed row under them."""
    terms = {t.code: t for t in load_vocabulary() if t.table_code == table and t.axis != "column"}

    def under(code: str) -> bool:
        parent = terms[code].parent_code
        return parent == group or (parent in terms and under(parent))

    return [t.code for t in terms.values()
            if t.axis == "row" and t.code in present and t.code not in exclude and under(t.code)
            and not any(k.parent_code == t.code and k.code in present for k in terms.values())]


def side_codes(identity: Identity, side: str, present: set[str]) -> list[str]:
    """The codes one side of an identity sums, for a report that printed the ``present`` codes
    (rows when the identity holds per column, columns when per row)."""
    axis = "row" if identity.for_each == "column" else "column"
    kind, _, name = side.partition(":")
    if kind == "parts":
        return list(parts(identity.table_code, axis, name))
    if kind == "leaves":
        other = identity.left if side == identity.right else identity.right
        return leaves(identity.table_code, name, present, exclude=tuple(other.split("+")))
    return side.split("+")


def group_members(table: str, group: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """The rows and row groups directly under ``group``, in printed order (a group prints where
    its first row does)."""
    terms = [t for t in load_vocabulary() if t.table_code == table and t.axis in ("row", "row_group")]

    def first_ord(term) -> int:
        if term.axis == "row":
            return term.ord
        return min((first_ord(k) for k in terms if k.parent_code == term.code), default=term.ord)

    return [t.code for t in sorted((t for t in terms if t.parent_code == group and t.code not in exclude),
                                   key=first_ord)]


def outcome_identity() -> Identity:
    """The identity that adds up how requests ended: a total against the leaves of a row group."""
    (identity,) = (i for i in identities() if i.right.startswith("leaves:"))
    return identity


def outcome_categories() -> tuple[str, list[str]]:
    """The table and the categories of how requests ended: the members of the group whose leaves
    the outcome-sum identity adds up, less the total it compares them with."""
    identity = outcome_identity()
    group = identity.right.split(":", 1)[1]
    return identity.table_code, group_members(identity.table_code, group, exclude=tuple(identity.left.split("+")))
