"""Pages as pictures a person reads beside the numbers (``ogi review``, ``ogi inspect --html``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import pypdfium2 as pdfium

from extract.pdfium_lock import PDFIUM

# 1.5 × 72 dpi: a 10-point digit is 15 px high, readable on screen, and an A4 page is ~100 KB as JPEG.
REVIEW_SCALE = 1.5
JPEG_QUALITY = 80


@dataclass(frozen=True)
class PageImage:
    """One page as displayed (its /Rotate applied), as a greyscale JPEG, and its size in PDF points."""

    page: int
    jpeg: bytes
    width_pt: float
    height_pt: float


def page_images(path: Path, pages: list[int], scale: float = REVIEW_SCALE) -> list[PageImage] | str:
    """The given pages (1-based) of a PDF as pictures, or one sentence saying why they cannot be drawn."""
    if not path.is_file():
        return f"找不到文件 {path}，无法显示原件页面。"
    images: list[PageImage] = []
    with PDFIUM:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            return f"无法打开文件 {path.name}（{exc}），无法显示原件页面。"
        try:
            for number in pages:
                if not 1 <= number <= len(doc):
                    continue
                page = doc[number - 1]
                width, height = page.get_size()  # as displayed
                bitmap = page.render(scale=scale, grayscale=True)
                ok, jpeg = cv2.imencode(".jpg", bitmap.to_numpy(), [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
                if ok:
                    images.append(PageImage(number, jpeg.tobytes(), width, height))
        finally:
            doc.close()
    return images
