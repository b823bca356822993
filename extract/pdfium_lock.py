"""PDFium, set up once per process: one lock (it is not thread-safe) and fonts for CJK text.

Many reports use a CJK font they do not embed (宋体, reportlab's STSong-Light). PDFium then
takes glyph shapes and boxes from an installed font of the same script, and on a machine
with none it loses characters (商业企业 read as 商业机) and gives empty glyph boxes. So
PDFium is started again with the system font folders plus the Noto Sans CJK collection that
ships as a Python package (``noto-cjk-sans-otc``): the same text on every machine, offline.
"""

from __future__ import annotations

import ctypes
import threading
from importlib.resources import files

import pypdfium2  # noqa: F401 - initialises PDFium, which is restarted below
import pypdfium2.raw as pdfium_c

PDFIUM = threading.RLock()

# PDFium's own font folders on Linux; a configured list replaces them, so they are repeated.
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/share/X11/fonts/Type1", "/usr/share/X11/fonts/TTF",
                    "/usr/local/share/fonts")
BUNDLED_FONT_PACKAGE = "noto_cjk_sans_otc"


def font_dirs() -> list[str]:
    """The folders PDFium searches for fonts a PDF does not embed: the system's, then the bundled CJK font."""
    return [*SYSTEM_FONT_DIRS, str(files(BUNDLED_FONT_PACKAGE))]


def _restart_with_fonts(dirs: list[str]) -> list:
    """Restart PDFium with ``dirs`` as its font folders (before any document is open).

    Returns the C strings passed, kept alive for the life of the process.
    """
    char_p = ctypes.POINTER(ctypes.c_char)
    strings = [ctypes.create_string_buffer(d.encode()) for d in dirs]
    array = (char_p * (len(dirs) + 1))(*[ctypes.cast(s, char_p) for s in strings], None)
    config = pdfium_c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=ctypes.cast(array, ctypes.POINTER(char_p)),
                                          m_pIsolate=None, m_v8EmbedderSlot=0)
    with PDFIUM:
        pdfium_c.FPDF_DestroyLibrary()
        pdfium_c.FPDF_InitLibraryWithConfig(config)
    return [strings, array, config]


_KEEP_ALIVE = _restart_with_fonts(font_dirs())
