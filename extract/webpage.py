"""Read a saved web page (``.html``, ``.htm``, ``.shtml``): its text and its ``<table>`` grids.

A portal page carries the tables exactly, as cells with ``rowspan``/``colspan``: no geometry to
guess. The charset is taken from the bytes first (valid UTF-8 is almost never anything else),
then the BOM, the ``<meta>`` declaration, and GB18030 (a superset of GBK and GB2312, which older
portals use). Scripts and styles are ignored and nothing is fetched. Tables used for the page's
layout hold other tables; only the innermost tables are read.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import lxml.etree
import lxml.html

from extract.grids import Grid, source_grid
from extract.markup import Cells, expand_spans, span
from extract.text import PdfText, Rejection
from ogi_data.messages import say
from ogi_data.status import Status

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# GBK and GB2312 pages are decoded as GB18030, their superset (a character outside GB2312 is common)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_IGNORED = ("script", "style", "noscript", "template", "head")
_BLOCKS = {"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
           "article", "header", "footer", "center", "blockquote", "pre", "hr", "dd", "dt", "caption", "title"}
# A page's own heading names the report before the portal's menus do.
_HEADINGS = "//title | //h1 | //h2 | //h3 | //*[contains(@class, 'title')] | //*[contains(@id, 'title')]"
_MAX_SPAN = 1000
# A table's picture: larger than an icon, smaller than a photograph gone wrong; a page shows a few.
MIN_PICTURE_BYTES = 2_000
MAX_PICTURE_BYTES = 20_000_000
MAX_PICTURES = 12


def read_webpage(path: Path) -> tuple[PdfText, list[Grid], int, list[Path]] | Rejection:
    """The page's text (its headings first), the grid of each innermost ``<table>`` (numbered in
    page order), how many pictures it shows and those of them saved beside it; or why it cannot be
    read."""
    data = path.read_bytes()
    if not data.strip():
        return Rejection(Status.UNREADABLE, say("file_empty"))
    text = decode_markup(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        return Rejection(Status.UNREADABLE, say("html_unparsable", why=str(exc)[:200]))
    headings = [_text_of(el) for el in root.xpath(_HEADINGS)]
    for el in root.xpath("|".join(f"//{tag}" for tag in _IGNORED if tag != "head")):
        el.drop_tree()
    body = root.find("body")
    page = _text_of(body if body is not None else root)
    innermost = [t for t in root.iter("table") if not t.xpath(".//table")]
    grids = [source_grid(n, *expand_spans(_rows(table))) for n, table in enumerate(innermost, 1)]
    sources = [str(src) for src in root.xpath("//img/@src")]
    return (PdfText(pages=["\n".join([*headings, page])]), [g for g in grids if g.cells], len(sources),
            saved_pictures(path, sources))


def saved_pictures(page: Path, sources: list[str]) -> list[Path]:
    """The pictures a page shows that a browser's "save complete page" put beside it (``x_files/``):
    relative paths to files inside the page's folder, of a size a table's picture has; nothing is
    fetched."""
    folder = page.parent.resolve()
    found: list[Path] = []
    for src in dict.fromkeys(sources):
        if not src or re.match(r"^[a-zA-Z][\w+.-]*:|^//", src):  # http:, data:, //host: not a saved file
            continue
        picture = (folder / unquote(src.split("?")[0].split("#")[0])).resolve()
        if picture.is_relative_to(folder) and picture.is_file() \
                and MIN_PICTURE_BYTES <= picture.stat().st_size <= MAX_PICTURE_BYTES:
            found.append(picture)
    return found[:MAX_PICTURES]


def decode_markup(data: bytes) -> str:
    """The page's text: UTF-8 when the bytes are valid UTF-8, else its BOM's or ``<meta>``'s
    charset, else GB18030; what still fails to decode is replaced, never an error."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    codec = declared.group(1).decode("ascii").lower() if declared else "gb18030"
    codec = _SUPERSETS.get(codec, codec)
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return data.decode("gb18030", errors="replace")


def _rows(table) -> list[list[Cells]]:
    """Each row's cells as (text, colspan, rowspan), in the order they are printed."""
    rows = []
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        rows.append([(_text_of(td), span(td.get("colspan"), _MAX_SPAN), span(td.get("rowspan"), _MAX_SPAN))
                     for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")])
    return rows


def _text_of(element) -> str:
    """An element's text as a browser shows it: a line per block or ``<br>``, spaces folded."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _IGNORED:
            return
        if tag in _BLOCKS:
            parts.append("\n")
        elif tag in ("td", "th"):
            parts.append("\t")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCKS:
            parts.append("\n")

    walk(element)
    lines = (" ".join(line.replace("\xa0", " ").split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
