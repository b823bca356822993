"""PDFium is not thread-safe: every use of it in one process goes through this lock."""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
