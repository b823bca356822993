"""Read a page that has no text layer from its image, into the same grids the text path makes.

A scanned page is rendered (``RENDER_DPI``), turned straight (the angle of its long horizontal
rules), and its ruled grid found by camelot's lattice parser on the straightened image (written
as a one-page PDF). Each region of the grid (merged cells are one region) is cut from the image
with a margin inside its rules, split into text lines by the rows of ink, and each line read by
the PP-OCR recognition model alone (no text detection: the grid already says where text is).
The model ships inside the ``rapidocr-onnxruntime`` wheel and runs on onnxruntime, offline.

A line with no Hanzi is decoded again from the same model output restricted to digits and the
marks numbers use (``0-9 . , - + / %``), so that a small 5 cannot turn into a comma. Each
region keeps its lowest character confidence: a value read below the configured threshold is
listed for review (transform/review.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import metadata
from pathlib import Path

import numpy as np

from extract import ocr_cache
from extract.cells import _merged_regions
from extract.grids import ImageRulesLattice
from extract.ocr_cache import OcrCount
from ogi_data.strings import HANZI

RENDER_DPI = 300
SCREEN_DPI = 96  # a picture on a web page is drawn at this many pixels an inch
MAX_PIXELS = 12_000_000  # an A4 page at 300 dpi has 8.7 million
MODEL_PACKAGE = "rapidocr-onnxruntime"
REC_MODEL = "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx"
REC_HEIGHT = 48
REC_MIN_WIDTH = 32  # a lone digit is padded to this width (the model reads it at 4 steps)
REC_BATCH = 4  # lines of similar width run together; larger batches cost more here (padding)
NUMBER_MARKS = "0123456789.,-+/%"
END_NOISE = set(".,-+．，。、·")  # marks a speck is read as; never at either end of a value
MINUS = {"-"}
DROPPED_MINUS = 0.3  # the confidence of a value whose read minus was not drawn
LEADING_ZERO = 0.5  # the confidence of a value read with a 0 before its other digits (012)
POINT_SEEN = 0.05  # a decimal point this likely between two digits, though not read, is a doubt …
POINT_DOUBT = 0.5  # … and the value's confidence is at most this
# A mark whose width and height are both under SPECK_PT points is no character's stroke: a speck,
# unless it stands within NEAR_PT of a character (a decimal point, a minus, an enumerator's dot).
SPECK_PT = 3.0
NEAR_PT = 3.5
JOIN_PT = 1.0
LINE_SHARE = 0.6  # a line (or a group of marks in it) lower than this share of the tallest is no text
GROUP_GAP = 1.5  # marks further apart than this many line heights are separate groups
APART = 4  # texts further apart than this many line heights on one line outside a table are two
LINE_MIN_PT = 5.0  # the dark ink of a line of 7-pt print is taller than this; half a character is not
LINE_WIDE = 2.5  # a line told apart from another by its dark ink alone is this many times as wide as tall
ONE_BIT_SHARE = 0.85  # a page image this share of pure black and white is a 1-bit scan
SMOOTH_PT = 0.3  # the blur given a 1-bit page for its second reading, in points
SURE_CONFIDENCE = 0.9  # a cell read this sure counts for its reading when two are compared
# a title line read less surely than this may hold a misread character (盐池县 read as 盐他县 with
# 0.97 of its characters' least confidence; right titles come at 0.99 and above)
TITLE_SURE = 0.99
DASH_ACROSS_PT = 2.5  # a dash or a dot of a rule is thinner than this across the rule
DASH_GAP_PT = 2.5  # the gap between two dashes or dots of a rule, blurred by the scan
DASHED_RULE_PT = 30.0  # a dashed rule is a row of dashes at least this long
DASHED_SIDE_PT = 5.0  # … or at least this long from one rule to another (a cell's side)
RULE_PIECE_PT = 12.0  # a side of a cell's box is longer than this; a character's stroke is shorter
RULE_THICK_PT = 2.5  # a rule is thinner than this, a heading's bold stroke is not
TEXT_SHARE = 0.2  # a run this much beside characters' strokes is their joined bottoms
BOX_GAP_PT = 4.5  # the sides of cell boxes drawn apart stand at most this far from each other
DOUBLED_PT = 5.0  # no row or column of a table is thinner than this
OUTSIDE_SHARE = 0.3  # ink outside the tables found beyond this share may be a table not found yet
COLUMN_GAP = 2  # a gap this many times a line's height parts a table's columns, not words
LINE_TALL = 1.8  # a band of characters this many times the page's usual line is no line of text
LATER_CELLS = 12  # a table the later ways find has this many cells at least
FRAME_SHARE = 0.75  # a web page's content cell spans this share of the grid found with it at least
FAINT_RUN_PT = 12.0  # a faint rule is told from the paper's grain by its mean along this run
FAINT_LEVEL = 244  # a flattened page's paper averages above this along such a run
SKEW_MAX = 3.0  # a page is fed at most this many degrees askew
LINES_AT_ONCE = 12  # free lines recognised together while looking for the title
RULE_BLOCK_PT = 4  # half the side of camelot's threshold block on a page image, in points
PAPER_FLOOR = 215  # a flattened page's paper is 255; its grain and JPEG noise stay above this
LONE_STROKES = {"1", "/", "l", "I", "|"}  # one stroke: a 1 or a "not applicable" slash, told by its slant
STROKE_LOOKALIKES = {"7"}  # a faint slash the model doubts may come out as one of these
HOLE_SHARE = 0.15  # a hole at least this share of its mark's ink is a 0's counter
SLASH_CONFIDENCE = 0.95  # a lone stroke leaning like a slash is one, whatever the model's doubt
UNREAD_STROKE_CONFIDENCE = 0.5  # a standing stroke the model read as nothing: a 1, to be checked
STROKE_TALL = 1.8  # a mark this many times as tall as wide is one stroke
STROKE_LEAN_DEGREES = 35  # a slash leans about 17° from upright; a dash lies flat
STROKE_MAX_PT = 14  # a slash is one character tall: a 12-pt one is under this
OPEN_ZERO_CONFIDENCE = 0.95  # a 0 whose thin top and bottom a 1-bit scan lost, told by its two bows
OPEN_ZERO_BOW = 0.03  # each side of such a 0 bulges outward at mid-height by this share of its height
RING_TALL = 1.2  # a 0 is this many times as tall as wide at least (a printed one is about 1.5)
RING_HOLE = 0.6  # a 0's counter is this share of its height at least; a 6's or a 9's is about half
RING_ZERO_CONFIDENCE = 0.5  # a 0 told by its shape where the model read nothing: in doubt
MARK_SHARE = 0.4  # a mark lower than this share of a line's tallest is no digit (a point, a minus, a speck)
SPECK_ROUND = 2.0  # a mark this many times as wide as tall at the digits' top is a bar, not a speck
PIECES_THIN = 4.0  # pieces whose spread along their axis is this many times that across are one stroke


class OcrUnavailable(RuntimeError):
    """The recognition model or onnxruntime is not installed (the ``ocr`` extra)."""


@dataclass
class OcrGrid:
    """One ruled table read from a page image: as a text grid, with each cell's lowest character
    confidence (None for a blank cell) and its box in PDF points (x0, y0, x1, y1; origin top left;
    on the image, times the render's dpi / 72)."""

    page: int
    cells: list[list[str]]
    confidence: list[list[float | None]]
    boxes: list[list[tuple[float, float, float, float]]]
    cols: list[tuple[float, float]] = field(default_factory=list)


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the recognition model and onnxruntime are installed (looked up once per process:
    the package lookup costs milliseconds, and every file asks)."""
    try:
        _model_path()
        import onnxruntime  # noqa: F401
    except (OcrUnavailable, ImportError):
        return False
    return True


def _model_path() -> Path:
    try:
        path = Path(str(metadata.distribution(MODEL_PACKAGE).locate_file(REC_MODEL)))
    except metadata.PackageNotFoundError as exc:
        raise OcrUnavailable(f"{MODEL_PACKAGE} is not installed") from exc
    if not path.is_file():
        raise OcrUnavailable(f"{path} is missing")
    return path


class Recogniser:
    """The PP-OCR recognition model: line images in, (text, confidence) out."""

    def __init__(self) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # parallelism comes from the worker processes
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(_model_path()), options, providers=["CPUExecutionProvider"])
        characters = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        # CTC output: 0 is the blank, then the model's characters, then a space
        self.alphabet = ["", *characters, " "]
        allowed = [i for i, ch in enumerate(self.alphabet) if ch and ch in NUMBER_MARKS]
        self.number_mask = np.full(len(self.alphabet), -np.inf, dtype=np.float32)
        self.number_mask[[0, *allowed]] = 0.0
        self.point = self.alphabet.index(".")

    def read(self, lines: list[np.ndarray]) -> list[tuple[str, float]]:
        """Each line image (grey, ink dark) read as text with its lowest character confidence; a
        line without Hanzi is read as a number by :func:`number_text`. A number read as nothing
        or in doubt is read once more without the stray marks beside it (:func:`without_marks`),
        and the surer reading is kept."""
        out = self._read_all(lines)
        doubtful = [i for i, (text, score) in enumerate(out)
                    if (not text or score < SURE_CONFIDENCE) and not HANZI.search(text)]
        bare = {i: image for i in doubtful if (image := without_marks(lines[i])) is not None}
        again = self._read_all(list(bare.values())) if bare else []
        for i, reading in zip(bare, again, strict=True):
            if bare_reading_kept(out[i], reading):
                out[i] = reading
        return out

    def _read_all(self, lines: list[np.ndarray]) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = [("", 1.0)] * len(lines)
        order = sorted(range(len(lines)), key=lambda i: lines[i].shape[1] / lines[i].shape[0])
        for start in range(0, len(order), REC_BATCH):
            batch = order[start:start + REC_BATCH]
            width = max(_scaled_width(lines[i]) for i in batch)
            tensor = np.stack([_normalised(lines[i], width) for i in batch])
            probs = self.session.run(None, {self.session.get_inputs()[0].name: tensor})[0]
            for i, p in zip(batch, probs, strict=True):
                out[i] = self._interpreted(lines[i], p)
        return out

    def _interpreted(self, line: np.ndarray, probs: np.ndarray) -> tuple[str, float]:
        """One line's model output as text and its lowest confidence, with the number grammar and
        the strokes the model misreads (a slash, a 1, an open 0) told by their shape."""
        chars, scores = self._decode(probs)
        if chars and not HANZI.search("".join(chars)):
            minus = _minus_first(line)
            chars, scores = number_text(chars, scores, minus)
            point_missed = "." not in chars and (self._point_between(probs) or _point_drawn(line))
            if scores and (point_missed or (minus and chars[0] != "-")):
                # 12.5 read as 125, or -1 as 1: a person checks
                scores = [min(scores[0], POINT_DOUBT), *scores[1:]]
        text = "".join(chars).strip()
        confidence = min(scores) if scores else 1.0
        if text[:1] == "-" and text[1:] in LONE_STROKES | STROKE_LOOKALIKES:
            rest = _without_first_mark(line)
            if _one_stroke(rest) and _slanted(rest):
                # a dash (or a speck at mid-height) before a slash: no number is a negative slash;
                # the slash, as sure as the model was of the pair (a person checks a doubt)
                return "/", confidence
        bare = without_marks(line) if text in STROKE_LOOKALIKES else None
        if text in STROKE_LOOKALIKES and confidence < SLASH_CONFIDENCE and _one_stroke(line):
            # a faint slash the model doubts comes out as a 7: a slant makes it the slash,
            # still in doubt (a narrow 7 leans too)
            text = "/" if _slanted(line) else text
        elif bare is not None and _one_stroke(bare) and _slanted(bare):
            # a speck at a slash's head reads as a 7's bar, however sure the model: without it the
            # mark is one leaning stroke (a 7's bar is joined to its stem); a person checks
            text, confidence = "/", min(confidence, POINT_DOUBT)
        elif (confidence < SURE_CONFIDENCE or text in ("", "()")) and _open_zero(line, text == "0"):
            # a black-and-white scan keeps a thin-stroked 0's sides and loses its top and
            # bottom: two bows facing each other, which no other digit makes; read by the
            # model as nothing, a 0 or a 1 (one stroke, not two), a 0; else a 0 in doubt
            sure = text in ("", "()", "0", "1")
            text, confidence = "0", OPEN_ZERO_CONFIDENCE if sure else confidence
        elif not text and _ring(line):
            # one closed ring, tall, its paper inside as tall as the digit: a 0 the model read as
            # nothing (a speck on its rim); no other digit is drawn so, but a person checks
            text, confidence = "0", RING_ZERO_CONFIDENCE
        elif text in LONE_STROKES or (not text and _one_stroke(line)):
            # the model takes a small slash for a 1, or reads nothing: the stroke's slant decides
            if _slanted(line):
                text, confidence = "/", max(confidence, SLASH_CONFIDENCE)
            else:
                text, confidence = "1", confidence if text else UNREAD_STROKE_CONFIDENCE
        return text, confidence

    def _point_between(self, probs: np.ndarray) -> bool:
        """Whether the model saw a decimal point between the first and last character it read, if
        not as its best guess (a faint point under blur: 12.5 read as 125)."""
        steps = np.nonzero(probs.argmax(axis=1) != 0)[0]
        if len(steps) < 2:
            return False
        return bool(probs[steps[0] + 1:steps[-1], self.point].max(initial=0.0) >= POINT_SEEN)

    def _decode(self, probs: np.ndarray) -> tuple[list[str], list[float]]:
        chars, scores = _ctc(probs, self.alphabet)
        if chars and not HANZI.search("".join(chars)):
            # no Hanzi: a number; decode again among digits and number marks only
            masked = np.where(np.isfinite(self.number_mask), probs, 0.0)
            masked = masked / np.maximum(masked.sum(axis=1, keepdims=True), 1e-9)
            chars, scores = _ctc(masked, self.alphabet)
        return chars, scores


def number_text(chars: list[str], scores: list[float], minus_drawn: bool) -> tuple[list[str], list[float]]:
    """A value's characters as the number grammar allows them (``-?1,234.5``, ``/``): a point,
    comma or sign at either end is a speck read as a mark, not a character, and goes; a leading
    minus stays only where a dash is drawn before the digits (``minus_drawn``), and one read but
    not drawn leaves the value in doubt (its confidence DROPPED_MINUS: a sign must be checked by
    a person). A decimal point between digits stays, full-width or not. A 0 read before other
    digits (``012``) is in doubt too (LEADING_ZERO)."""
    pairs = [(c, s) for c, s in zip(chars, scores, strict=True) if c.strip()]
    while pairs and pairs[-1][0] in END_NOISE:
        pairs.pop()
    doubt = False
    while pairs and pairs[0][0] in END_NOISE:
        if pairs[0][0] in MINUS and len(pairs) > 1 and pairs[1][0].isdigit():
            if minus_drawn:
                break
            doubt = True
        pairs.pop(0)
    kept = [s for _, s in pairs]
    if doubt and kept:
        kept[0] = min(kept[0], DROPPED_MINUS)
    digits = [k for k, (c, _) in enumerate(pairs) if c.isdigit()]
    if len(digits) > 1 and pairs[digits[0]][0] == "0" and pairs[digits[0] + 1][0].isdigit():
        # no one prints 012: a 0 before other digits is a rule's or a speck's ring, or a digit misread
        kept[digits[0]] = min(kept[digits[0]], LEADING_ZERO)
    return [c for c, _ in pairs], kept


def bare_reading_kept(first: tuple[str, float], bare: tuple[str, float]) -> bool:
    """Whether a number's second reading, without stray marks, replaces its first: when the first
    read nothing, or the second is surer and has as many digits. A speck adds a character, never
    takes one: a reading with fewer digits lost a piece of one (a faint 6 broken at low
    resolution), unless it is the slash a speck made a 7; and a slash read in doubt stays one (its
    specks gone, the stroke alone may read as a 7 or a 1)."""
    (text, score), (again, surer) = first, bare
    digits_kept = sum(ch.isdigit() for ch in again) >= sum(ch.isdigit() for ch in text) or again == "/"
    return bool(again) and (not text or (surer > score and digits_kept and text != "/"))


def without_marks(line: np.ndarray) -> np.ndarray | None:
    """A number's line image without the stray marks beside its characters (specks the page's speck
    removal kept for standing near them: above, below or after a 0), or None when it has none.
    A mark is stray when it is under MARK_SHARE of the tallest mark's height and is neither a bar at
    the digits' top (SPECK_ROUND), a decimal point (between two tall marks, low in the line) nor a
    minus (before them, at their middle height, lying flat). A piece the scan broke off a digit may
    be taken for one: see :func:`bare_reading_kept`."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    if count <= 2:
        return None
    marks = stats[1:]
    heights = marks[:, cv2.CC_STAT_HEIGHT]
    tall = heights >= MARK_SHARE * heights.max()
    top = marks[tall, cv2.CC_STAT_TOP].min()
    bottom = (marks[tall, cv2.CC_STAT_TOP] + heights[tall]).max()
    lefts, rights = marks[tall, cv2.CC_STAT_LEFT], marks[tall, cv2.CC_STAT_LEFT] + marks[tall, cv2.CC_STAT_WIDTH]
    height = bottom - top
    stray = []
    for k, (x, y, w, h, _) in enumerate(marks):
        if tall[k]:
            continue
        centre, middle = x + w / 2, y + h / 2
        if w > SPECK_ROUND * h and middle <= top + height / 4:
            continue  # a bar lying flat at the digits' top: a 7's or a 5's, broken off by faint print
        point = rights.min() <= centre <= lefts.max() and middle >= top + height / 2
        minus = centre < lefts.min() and w >= 1.3 * h and top + height / 4 <= middle <= top + 3 * height / 4
        if not (point or minus):
            stray.append(k + 1)
    if not stray:
        return None
    bare = line.copy()
    bare[np.isin(labels, stray)] = 255
    return bare


def _without_first_mark(line: np.ndarray) -> np.ndarray:
    """A line image with its leftmost mark painted over with paper."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    if count <= 1:
        return line
    first = 1 + int(np.argmin(stats[1:, cv2.CC_STAT_LEFT]))
    rest = line.copy()
    rest[labels == first] = 255
    return rest


def _point_drawn(line: np.ndarray) -> bool:
    """Whether a small round mark sits on the baseline between two digits of a line image (a
    decimal point), whatever the model read."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    if count <= 3:
        return False
    marks = stats[1:]
    tall = marks[:, cv2.CC_STAT_HEIGHT] >= 0.6 * marks[:, cv2.CC_STAT_HEIGHT].max()
    if tall.sum() < 2:
        return False
    digits = marks[tall]
    top = digits[:, cv2.CC_STAT_TOP].min()
    bottom = (digits[:, cv2.CC_STAT_TOP] + digits[:, cv2.CC_STAT_HEIGHT]).max()
    left = (digits[:, cv2.CC_STAT_LEFT] + digits[:, cv2.CC_STAT_WIDTH]).min()
    right = digits[:, cv2.CC_STAT_LEFT].max()
    height = bottom - top
    for x, y, w, h, _ in marks[~tall]:
        round_ = 0.5 <= w / max(h, 1) <= 2 and h <= 0.3 * height
        centre = x + w / 2
        if round_ and left - 1 <= centre <= right + w and y + h >= bottom - 0.35 * height:
            return True
    return False


def _minus_first(line: np.ndarray) -> bool:
    """Whether the first mark of a line image is a dash before the digits: wider than tall, much
    lower than the tallest mark, at its middle height and close to the next mark (a minus sign,
    not a speck)."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    if count <= 2:
        return False
    marks = stats[1:][np.argsort(stats[1:, cv2.CC_STAT_LEFT])]
    tallest = marks[np.argmax(marks[:, cv2.CC_STAT_HEIGHT])]
    x, y, w, h = marks[0][:4]
    top, height = tallest[cv2.CC_STAT_TOP], tallest[cv2.CC_STAT_HEIGHT]
    middle = y + h / 2
    gap = marks[1][cv2.CC_STAT_LEFT] - (x + w)
    return _dash_shape(w, h, middle - top, height) and bool(gap <= 0.6 * height)


def _dash_shape(width: int, height: int, middle: float, line_height: int, wide: float = 1.3) -> bool:
    """Whether a mark ``width`` × ``height`` centred ``middle`` below a line's top is a minus's
    shape: ``wide`` times as wide as tall at least, far lower than the line and at its middle
    height (a minus cut by a crop keeps less of its width)."""
    return bool(width >= wide * height and height <= 0.35 * line_height
                and line_height / 3 <= middle <= 2 * line_height / 3)


def _slanted(line: np.ndarray) -> bool:
    """Whether the one stroke in a line image leans like a slash, rather than standing like a 1
    (the pieces of a stroke the scan broke, together; else its largest mark alone: a speck beside
    it must not tilt the fit)."""
    import cv2

    pieces = _stroke_pixels(line)
    if pieces is None:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
        if count <= 1:
            return False
        pieces = np.nonzero(labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA])))
    ys, xs = pieces
    if len(xs) < 10:
        return False
    # the stroke's x against y: a slash moves left as it goes down (about -0.3 for a steep one),
    # a 1 stands or leans right with its flag (0 to +0.1)
    slope = np.polyfit(ys.astype(float), xs.astype(float), 1)[0]
    return slope < -0.15


def _one_stroke(line: np.ndarray) -> bool:
    """Whether a line image holds one tall, thin mark (a 1 or a slash), whole or broken by the scan
    into pieces along one line, and nothing else of size."""
    return _stroke_pixels(line) is not None


def _stroke_pixels(line: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The pixels (ys, xs) of the one tall, thin stroke a line image holds, or None. A stroke is
    one mark at least STROKE_TALL times as tall as wide with no hole, or several marks that lie
    along one near-vertical line (a faint slash a 1-bit scan cut into dashes) and together are as
    thin; marks under a tenth of the largest are specks and left out."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    if not len(sizes):
        return None
    big = [k + 1 for k, area in enumerate(sizes) if area >= 0.1 * sizes.max()]
    if any(_has_hole(labels == k) for k in big):
        return None
    if len(big) == 1:
        w, h = stats[big[0], cv2.CC_STAT_WIDTH], stats[big[0], cv2.CC_STAT_HEIGHT]
        return np.nonzero(labels == big[0]) if h >= STROKE_TALL * w else None
    if any(stats[k, cv2.CC_STAT_WIDTH] > 1.5 * stats[k, cv2.CC_STAT_HEIGHT] for k in big):
        return None  # a piece lying flat is a character's stroke (二, 三 printed top to bottom), no dash of a slash
    ys, xs = np.nonzero(np.isin(labels, big))
    if len(xs) < 10:
        return None
    # the pieces' spread along and across their main axis
    coords = np.stack([xs, ys]).astype(float)
    eigenvalues, vectors = np.linalg.eigh(np.cov(coords))
    across, along = np.sqrt(np.maximum(eigenvalues, 0.0))
    axis = vectors[:, 1]
    near_vertical = abs(axis[1]) >= np.cos(np.radians(STROKE_LEAN_DEGREES))
    return (ys, xs) if near_vertical and along >= PIECES_THIN * across else None


def _open_zero(line: np.ndarray, read_as_zero: bool = False) -> bool:
    """Whether a line image holds just the two sides of a 0, its top and bottom lost: two tall
    marks (specks left out) side by side, as tall as each other, a little apart, with no hole, the
    left bulging left at mid-height and the right bulging right (a 1's stroke stands straight);
    half the bulge will do when the model too read a 0."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    if len(sizes) < 2:
        return False
    big = [k + 1 for k, area in enumerate(sizes) if area >= 0.1 * sizes.max()]
    if len(big) != 2:
        return False
    left, right = sorted(big, key=lambda k: stats[k, cv2.CC_STAT_LEFT])
    (lx, ly, lw, lh), (rx, ry, rw, rh) = stats[left, :4], stats[right, :4]
    height = max(lh, rh)
    overlap = min(ly + lh, ry + rh) - max(ly, ry)
    gap = rx - (lx + lw)
    if (min(lh, rh) < 0.75 * height or overlap < 0.8 * min(lh, rh) or min(lh / lw, rh / rw) < STROKE_TALL
            or not 0.1 * height <= gap <= height or _has_hole(labels == left) or _has_hole(labels == right)):
        return False
    least = OPEN_ZERO_BOW / 2 if read_as_zero else OPEN_ZERO_BOW
    return _bow(labels == left, -1) >= least and _bow(labels == right, 1) >= least


def _ring(line: np.ndarray) -> bool:
    """Whether a line image holds one mark of size (specks aside), taller than wide, round a hole
    of paper at least RING_HOLE of its height: a 0 (a 6 or a 9 closes a smaller loop, an 8 two)."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink(line), connectivity=8)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    if not len(sizes):
        return False
    big = [k + 1 for k, area in enumerate(sizes) if area >= 0.1 * sizes.max()]
    if len(big) != 1:
        return False
    _, _, w, h = stats[big[0], :4]
    if h < RING_TALL * w:
        return False
    contours, hierarchy = cv2.findContours((labels == big[0]).astype(np.uint8), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return False
    holes = [cv2.boundingRect(c)[3] for c, link in zip(contours, hierarchy[0], strict=True) if link[3] >= 0]
    return len(holes) == 1 and holes[0] >= RING_HOLE * h


def _bow(mark: np.ndarray, side: int) -> float:
    """How far a tall mark's outer edge (``side`` -1: its left, +1: its right) stands out at its
    middle third beyond its top and bottom fifths, as a share of its height (a stroke that thickens
    where a 0's side is thickest bulges too; a 1's flag and foot stand out at its ends)."""
    ys, xs = np.nonzero(mark)
    ys = ys - ys.min()
    height = int(ys.max()) + 1
    outer = np.full(height, -np.inf)
    np.maximum.at(outer, ys, side * xs.astype(float))  # each row's outermost inked pixel
    inked = np.isfinite(outer)
    rows, edge = np.nonzero(inked)[0] / height, outer[inked]
    middle, ends = edge[(rows >= 1 / 3) & (rows < 2 / 3)], edge[(rows < 0.2) | (rows >= 0.8)]
    if not len(middle) or not len(ends):
        return 0.0
    return float(middle.mean() - ends.mean()) / height


def _has_hole(mark: np.ndarray) -> bool:
    """Whether a mark encloses paper of some size (a narrow 0; not a 1 or a slash, whose faint
    stroke may leave a pinhole of a few pixels)."""
    import cv2

    contours, hierarchy = cv2.findContours(mark.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return False
    least = HOLE_SHARE * int(mark.sum())
    return any(h[3] >= 0 and cv2.contourArea(c) >= least for c, h in zip(contours, hierarchy[0], strict=True))


def _ctc(probs: np.ndarray, alphabet: list[str]) -> tuple[list[str], list[float]]:
    """Greedy CTC decoding: the best class per step, repeats and blanks dropped; each character
    kept with its probability."""
    best = probs.argmax(axis=1)
    keep = (best != 0) & np.concatenate(([True], best[1:] != best[:-1]))
    scores = probs[np.arange(len(best)), best][keep]
    return [alphabet[k] for k in best[keep]], [float(v) for v in scores]


def _scaled_width(line: np.ndarray) -> int:
    h, w = line.shape
    return max(REC_MIN_WIDTH, int(np.ceil(w * REC_HEIGHT / h)))


def _normalised(line: np.ndarray, width: int) -> np.ndarray:
    """The model's input: 3 × 48 × width, values in [-1, 1], the line left-aligned and padded with
    zeros, mid-grey, as PP-OCR pads its batches (padding with white read the 200 fuzzed scans
    worse: 94.94 % of cells against 95.10 %)."""
    import cv2

    resized = cv2.resize(line, (_scaled_width(line), REC_HEIGHT), interpolation=cv2.INTER_AREA)
    out = np.zeros((3, REC_HEIGHT, width), dtype=np.float32)
    scaled = resized.astype(np.float32) / 127.5 - 1.0
    out[:, :, :scaled.shape[1]] = scaled
    return out


@lru_cache(maxsize=1)
def recogniser() -> Recogniser:
    """One model per process, loaded on first use."""
    return Recogniser()


def preload_model() -> bool:
    """Load the recognition model now (a worker does before its memory limit is measured), or
    return False when none is installed (scans then stay ``needs_ocr``)."""
    try:
        recogniser()
    except OcrUnavailable:
        return False
    return True


# ---------------------------------------------------------------- the page image


def page_image(page, dpi: int = RENDER_DPI) -> np.ndarray:
    """The page rendered at ``dpi`` as grey, each pixel its lightest colour channel: black print
    stays dark while a red (or blue) seal over the text turns light (pypdfium2 page; the caller
    holds the PDFIUM lock)."""
    image = page.render(scale=dpi / 72).to_numpy()
    return image.max(axis=2) if image.ndim == 3 else image.copy()


def ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels (text and rules) as 255, paper as 0, by Otsu's threshold of ``gray`` itself."""
    import cv2

    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def skew_angle(gray: np.ndarray, scale: float | None = None) -> float:
    """The page's skew in degrees, from its long horizontal rules (0 when it has none). Given
    ``scale`` (pixels a point), a page with no solid rule is measured by its dashed or dotted
    ones, joined (:func:`dashes_joined`) in all the ink darker than the paper."""
    angle = _rules_angle(ink(gray))
    if angle is None and scale is not None:
        joined = dashes_joined(np.where(gray <= PAPER_FLOOR, 0, 255).astype(np.uint8), scale, sides=False)
        angle = _rules_angle(np.where(joined == 0, 255, 0).astype(np.uint8))
        if angle is None:
            # dashes too far askew to be joined: the turn that lines up the page's ink in rows
            angle = _rows_angle(np.where(joined == 0, 255, 0).astype(np.uint8))
    return angle or 0.0


def _rows_angle(mask: np.ndarray) -> float:
    """The turn, in degrees up to SKEW_MAX, after which a mask's ink (255) falls into the
    sharpest rows: lines of text and rows of dots lie along the page."""
    import cv2

    step = max(1, mask.shape[1] // 800)
    small = cv2.resize(mask, (mask.shape[1] // step, mask.shape[0] // step), interpolation=cv2.INTER_AREA)

    def sharpness(angle: float) -> float:
        rows = straightened(255 - small, angle).astype(np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-SKEW_MAX, SKEW_MAX + 0.01, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.2, best + 0.21, 0.05), key=sharpness))


def _rules_angle(mask: np.ndarray) -> float | None:
    """The weighted median slope, in degrees, of the long horizontal runs of a mask (ink 255)."""
    import cv2

    h, w = mask.shape
    lines = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 40), 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    angles, weights = [], []
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        if bw < w // 6 or y == 0 or y + bh == h:
            continue  # short, or a photocopy's dark edge along the image's top or bottom: no rule
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == k)
        if len(xs) < 10:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(np.degrees(np.arctan(slope)))
        weights.append(bw)
    if not angles:
        return None
    order = np.argsort(angles)
    cumulative = np.cumsum(np.array(weights)[order])
    return float(np.array(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])  # weighted median


def straightened(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image turned by ``angle`` degrees back to level, white where the turn uncovers paper."""
    import cv2

    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def flattened(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page with its paper made white: each pixel divided by the paper's local brightness, so
    that uneven light, a photocopy's dark edge and grey paper do not read as ink, and faint print
    keeps its contrast against the paper around it (``scale``: pixels per point)."""
    import cv2

    h, w = gray.shape
    step = max(1, int(scale * 2))  # the paper is estimated on a coarse grid: it changes slowly
    small = cv2.resize(gray, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    # a closing wider than any stroke takes the ink away and leaves the paper
    size = max(3, int(scale * 12 / step)) | 1
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    paper = cv2.GaussianBlur(paper, (0, 0), size / 2)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return np.clip(gray.astype(np.float32) * 255.0 / np.maximum(paper, 1.0), 0, 255).astype(np.uint8)


def core_level(flat: np.ndarray) -> float:
    """The grey a mark must reach somewhere to be ink: Otsu's threshold of the flattened page,
    never lighter than the paper's grain."""
    import cv2

    value, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return min(float(value), PAPER_FLOOR)


def binarised(flat: np.ndarray, level: float | None = None) -> np.ndarray:
    """Ink (255) and paper (0) of a flattened page, by hysteresis: every mark darker than the
    paper's grain (PAPER_FLOOR) that holds at least one pixel as dark as ``level`` (the page's
    :func:`core_level` when not given). A faint digit half under a seal stays whole, where one
    threshold would cut it into pieces that look like specks; grain and JPEG noise, with no dark
    core, stay paper."""
    weak = np.where(flat <= PAPER_FLOOR, 255, 0).astype(np.uint8)
    return _cored(weak, flat, core_level(flat) if level is None else level)


def _cored(mask: np.ndarray, flat: np.ndarray, level: float) -> np.ndarray:
    """The marks of ``mask`` that hold at least one pixel of ``flat`` at or darker than ``level``."""
    import cv2

    count, labels = cv2.connectedComponents(mask, connectivity=8)
    cored = np.zeros(count, dtype=bool)
    cored[np.unique(labels[(flat <= level) & (mask > 0)])] = True
    cored[0] = False
    return np.where(cored[labels], 255, 0).astype(np.uint8)


def without_specks(mask: np.ndarray, scale: float) -> np.ndarray:
    """Ink with every mark smaller than a character's stroke removed where no character is near:
    scanner specks in margins and blank cells (a mark beside a character stays, for the decoder's
    grammar to judge). Marks closer than JOIN_PT are judged together, so that a thin digit the
    scan broke into pieces is one mark, not several specks."""
    import cv2

    join = max(1, int(round(scale * JOIN_PT)))
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (join, join)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    if count <= 1:
        return mask
    size = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) - (join - 1)
    small = np.concatenate(([False], size < scale * SPECK_PT))
    big = np.where((labels > 0) & ~small[labels], 255, 0).astype(np.uint8)
    reach = max(3, int(scale * NEAR_PT)) | 1
    near = cv2.dilate(big, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    touching = np.zeros(count, dtype=bool)
    touching[np.unique(labels[near > 0])] = True
    drop = small & ~touching
    out = mask.copy()
    out[drop[labels]] = 0
    return out


# ---------------------------------------------------------------- grids


def read_page(page, page_no: int, top_lines: int = 0, dpi: int = RENDER_DPI, cache: Path | None = None,
              count: OcrCount | None = None, enough: Callable[[str], bool] | None = None,
              ) -> tuple[list[OcrGrid], list[tuple[str, float]]]:
    """The ruled tables of one scanned page read by OCR, and up to ``top_lines`` of the page's text
    lines outside them, from the top, each with its least character confidence (the title; prose
    is not read). Rendered at ``dpi``, capped for a page so large that it would pass MAX_PIXELS.
    With a ``cache`` folder, a page image read before is not recognised again
    (extract/ocr_cache.py); ``count`` tallies pages read and pages found there. The caller holds
    the PDFIUM lock."""
    width_pt, height_pt = page.get_size()
    dpi = min(dpi, int((MAX_PIXELS / max(width_pt * height_pt / 72 / 72, 1.0)) ** 0.5))
    return read_image(page_image(page, dpi), page_no, width_pt, height_pt, top_lines, cache, count, enough)


def read_picture(path: Path, number: int, screen_dpi: int = SCREEN_DPI, dpi: int = RENDER_DPI,
                 cache: Path | None = None, count: OcrCount | None = None) -> list[OcrGrid]:
    """The ruled tables of a picture file (a web page's table saved as an image), read as a page of
    its size at ``screen_dpi`` scaled up to ``dpi`` (within MAX_PIXELS), numbered ``number``; each
    pixel its lightest channel, as for a page. Raises ValueError for a file that is no picture."""
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError(f"{path.name} is not a picture OpenCV reads")
    if image.ndim == 3 and image.shape[2] == 4:  # transparent paper is white
        alpha = image[:, :, 3:4].astype(np.float32) / 255
        image = (image[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    gray = image.max(axis=2) if image.ndim == 3 else image
    h, w = gray.shape
    width_pt, height_pt = w * 72 / screen_dpi, h * 72 / screen_dpi
    scale = min(dpi / screen_dpi, (MAX_PIXELS / max(w * h, 1)) ** 0.5)
    if scale > 1:
        gray = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_CUBIC)
    return read_image(gray, number, width_pt, height_pt, 0, cache, count)[0]


def read_image(gray: np.ndarray, page_no: int, width_pt: float, height_pt: float, top_lines: int = 0,
               cache: Path | None = None, count: OcrCount | None = None, enough: Callable[[str], bool] | None = None,
               ) -> tuple[list[OcrGrid], list[tuple[str, float]]]:
    """The ruled tables of a grey page image of ``width_pt`` × ``height_pt`` points, and up to
    ``top_lines`` of its text lines outside them (see :func:`read_page`), from ``cache`` when
    this image was read before."""
    count = count if count is not None else OcrCount()
    key = ocr_cache.page_key(gray, top_lines) if cache is not None else ""
    kept = ocr_cache.load(cache, key) if cache is not None else None
    if kept is not None:
        count.cached += 1
        grids, lines = kept
        for grid in grids:
            grid.page = page_no
        return grids, lines
    grids, lines = _read_image(gray, page_no, width_pt, height_pt, top_lines, enough)
    if one_bit(gray) and (top_lines or _sure_cells(grids) < _value_cells(grids)):
        # a fax-like page's stair-stepped strokes read better smoothed, or worse where the smoothing
        # closes thin gaps: a page with a title or doubtful values is read both ways; each cell
        # comes from the surer reading, and the text lines of both are kept (smoothed first), so
        # that a title garbled in one reading may be found in the other
        other = _read_image(smoothed(gray, gray.shape[1] / width_pt), page_no, width_pt, height_pt, top_lines,
                            enough)
        if _same_grids(grids, other[0]):
            grids = [_agreed(one, two) for one, two in zip(grids, other[0], strict=True)]
        smoothed_texts = {text for text, _ in other[1]}
        lines = [*other[1], *(line for line in lines if line[0] not in smoothed_texts)]
    count.read += 1
    if cache is not None:
        ocr_cache.store(cache, key, grids, lines)
    return grids, lines


def _read_image(gray: np.ndarray, page_no: int, width_pt: float, height_pt: float,
                top_lines: int, enough: Callable[[str], bool] | None = None,
                ) -> tuple[list[OcrGrid], list[tuple[str, float]]]:
    """The reading itself: the page is flattened (paper made white), straightened and binarised
    once; specks far from any character are taken out before any line is cut."""
    scale = gray.shape[1] / width_pt
    flat = flattened(gray, scale)
    flat = straightened(flat, skew_angle(flat, scale))
    level = core_level(flat)  # once per page: the hysteresis, the grid and every cell use it
    mask = without_specks(binarised(flat, level), scale)
    tables = _grid_tables(flat, level, width_pt, height_pt)
    grids = [_read_table(flat, mask, table, page_no, scale, level) for table in tables]
    covered = [(_px(t.cols[0][0], scale), _px(height_pt - t.rows[0][0], scale),
                _px(t.cols[-1][1], scale), _px(height_pt - t.rows[-1][1], scale)) for t in tables]
    lines = _free_lines(flat, mask, covered, top_lines, scale, enough) if top_lines else []
    if top_lines and enough is not None and tables and not enough(_joined(lines)):
        # no title outside the tables: a workbook printed with its grid has the title typed into
        # its first cells, the grid over it. The lines across the tables, rules taken out
        lines += _free_lines(flat, _without_long_rules(mask, scale), [], top_lines, scale, enough)
    return grids, lines


def _joined(lines: list[tuple[str, float]]) -> str:
    return "\n".join(text for text, _ in lines)


def _without_long_rules(mask: np.ndarray, scale: float) -> np.ndarray:
    """A page's ink (255) without its rules: straight runs at least DASHED_RULE_PT long, across or
    down, longer than any character's stroke, dashed or dotted ones too (a portal's dashed frame
    between its breadcrumb and the title would join them into one line)."""
    import cv2

    length = max(3, int(round(DASHED_RULE_PT * scale)))
    joined = dashes_joined(np.where(mask > 0, 0, 255).astype(np.uint8), scale, sides=False)
    whole = np.where(joined < 128, 255, 0).astype(np.uint8)
    rules = cv2.bitwise_or(_straight_runs(whole, (length, 1)), _straight_runs(whole, (1, length)))
    return cv2.subtract(mask, cv2.dilate(rules, np.ones((3, 3), np.uint8)))


def one_bit(gray: np.ndarray) -> bool:
    """Whether a page image is black and white: a 1-bit scan, whatever greys its rendering added
    along the strokes' edges (a clean rendering, such as a web page's picture of a table, looks
    the same and is read twice too; a grey scan's paper is never this white)."""
    counts = np.bincount(gray.ravel(), minlength=256)
    return (counts[0] + counts[255]) / max(gray.size, 1) >= ONE_BIT_SHARE


def smoothed(gray: np.ndarray, scale: float) -> np.ndarray:
    """A black-and-white page blurred by SMOOTH_PT, so that its strokes have the grey edges the
    model was trained on (``scale``: pixels per point)."""
    import cv2

    return cv2.GaussianBlur(gray, (0, 0), SMOOTH_PT * scale)


def _same_grids(one: list[OcrGrid], other: list[OcrGrid]) -> bool:
    """Whether two readings of a page found the same grids (as many, each of the same shape)."""
    return len(one) == len(other) and all(
        [len(row) for row in a.cells] == [len(row) for row in b.cells] for a, b in zip(one, other, strict=True))


def _agreed(one: OcrGrid, other: OcrGrid) -> OcrGrid:
    """Two readings of one grid made one, cell by cell: where they agree, the surer confidence;
    where they differ, the surer text, a doubt (confidence 0) if both were sure of what they read;
    a cell blank in one reading and inked in the other is a doubt too, since smoothing may fade a
    faint 0 away or close a stroke into a blot, and a printed value must never pass for a blank."""
    cells, confidence = [], []
    for texts_a, scores_a, texts_b, scores_b in zip(one.cells, one.confidence, other.cells, other.confidence,
                                                    strict=True):
        row_text, row_score = [], []
        for text_a, score_a, text_b, score_b in zip(texts_a, scores_a, texts_b, scores_b, strict=True):
            text, score = _agreed_cell(text_a, score_a, text_b, score_b)
            row_text.append(text)
            row_score.append(score)
        cells.append(row_text)
        confidence.append(row_score)
    return OcrGrid(one.page, cells, confidence, one.boxes, one.cols)


def _agreed_cell(text_a: str, score_a: float | None, text_b: str, score_b: float | None) -> tuple[str, float | None]:
    if score_a is None or score_b is None:
        if score_a is None and score_b is None:
            return text_a, None
        return (text_b, 0.0) if score_a is None else (text_a, 0.0)
    if text_a.strip() == text_b.strip():
        return text_a, max(score_a, score_b)
    text, score = (text_a, score_a) if score_a >= score_b else (text_b, score_b)
    return text, 0.0 if min(score_a, score_b) >= SURE_CONFIDENCE else score


def _sure_cells(grids: list[OcrGrid]) -> int:
    """Values (cells with text and no Hanzi, each merged region once) read at or above
    SURE_CONFIDENCE, in all grids."""
    return len(_values(grids, SURE_CONFIDENCE))


def _value_cells(grids: list[OcrGrid]) -> int:
    """Values and inked cells read as nothing (each merged region once), sure or not."""
    return len(_values(grids, 0.0))


def _values(grids: list[OcrGrid], least: float) -> set:
    found = set()
    for grid in grids:
        for texts, scores, boxes in zip(grid.cells, grid.confidence, grid.boxes, strict=True):
            for text, score, box in zip(texts, scores, boxes, strict=True):
                if score is not None and score >= least and not HANZI.search(text) and (text.strip() or score == 0.0):
                    found.add((grid.page, box))
    return found


def _px(value: float, scale: float) -> int:
    return int(round(value * scale))


def _lattice(gray: np.ndarray, width_pt: float, height_pt: float) -> list:
    """camelot's lattice tables found in the straightened image, in PDF points."""
    parser = ImageLattice(gray, gray.shape[1] / width_pt)
    parser.prepare_page_parse("scan", None, (width_pt, height_pt), 1, images=[], horizontal_text=[],
                              vertical_text=[], rotation="", layout_kwargs={})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(parser.extract_tables())


def _grid_tables(flat: np.ndarray, level: float, width_pt: float, height_pt: float) -> list:
    """camelot's tables of a flattened, straightened page, looked for in up to four ways, each
    adding the tables the ways before did not find: in the print's firm ink (a seal's grey arc
    crossing a row is no rule); in all the ink darker than the paper's grain (a web page's light
    grey borders); there with its rules drawn whole (:func:`rules_drawn_whole`: faint, dashed
    or dotted borders, cells drawn as boxes apart); and so again with the page's grey runs
    (:func:`grey_runs`: a faint print of grey borders, as grey as the grain). The later ways are
    taken only while the tables found leave much of the page's ink outside them
    and not only in lines of running text (:func:`_more_to_find`: a page's prose beside its
    tables is no table), and a table they find must have LATER_CELLS cells. Each grid is
    first cut from a web page's layout frame (:func:`_unframed`). A table whose rules come in
    pairs (:func:`_doubled`, the sides of boxes apart, or a heading's strokes) is left to the
    ways after; found so in the firm ink, and in no way whole, it is kept as the firm ink drew it
    (the sliver cells of one found so in lighter ink read blank where numbers are printed). A
    table of boxes apart that camelot made one grid of (:func:`_sides_in_pairs`) may have lost
    the short sides of rows of one line: the grid drawn whole takes its place if it parts more
    cells."""
    scale = flat.shape[1] / width_pt
    firm = np.where(flat <= level, 0, 255).astype(np.uint8)
    ways = (lambda: firm, lambda: np.where(flat <= PAPER_FLOOR, 0, 255).astype(np.uint8),
            lambda: rules_drawn_whole(flat, scale), lambda: rules_drawn_whole(flat, scale, grey=True))
    kept, doubled, apart = [], [], []
    for way in ways:
        if kept and not doubled and not apart and not _more_to_find(firm, kept, height_pt, scale):
            break
        # the table of most cells first: one way may find a block of a table as a table of its own
        # inside it (cells drawn as boxes apart, the block's boxes a contour of their own)
        image = way()
        paired = partial(_sides_in_pairs, image, scale=scale, height_pt=height_pt)
        for table in sorted(_lattice(image, width_pt, height_pt), key=lambda t: -_cells(t)):
            if way is not ways[0] and _cells(table) < LATER_CELLS:
                continue  # a few crossing strokes of a seal or a heading, not a table
            for part in (part for block in _unframed(table) for part in _flush_parts_of(block, paired)):
                inside = [other for other in kept if _overlap(part, other)]
                if inside and not _doubled(part) and _holds_far_more(part, inside):
                    # pieces of a table whose other rules only this way found (a dotted table
                    # read in a portal page's frame: its header's solid rules found first)
                    kept = [other for other in kept if other not in inside] + [part]
                    continue
                if inside:
                    # found before: the earlier way's reading stands (drawn whole, a seal's arc or
                    # a heading's strokes may add rows or columns to a table read well)
                    continue
                over = [other for other in apart if _overlap(part, other)]
                if over:
                    # boxes apart found before, where their sides were long: the grid drawn whole
                    # stands if it parts more cells (the short sides camelot lost)
                    if not _doubled(part) and _regions(part) > sum(_regions(other) for other in over):
                        apart = [other for other in apart if other not in over]
                        kept.append(part)
                    continue
                if _doubled(part):
                    doubled.append((part, way is ways[0]))
                elif way in ways[:2] and _sides_in_pairs(image, part, scale, height_pt):
                    apart.append(part)
                else:
                    kept.append(part)
    kept += [table for table in apart if not any(_overlap(table, other) for other in kept)]
    for table, firmly in doubled:
        over = [other for other in kept if _overlap(table, other)]
        if firmly and not over:
            kept.append(table)
        elif firmly and not _doubled(whole := _collapsed(table)) and _holds_far_more(whole, over):
            # cells drawn as boxes apart, each with a double border: found as boxes of one cell
            # each, and whole with every rule doubled; each run of rules taken as one
            kept = [other for other in kept if other not in over]
            kept += [part for block in _unframed(whole) for part in _flush_parts_of(block)]
    return sorted(kept, key=lambda table: (-table.rows[0][0], table.cols[0][0]))


def _holds_far_more(table, others: list) -> bool:
    """Whether a camelot table holds each of ``others`` within its sides, parts at least twice
    as many cells as they do together, and covers at least twice their area: they were pieces of
    it, not a table it adds rows or columns to (a 100-dpi scan's strokes drawn as rules across a
    table read well can double its rows in the same box)."""
    def within(other) -> bool:
        return (other.cols[0][0] >= table.cols[0][0] - DOUBLED_PT
                and other.cols[-1][1] <= table.cols[-1][1] + DOUBLED_PT
                and other.rows[0][0] <= table.rows[0][0] + DOUBLED_PT
                and other.rows[-1][1] >= table.rows[-1][1] - DOUBLED_PT)

    def area(t) -> float:
        return (t.cols[-1][1] - t.cols[0][0]) * (t.rows[0][0] - t.rows[-1][1])

    return (all(within(other) for other in others) and _regions(table) >= 2 * sum(_regions(o) for o in others)
            and 2 * sum(area(o) for o in others) <= area(table))


def _collapsed(table) -> _Part:
    """A camelot table whose rules come in runs closer than DOUBLED_PT (boxes apart, each drawn
    with a double border: four rules between two cells) with each run taken as one rule: its
    rows and columns are those at least DOUBLED_PT wide, each cell the space inside its box; two
    cells are apart where any rule of the run between them parts them. A table with no row or
    no column that wide (a character's strokes) is returned as it is."""
    from camelot.core import Cell

    cells = table.cells
    cols = [c for c, (left, right) in enumerate(table.cols) if right - left >= DOUBLED_PT]
    rows = [r for r, (top, bottom) in enumerate(table.rows) if top - bottom >= DOUBLED_PT]
    if not cols or not rows:
        return table

    def across(r: int, c0: int, c1: int) -> bool:  # a column rule in row r from column c0's right to c1's left
        return any(cells[r][k].right or cells[r][k + 1].left for k in range(c0, c1))

    def down(c: int, r0: int, r1: int) -> bool:  # a row rule in column c from row r0's foot to r1's top
        return any(cells[k][c].bottom or cells[k + 1][c].top for k in range(r0, r1))

    out = []
    for i, r in enumerate(rows):
        row = []
        for j, c in enumerate(cols):
            cell = Cell(table.cols[c][0], table.rows[r][1], table.cols[c][1], table.rows[r][0])
            cell.left = j == 0 or across(r, cols[j - 1], c)
            cell.right = j == len(cols) - 1 or across(r, c, cols[j + 1])
            cell.top = i == 0 or down(c, rows[i - 1], r)
            cell.bottom = i == len(rows) - 1 or down(c, r, rows[i + 1])
            row.append(cell)
        out.append(row)
    return _Part(out, [table.cols[c] for c in cols], [table.rows[r] for r in rows])


def _sides_in_pairs(image: np.ndarray, table, scale: float, height_pt: float) -> bool:
    """Whether most of a camelot table's inner column rules (at least two) are each two runs of
    ink side by side within BOX_GAP_PT, at least RULE_PIECE_PT long, in the black-and-white
    ``image`` it was found in: cells drawn as boxes apart, whose sides camelot takes for one rule
    where they are long and loses where a row of one line makes them short."""
    inner = [_px(right, scale) for _, right in table.cols[:-1]]
    if len(inner) < 2:
        return False
    gap = max(2, int(round(BOX_GAP_PT * scale)))
    top, bottom = _px(height_pt - table.rows[0][0], scale), _px(height_pt - table.rows[-1][1], scale)
    left = max(0, inner[0] - gap)  # the table's block alone: this is asked of every table found
    ink = np.where(image[max(0, top):bottom, left:inner[-1] + gap + 1] < 128, 255, 0).astype(np.uint8)
    long = _straight_runs(ink, (1, max(2, int(round(RULE_PIECE_PT * scale)))))
    paired = 0
    for x in inner:
        strip = np.flatnonzero(long[:, max(0, x - gap - left):x + gap + 1 - left].any(axis=0))
        paired += len(strip) > 0 and len(_runs(strip, 1)) >= 2
    return paired > len(inner) / 2


def _regions(table) -> int:
    """The number of cells a camelot table's rules part (merged cells counted once)."""
    from extract.cells import _merged_regions

    return len(set(_merged_regions(table.cells).values()))


def _more_to_find(ink: np.ndarray, tables: list, height_pt: float, scale: float) -> bool:
    """Whether a black-and-white page's ink (0) outside the tables found (camelot's, in PDF
    points) may hold a table not found yet: OUTSIDE_SHARE of the ink or more lies there (a page
    read whole has only its headings and a paragraph or two there), and not only in lines of
    running text (:func:`_text_lines_only`)."""
    outside = _outside(ink, tables, height_pt, scale)
    share = float(outside.sum()) / max(1, int((ink == 0).sum()))
    return share >= OUTSIDE_SHARE and not _text_lines_only(outside, scale)


def _outside(ink: np.ndarray, tables: list, height_pt: float, scale: float) -> np.ndarray:
    """A black-and-white page's ink (0) outside the tables, as a mask."""
    outside = ink == 0
    for table in tables:
        top, bottom = _px(height_pt - table.rows[0][0], scale), _px(height_pt - table.rows[-1][1], scale)
        outside[max(0, top):bottom, max(0, _px(table.cols[0][0], scale)):_px(table.cols[-1][1], scale)] = False
    return outside


def _text_lines_only(outside: np.ndarray, scale: float) -> bool:
    """Whether the characters of a page's ink outside its tables (a mask, True for ink) stand in
    lines of running text (prose, headings, a title): no line parted by a gap wider than
    COLUMN_GAP times its height (the gap between a table's columns, whose rules no way found
    yet), none far taller than the page's usual line. Only marks of a character's size count
    (specks, dashes and dots of a rule, a lone 1 or 一 and long rules left out), so that what is
    left out makes gaps, never fills one: in doubt, the page is searched further."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(outside.astype(np.uint8), connectivity=8)
    long_side = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    short_side = np.minimum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    glyph = (long_side >= scale * SPECK_PT) & (long_side < scale * 72) & (short_side >= scale * DASH_ACROSS_PT)
    glyph[0] = False
    if not glyph.any():
        return True
    chars = glyph[labels]
    bands = _runs(np.nonzero(chars.any(axis=1))[0], gap=1)
    line = float(np.median([stop - start for start, stop in bands]))
    for start, stop in bands:
        if stop - start > LINE_TALL * line:
            return False  # a header printed top to bottom in narrow columns, not a line of text
        columns = np.nonzero(chars[start:stop].any(axis=0))[0]
        if len(_runs(columns, gap=COLUMN_GAP * (stop - start))) > 1:
            return False
    return True


@dataclass
class _Part:
    """A block of a camelot table's cells, with its columns and rows (PDF points)."""

    cells: list[list]
    cols: list[tuple[float, float]]
    rows: list[tuple[float, float]]

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns, as camelot's table has them."""
        return len(self.rows), len(self.cols)


def _unframed(table) -> list:
    """The tables inside a web page's layout frame found as one grid with it: the page's content
    cell (title and prose around the report's tables) is one region round them on three sides or
    four, its menu a column beside. Each block of cells the frame's region holds (a table, or
    two or three one under the other with their headings between) is a table; a grid with no
    such region is itself."""
    from extract.cells import _merged_regions

    region = _merged_regions(table.cells)
    members: dict[int, list[tuple[int, int]]] = {}
    for place, rid in region.items():
        members.setdefault(rid, []).append(place)
    for rid, places in members.items():
        r0, r1 = min(r for r, _ in places), max(r for r, _ in places)
        c0, c1 = min(c for _, c in places), max(c for _, c in places)
        hole = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if region[r, c] != rid}
        if not hole:
            continue
        h0, h1 = min(r for r, _ in hole), max(r for r, _ in hole)
        k0, k1 = min(c for _, c in hole), max(c for _, c in hole)
        if (h0 > r0) + (h1 < r1) + (k0 > c0) + (k1 < c1) < 3:
            continue  # an L of lost rules, not a frame
        if table.cols[c1][1] - table.cols[c0][0] < FRAME_SHARE * (table.cols[-1][1] - table.cols[0][0]):
            continue  # a few cells a lost rule joined round others: the content cell is as wide as its tables
        blocks = [_block_box(block) for block in _connected(hole)]
        if any(region[r, c] == rid for b0, b1, d0, d1 in blocks for r in range(b0, b1 + 1) for c in range(d0, d1 + 1)):
            continue  # a block not a rectangle: no frame round tables
        # the content cell's part on this page may start under a table's part (or end over
        # one) that the page before (or after) holds the rest of: the rows above or below the
        # frame, in its columns, are a block too
        blocks += [(0, r0 - 1, c0, c1)] if r0 > 1 else []
        blocks += [(r1 + 1, len(table.rows) - 1, c0, c1)] if len(table.rows) - r1 > 2 else []
        # each block without the other blocks' rules, which part none of its cells
        return [_own_lines(_Part([row[d0:d1 + 1] for row in table.cells[b0:b1 + 1]],
                                 list(table.cols[d0:d1 + 1]), list(table.rows[b0:b1 + 1])))
                for b0, b1, d0, d1 in sorted(blocks) if b1 > b0 and d1 > d0]
    menu = _beside_menu(table, region)
    if menu:
        d0, d1 = menu
        return _unframed(_own_lines(_Part([row[d0:d1 + 1] for row in table.cells],
                                          list(table.cols[d0:d1 + 1]), list(table.rows))))
    return [table]


def _beside_menu(table, region: dict) -> tuple[int, int] | None:
    """The first and last column of a grid's content once a web page's menu beside it is cut
    off, or None: the menu is a region at the grid's left or right edge from its first row to its
    last, at most a quarter of its width (1 - FRAME_SHARE); the content holds a row of one region
    across it (the content cell's title and prose above its tables, or its text under them; a
    table's group label as tall as a piece of the table stands beside value columns, never such
    a row). Columns thinner than DOUBLED_PT at the content's sides go with the menu: the gap
    between the tables' sides and the content cell's, flush but a little apart."""
    n_rows, n_cols = len(table.rows), len(table.cols)
    width = table.cols[-1][1] - table.cols[0][0]
    for edge in (0, n_cols - 1):
        rid = region[0, edge]
        if any(region[r, edge] != rid for r in range(n_rows)):
            continue
        span = [c for c in range(n_cols) if all(region[r, c] == rid for r in range(n_rows))]
        c0, c1 = min(span), max(span)
        if len(span) != c1 - c0 + 1 or any(region[r, c] == rid for r in range(n_rows)
                                            for c in range(n_cols) if not c0 <= c <= c1):
            continue
        if c1 - c0 + 1 == n_cols or table.cols[c1][1] - table.cols[c0][0] > (1 - FRAME_SHARE) * width:
            continue
        d0, d1 = (c1 + 1, n_cols - 1) if edge == 0 else (0, c0 - 1)
        while d1 > d0 and table.cols[d1][1] - table.cols[d1][0] < DOUBLED_PT:
            d1 -= 1
        while d0 < d1 and table.cols[d0][1] - table.cols[d0][0] < DOUBLED_PT:
            d0 += 1
        if any(all(region[r, c] == region[r, d0] for c in range(d0, d1 + 1)) for r in range(n_rows)):
            return d0, d1
    return None


def _own_lines(part: _Part) -> _Part:
    """A block of a grid without the columns and rows that none of its cells' rules parts
    (another table's rules, where one grid held both): each such column or row joined to the
    one before it."""
    from camelot.core import Cell

    cells = part.cells
    n_rows, n_cols = len(cells), len(cells[0])
    col_starts = [0] + [c for c in range(1, n_cols)
                        if any(cells[r][c - 1].right or cells[r][c].left for r in range(n_rows))]
    row_starts = [0] + [r for r in range(1, n_rows)
                        if any(cells[r - 1][c].bottom or cells[r][c].top for c in range(n_cols))]
    if len(col_starts) == n_cols and len(row_starts) == n_rows:
        return part
    col_spans = list(zip(col_starts, [*col_starts[1:], n_cols], strict=True))
    row_spans = list(zip(row_starts, [*row_starts[1:], n_rows], strict=True))
    joined = []
    for r0, r1 in row_spans:
        row = []
        for c0, c1 in col_spans:
            cell = Cell(cells[r0][c0].x1, cells[r1 - 1][c0].y1, cells[r0][c1 - 1].x2, cells[r0][c0].y2)
            cell.left = any(cells[r][c0].left for r in range(r0, r1))
            cell.right = any(cells[r][c1 - 1].right for r in range(r0, r1))
            cell.top = any(cells[r0][c].top for c in range(c0, c1))
            cell.bottom = any(cells[r1 - 1][c].bottom for c in range(c0, c1))
            row.append(cell)
        joined.append(row)
    return _Part(joined, [(part.cols[c0][0], part.cols[c1 - 1][1]) for c0, c1 in col_spans],
                 [(part.rows[r0][0], part.rows[r1 - 1][1]) for r0, r1 in row_spans])


def _connected(places: set[tuple[int, int]]) -> list[set[tuple[int, int]]]:
    """Grid places split into groups joined side by side."""
    groups, left = [], set(places)
    while left:
        todo, group = [left.pop()], set()
        while todo:
            r, c = todo.pop()
            group.add((r, c))
            for step in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if step in left:
                    left.remove(step)
                    todo.append(step)
        groups.append(group)
    return groups


def _block_box(block: set[tuple[int, int]]) -> tuple[int, int, int, int]:
    """First and last row, first and last column of a group of grid places."""
    return (min(r for r, _ in block), max(r for r, _ in block), min(c for _, c in block), max(c for _, c in block))


def _flush_parts_of(table, paired: Callable[[object], bool] | None = None) -> list:
    """A camelot table cut into the tables printed flush one under the other that its rules join
    (a web page's table split in two, each part with column widths of its own), as the vector
    reader cuts them (extract/cells.py: flush_parts), when no part is doubled itself (two rules
    closer than a row or column is thin); else the table. Where the table is not doubled (the
    parts' columns side by side none too thin), its sides must not come in pairs (``paired``, a
    test such as :func:`_sides_in_pairs`) and each part must be a table of two rows and two
    columns or more: the rules of cells drawn as boxes apart, each with a double border, differ
    from row to row in one table."""
    from extract.cells import flush_parts

    parts = [_Part(cells, [(c.x1, c.x2) for c in cells[0]], [(row[0].y2, row[0].y1) for row in cells])
             for cells in flush_parts(table.cells)]
    if len(parts) < 2 or any(_doubled(part) for part in parts):
        return [table]
    if not _doubled(table) and (any(min(part.shape) < 2 for part in parts) or (paired and paired(table))):
        return [table]
    return parts


def _cells(table) -> int:
    return len(table.rows) * len(table.cols)


def _overlap(one, other) -> bool:
    """Whether two camelot tables (PDF points) cover some of the same page: more than DOUBLED_PT
    each way (two tables printed flush one under the other share their rule, found a little
    apart by two ways)."""
    return (min(one.cols[-1][1], other.cols[-1][1]) - max(one.cols[0][0], other.cols[0][0]) > DOUBLED_PT
            and min(one.rows[0][0], other.rows[0][0]) - max(one.rows[-1][1], other.rows[-1][1]) > DOUBLED_PT)


def _doubled(table) -> bool:
    """Whether two of a camelot table's inner rules lie closer than DOUBLED_PT: no row or column
    is that thin; two sides of cell boxes drawn apart are. (A frame drawn around the table leaves
    a thin empty row or column at its edge, which parts no cell.)"""
    return (any(top - bottom < DOUBLED_PT for top, bottom in table.rows[1:-1])
            or any(right - left < DOUBLED_PT for left, right in table.cols[1:-1]))


def rules_drawn_whole(flat: np.ndarray, scale: float, grey: bool = False) -> np.ndarray:
    """A flattened page image (``scale`` pixels a point) made black and white with its rules
    drawn whole: the ink darker than the paper's grain, with rules too faint to tell from the
    grain pixel by pixel (:func:`faint_rules`); dashed and dotted rules joined
    (:func:`dashes_joined`); and pieces of rule at least RULE_PIECE_PT long, with the pieces
    beside or after them within BOX_GAP_PT, drawn again as one straight line through their
    middle, so that cells drawn as boxes apart (a web page's `border="1"`, Word's spacing between
    cells) share one rule, and a double border is one. With ``grey``, the page's
    :func:`grey_runs` are ink too."""
    import cv2

    light = np.where(flat <= PAPER_FLOOR, 0, 255).astype(np.uint8)
    light[faint_rules(flat, scale)] = 0
    if grey:
        light[grey_runs(flat, scale)] = 0
    joined = dashes_joined(light, scale)
    ink = np.where(joined < 128, 255, 0).astype(np.uint8)
    piece = max(2, int(round(RULE_PIECE_PT * scale)))
    thick = max(2, int(round(RULE_THICK_PT * scale)))
    gap = max(2, int(round(BOX_GAP_PT * scale)))
    near = np.ones((2 * int(scale) + 1, 2 * int(scale) + 1), np.uint8)  # a point all round
    lines = []
    for along, across in (((piece, 1), (1, thick)), ((1, piece), (thick, 1))):
        long = _straight_runs(ink, along)
        # a heading's bold stroke is as long as a short rule, and thicker than any
        long = cv2.subtract(long, cv2.morphologyEx(long, cv2.MORPH_OPEN,
                                                   cv2.getStructuringElement(cv2.MORPH_RECT, across)))
        # characters' strokes the other way, longer than a rule is thick and shorter than a piece
        # of rule: where they stand on a long run all along it, the run is the characters'
        # joined bottoms, not a rule
        strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, across))
        strokes = cv2.subtract(strokes, _straight_runs(ink, (along[1], along[0])))
        long = _not_text(long, cv2.dilate(strokes, near))
        bands = cv2.morphologyEx(long, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
        lines.append((bands, along[0] > 1, long))
    # the sides of boxes apart in a row (or column) shorter than a piece of rule are pieces of
    # the rule drawn so elsewhere
    sides = [_short_sides(ink, long, bands, other, horizontal, scale)
             for (bands, horizontal, long), (other, _, _) in zip(lines, lines[::-1], strict=True)]
    lines = [(cv2.morphologyEx(cv2.bitwise_or(bands, found), cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8)),
              horizontal) for (bands, horizontal, _), found in zip(lines, sides, strict=True)]
    for bands, _ in lines:
        joined[cv2.dilate(bands, np.ones((3, 3), np.uint8)) > 0] = 255
    across_, down = (_middle_lines(bands, horizontal) for bands, horizontal in lines)
    width = max(2, int(round(scale * 0.5)))
    for y, x0, x1 in _ends_onto(across_, down, gap):
        cv2.line(joined, (x0, y), (x1, y), 0, width)
    for x, y0, y1 in _ends_onto(down, across_, gap):
        cv2.line(joined, (x, y0), (x, y1), 0, width)
    return joined


def _short_sides(ink: np.ndarray, long: np.ndarray, bands: np.ndarray, across: np.ndarray,
                 horizontal: bool, scale: float) -> np.ndarray:
    """The sides of boxes drawn apart too short to be pieces of rule (a row of one line of text is
    lower than RULE_PIECE_PT), as a mask (255) of the pairs of sides and the gap between them.
    They are thin straight runs of ``ink`` at least LINE_MIN_PT long, found three ways: beside a
    band of ``bands`` where only one side of each box was a piece of rule
    (:func:`_sides_beside`); past the end of a band that is itself a pair of sides (two runs of
    ``long`` side by side), box by box (:func:`_next_sides`); and pairs in a row where no side
    is long (:func:`_boxes_in_a_row`). ``across`` holds the bands the other way. A character's
    strokes never stand so, and a single rule (a band of one run) goes on through nothing."""
    import cv2

    if horizontal:  # one way of reading: the other is the page turned
        return _short_sides(ink.T, long.T, bands.T, across.T, False, scale).T
    short = _straight_runs(ink, (1, max(2, int(round(LINE_MIN_PT * scale)))))
    short = cv2.subtract(short, cv2.morphologyEx(short, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(2, int(round(RULE_THICK_PT * scale))), 1))))
    stats = cv2.connectedComponentsWithStats(short, connectivity=8)[2]
    box = _Box(stats[:, 0], stats[:, 1], stats[:, 0] + stats[:, 2], stats[:, 1] + stats[:, 3])
    gap = max(2, int(round(BOX_GAP_PT * scale)))
    level = max(1, int(round(JOIN_PT * scale)))
    end = max(2, int(round(RULE_PIECE_PT * scale)))
    out = np.zeros_like(ink)
    for x, y0, y1 in _middle_lines(bands, horizontal=False):
        for i in _sides_beside(bands, box, across, x, y0, y1, gap, level):
            out[box.top[i]:box.bottom[i], min(int(box.left[i]), x):max(int(box.right[i]), x + 1)] = 255
        start = max(0, x - gap)
        for pos, rows, upward in ((y0, slice(y0, y0 + end), True), (y1, slice(max(0, y1 - end), y1 + 1), False)):
            strip = np.flatnonzero(long[rows, start:x + gap + 1].any(axis=0))
            runs = _runs(strip, 1) if len(strip) else []
            if len(runs) < 2:
                continue  # a single rule: a character beside it may stand level with another
            pair = ((start + runs[0][0], start + runs[0][1]), (start + runs[-1][0], start + runs[-1][1]))
            while (step := _next_sides(ink, box, pair, pos, upward, gap, level)) is not None:
                found, pair, pos = step
                out[min(box.top[i] for i in found):max(box.bottom[i] for i in found), pair[0][0]:pair[1][1]] = 255
    for i, j in _boxes_in_a_row(box, across, gap, level):
        out[min(box.top[i], box.top[j]):max(box.bottom[i], box.bottom[j]), box.left[i]:box.right[j]] = 255
    return out


@dataclass
class _Box:
    """The bounding boxes of a mask's components, as arrays (label 0 the background)."""

    left: np.ndarray
    top: np.ndarray
    right: np.ndarray
    bottom: np.ndarray


def _touches(across: np.ndarray, box: _Box, i: int, level: int) -> bool:
    """Whether both ends of component ``i`` of ``box`` touch ``across`` within ``level`` pixels."""
    top, bottom, left, right = int(box.top[i]), int(box.bottom[i]), int(box.left[i]), int(box.right[i])
    return bool(across[max(0, top - level):top + 1, left:right].any()
                and across[max(0, bottom - 1):bottom + level, left:right].any())


def _sides_beside(bands: np.ndarray, box: _Box, across: np.ndarray, x: int, y0: int, y1: int, gap: int,
                  level: int) -> list[int]:
    """The components of ``box`` beside the band of ``bands`` through ``x`` from ``y0`` to ``y1``
    (within BOX_GAP_PT of its middle, the band all along them) whose ends both touch a band
    of ``across`` within JOIN_PT: the other sides of its boxes, where only one side of each was a
    piece of rule. A character beside the rule stands clear of the rules above and below it."""
    beside = (box.top >= y0 - gap) & (box.bottom <= y1 + gap) & (
        ((box.right <= x) & (x - box.right <= gap)) | ((box.left > x) & (box.left - x <= gap)))
    return [int(i) for i in np.flatnonzero(beside) if i
            and _inked_along(bands, x - gap, x + gap + 1, int(box.top[i]), int(box.bottom[i]) - 1)
            and _touches(across, box, int(i), level)]


def _next_sides(ink: np.ndarray, box: _Box, pair: tuple[tuple[int, int], tuple[int, int]], pos: int,
                upward: bool, gap: int, level: int,
                ) -> tuple[set[int], tuple[tuple[int, int], tuple[int, int]], int] | None:
    """The next box's sides past ``pos``, going up or down from the end of a band whose two sides
    stand on the columns of ``pair``: the components found, the columns they stand on and their
    far end; or None. Either a pair of components standing where the last pair's two runs stood
    (within JOIN_PT, as a scan straightened by a hair's angle drifts), their ends level with each
    other's; or one such component beside a side drawn on (the table's frame), ink all along it.
    Boxes stand as far apart one after the other as side by side: the next pair starts about as
    far past the last one's end as its two sides are apart (a character at the rule's end stands
    further off)."""
    reach = min(gap, max(0, pair[1][0] - pair[0][1]) + 2 * level)
    near = (box.bottom >= pos - reach) & (box.top < pos) if upward else (box.top <= pos + reach) & (box.bottom > pos)
    on = [[int(i) for i in np.flatnonzero(near & (np.abs(box.left - a) <= level) & (np.abs(box.right - b) <= level))
           if i] for a, b in pair]

    def far(i: int) -> int:
        return int(box.top[i]) if upward else int(box.bottom[i])

    for i in on[0]:
        for j in on[1]:
            if abs(box.top[i] - box.top[j]) <= level and abs(box.bottom[i] - box.bottom[j]) <= level:
                return {i, j}, ((int(box.left[i]), int(box.right[i])), (int(box.left[j]), int(box.right[j]))), far(i)
    for k, other in ((0, 1), (1, 0)):
        for i in on[k]:
            if _inked_along(ink, pair[other][0], pair[other][1], int(box.top[i]) - level, int(box.bottom[i]) + level):
                cols = [pair[0], pair[1]]
                cols[k] = (int(box.left[i]), int(box.right[i]))
                return {i}, (cols[0], cols[1]), far(i)
    return None


def _boxes_in_a_row(box: _Box, across: np.ndarray, gap: int, level: int) -> list[tuple[int, int]]:
    """Pairs of components of ``box`` side by side within BOX_GAP_PT, their ends level with each
    other's within JOIN_PT and each end touching a band of ``across`` within JOIN_PT: the sides
    of two boxes apart in a row where no side is long enough to be a piece of rule (table 四's
    rows of one line). Two characters' strokes never reach the rules above and below them."""
    order = np.argsort(box.left, kind="stable")
    lefts = box.left[order]
    found = []
    for i in range(1, len(box.left)):
        if not _touches(across, box, i, level):
            continue
        lo, hi = np.searchsorted(lefts, box.right[i]), np.searchsorted(lefts, box.right[i] + gap, side="right")
        found += [(i, int(j)) for j in order[lo:hi] if j and abs(box.top[j] - box.top[i]) <= level
                  and abs(box.bottom[j] - box.bottom[i]) <= level and _touches(across, box, int(j), level)]
    return found


def _inked_along(ink: np.ndarray, left: int, right: int, top: int, bottom: int) -> bool:
    """Whether every pixel row from ``top`` to ``bottom`` has ink (255) between columns ``left``
    and ``right``."""
    block = ink[max(0, top):bottom + 1, max(0, left):right]
    return block.size > 0 and bool(block.any(axis=1).all())


def _straight_runs(ink: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The ink (255) in straight runs at least ``size`` (width, height) long, a pixel's wander
    across allowed: a thin rule straightened by interpolation steps from one pixel row to the
    next."""
    import cv2

    across = (1, 3) if size[0] > size[1] else (3, 1)
    wide = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, across))
    return cv2.bitwise_and(cv2.morphologyEx(wide, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)), ink)


def _middle_lines(bands: np.ndarray, horizontal: bool) -> list[tuple[int, int, int]]:
    """Each band of a mask as one straight line through its middle: (y, left, right) for a
    horizontal band, (x, top, bottom) for a vertical one, in pixels."""
    import cv2

    _, _, stats, centres = cv2.connectedComponentsWithStats(bands, connectivity=8)
    lines = []
    for (x, y, w, h, _), (cx, cy) in zip(stats[1:], centres[1:], strict=True):
        if horizontal:
            lines.append((int(round(cy)), int(x), int(x + w - 1)))
        else:
            lines.append((int(round(cx)), int(y), int(y + h - 1)))
    return lines


def _ends_onto(lines: list[tuple[int, int, int]], others: list[tuple[int, int, int]],
               reach: int) -> list[tuple[int, int, int]]:
    """Lines (at, start, end) with each end moved out to the middle of a line across them that
    it stops short of by at most ``reach`` (the sides of boxes drawn apart stop at the box's
    corner, half a gap before the rule that the next box's side makes with it)."""
    out = []
    for at, start, end in lines:
        crossing = [pos for pos, first, last in others if first - reach <= at <= last + reach]
        before = [pos for pos in crossing if start - reach <= pos <= start]
        after = [pos for pos in crossing if end <= pos <= end + reach]
        out.append((at, min(before, default=start), max(after, default=end)))
    return out


def _not_text(runs: np.ndarray, text: np.ndarray) -> np.ndarray:
    """The runs of a mask (255) of which at most TEXT_SHARE lies in ``text``."""
    import cv2

    count, labels = cv2.connectedComponents(runs, connectivity=8)
    if count <= 1:
        return runs
    on = runs > 0
    total = np.bincount(labels[on], minlength=count)
    inside = np.bincount(labels[on & (text > 0)], minlength=count)
    keep = inside <= TEXT_SHARE * np.maximum(total, 1)
    out = np.zeros_like(runs)
    out[on] = np.where(keep[labels[on]], 255, 0)
    return out


def faint_rules(flat: np.ndarray, scale: float) -> np.ndarray:
    """Where a flattened page (paper 255) holds rules lighter than its grain's darkest pixels
    (Chromium's `border="1"` in light grey, printed and scanned): away from all ink darker than
    the grain, the page's mean along half of FAINT_RUN_PT on either side of a pixel, across or
    down, is below FAINT_LEVEL. The grain averages out to the paper along such a run; a rule does
    not."""
    import cv2

    near = 2 * max(1, int(scale)) + 1  # an ink's blurred rim
    ink = cv2.dilate(np.where(flat <= PAPER_FLOOR, 255, 0).astype(np.uint8), np.ones((near, near), np.uint8))
    paper = np.where(ink > 0, 255, flat).astype(np.float32)
    half = max(2, int(round(FAINT_RUN_PT * scale / 2)))

    def along(size: tuple[int, int]) -> np.ndarray:
        # on both sides of a pixel: beside a rule's end, one side is the rule, the other paper
        before = cv2.blur(paper, size, anchor=(size[0] - 1, size[1] - 1))
        after = cv2.blur(paper, size, anchor=(0, 0))
        return np.maximum(before, after) < FAINT_LEVEL

    return (along((half, 1)) | along((1, half))) & (ink == 0)


def grey_runs(flat: np.ndarray, scale: float) -> np.ndarray:
    """The pixels of a flattened page (``scale`` pixels a point) in a straight run, across or down,
    at least half of FAINT_RUN_PT long and all below FAINT_LEVEL: the page's grain always has a
    light pixel within such a run, and the gaps between characters break a line of text. A rule
    as grey as the grain's darkest pixels, some of its own pixels darker, is found so where
    :func:`faint_rules` is blind beside each darker piece; but the grey rims of dark rules and
    characters make such runs too (rules thickened, headings bold), so this is the last way to a
    page's grid (:func:`_grid_tables`), taken only while the others leave much of its ink outside
    the tables they found."""
    import cv2

    length = max(2, int(round(FAINT_RUN_PT * scale / 2)))
    runs = np.zeros(flat.shape, dtype=bool)
    for size in ((length, 1), (1, length)):
        # a grey closing: each pixel the lightest of the run around it that is darkest
        closed = cv2.morphologyEx(flat, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, size))
        runs |= closed < FAINT_LEVEL
    return runs


def dashes_joined(gray: np.ndarray, scale: float, sides: bool = True) -> np.ndarray:
    """A black-and-white page image (ink 0, ``scale`` pixels a point) with its dashed and dotted
    rules drawn as solid lines: marks at most DASH_ACROSS_PT thick, apart by at most DASH_GAP_PT,
    in a row at least DASHED_RULE_PT long. A row of characters rarely lines up marks that long on
    one pixel row, and a rule found so only adds a line camelot still has to join into a grid.
    With ``sides``, shorter rows of such marks are drawn too where both their ends meet a rule
    across (:func:`_sides_between`): a cell's side in a row of one line, or in a block of two rows
    of table 二 between its captions, is shorter than DASHED_RULE_PT."""
    import cv2

    ink = np.where(gray < 128, 255, 0).astype(np.uint8)
    out = gray.copy()
    short = {}
    for horizontal in (True, False):
        # thin marks only: a character's stroke across the rule's way is no dash
        thick = cv2.morphologyEx(ink, cv2.MORPH_OPEN, _line(DASH_ACROSS_PT, not horizontal, scale))
        thin = cv2.subtract(ink, cv2.dilate(thick, np.ones((3, 3), np.uint8)))
        # marks of any length: where a scan ran a dotted rule's dots together, its pieces are
        # longer than a dash, and the dots between them alone are rows too short to be a rule
        joined = cv2.morphologyEx(thin, cv2.MORPH_CLOSE, _line(DASH_GAP_PT, horizontal, scale))
        rules = cv2.morphologyEx(joined, cv2.MORPH_OPEN, _line(DASHED_RULE_PT, horizontal, scale))
        out[rules > 0] = 0
        if sides:
            short[horizontal] = (cv2.subtract(joined, rules), thin)
    if sides:
        # the rules across come from the page as joined so far, solid ones too
        drawn = np.where(out < 128, 255, 0).astype(np.uint8)
        ruled = {way: cv2.morphologyEx(drawn, cv2.MORPH_OPEN, _line(DASHED_RULE_PT, way, scale))
                 for way in (True, False)}
        for horizontal in (True, False):
            # a side beside a rule the same way is its double (a frame's rule flush with a
            # table's border), no side of a cell: drawn, it would part a sliver row or column
            beside = cv2.dilate(ruled[horizontal], _line(DOUBLED_PT, not horizontal, scale))
            for (top, left), side in _sides_between(*short[horizontal], ruled[not horizontal], beside, horizontal,
                                                    scale):
                out[top:top + side.shape[0], left:left + side.shape[1]][side] = 0
    return out


def _line(length_pt: float, horizontal: bool, scale: float) -> np.ndarray:
    """A morphological line ``length_pt`` long, across or down."""
    import cv2

    n = max(2, int(round(length_pt * scale)))
    return cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if horizontal else (1, n))


def _sides_between(joined: np.ndarray, marks: np.ndarray, across: np.ndarray, beside: np.ndarray,
                   horizontal: bool, scale: float) -> list[tuple[tuple[int, int], np.ndarray]]:
    """The rows of two or more ``marks`` joined (``joined``, 255) at least DASHED_SIDE_PT long,
    across or down, whose two ends each come within DASH_GAP_PT of a rule across them
    (``across``, 255) and which touch nothing ``beside`` (a rule the same way): a dotted side
    from one rule to the next, each as its box's top left corner and its pixels there. Marks of
    characters lined up so would have to start and end on two rules; a cell's text keeps clear
    of them, and a character filling a narrow column (a label set one character a line) has one
    stroke across it."""
    import cv2

    runs = cv2.morphologyEx(joined, cv2.MORPH_OPEN, _line(DASHED_SIDE_PT, horizontal, scale))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    reach = max(2, int(round(DASH_GAP_PT * scale)))
    sides = []
    for k in range(1, count):
        x, y, w, h = (int(v) for v in stats[k, :4])
        if horizontal:
            ends = [across[max(0, y - reach):y + h + reach, max(0, at - reach):at + reach + 1] for at in (x, x + w - 1)]
        else:
            ends = [across[max(0, at - reach):at + reach + 1, max(0, x - reach):x + w + reach] for at in (y, y + h - 1)]
        side = labels[y:y + h, x:x + w] == k
        if not all(end.any() for end in ends) or (beside[y:y + h, x:x + w][side] > 0).any():
            continue
        # the marks between the rules (two pixels clear of them) are two or more
        top, left = max(0, y - 2), max(0, x - 2)
        near = cv2.dilate(across[top:y + h + 2, left:x + w + 2], np.ones((5, 5), np.uint8))
        clear = near[y - top:y - top + h, x - left:x - left + w] == 0
        inked = np.flatnonzero(((marks[y:y + h, x:x + w] > 0) & clear).any(axis=0 if horizontal else 1))
        if len(inked) and len(_runs(inked, 1)) >= 2:
            sides.append(((y, x), side))
    return sides


class _ImageSource:
    """Stands in for camelot's image conversion backend: the page image is already made."""

    def __init__(self, gray: np.ndarray) -> None:
        self.gray = gray

    def to_array(self, *_args, **_kwargs) -> np.ndarray:
        import cv2

        return cv2.cvtColor(self.gray, cv2.COLOR_GRAY2BGR)


class ImageLattice(ImageRulesLattice):
    """camelot's raster lattice parser on an image this module made (straightened), not a render."""

    def __init__(self, gray: np.ndarray, scale: float) -> None:
        # short rules count too: table 二 is cut into blocks of three rows by its captions. The
        # image is already black and white: camelot's local threshold must only keep its ink, and
        # a block wider than a blurred low-resolution scan's thick rules (else their crossings,
        # solid ink all round, come out hollow and the grid loses its joints)
        super().__init__(engine="raster", line_scale=60,
                         threshold_blocksize=2 * int(scale * RULE_BLOCK_PT) + 1)
        self.icb = _ImageSource(gray)


def _read_table(flat: np.ndarray, mask: np.ndarray, table, page_no: int, scale: float,
                level: float = PAPER_FLOOR) -> OcrGrid:
    height_pt = flat.shape[0] / scale
    cells = table.cells
    region = _merged_regions(cells)
    boxes: dict[int, list[float]] = {}
    for (r, c), rid in region.items():
        cell = cells[r][c]
        x0, x1, top, bottom = cell.x1, cell.x2, height_pt - cell.y2, height_pt - cell.y1
        box = boxes.setdefault(rid, [x0, top, x1, bottom])
        box[:] = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
    crops = {rid: _cell_lines(flat, mask, box, scale, level) for rid, box in boxes.items()}
    pieces = [(rid, line) for rid, (lines, _) in crops.items() for line in lines]
    read = recogniser().read([line.image for _, line in pieces]) if pieces else []
    texts: dict[int, list[str]] = {}
    # ink that made no line of text (too low, or cut by a rule): a doubt, never a blank
    confidence: dict[int, float] = {rid: 0.0 for rid, (lines, inked) in crops.items() if inked and not lines}
    for (rid, line), (text, score) in zip(pieces, read, strict=True):
        if line.turned and not HANZI.search(text):
            # text turned a quarter is a label; read as a number it is a misreading (a column of
            # upright characters blurred into one, turned and read as "1"): ink read as nothing
            text = ""
        # ink read as nothing is no confidence at all: a blank that may hide a value
        if line.cut:
            score = min(score, POINT_DOUBT)  # -2 read as 2: a person checks
        confidence[rid] = min(confidence.get(rid, 1.0), score if text else 0.0)
        if text:
            texts.setdefault(rid, []).append(text)
    n_rows, n_cols = len(cells), len(cells[0])
    return OcrGrid(
        page=page_no,
        cells=[["\n".join(texts.get(region[r, c], [])) for c in range(n_cols)] for r in range(n_rows)],
        confidence=[[confidence.get(region[r, c]) for c in range(n_cols)] for r in range(n_rows)],
        boxes=[[tuple(round(v, 2) for v in boxes[region[r, c]]) for c in range(n_cols)] for r in range(n_rows)],
        cols=[(float(a), float(b)) for a, b in table.cols],
    )


@dataclass
class Line:
    """One text line cut from a cell: its grey image, whether it was turned a quarter to read
    left to right (text printed top to bottom), and whether ink beside it was cut off with the
    rule's margin (a minus printed against the cell's left rule)."""

    image: np.ndarray
    turned: bool = False
    cut: bool = False


def _cell_lines(flat: np.ndarray, mask: np.ndarray, box: list[float], scale: float,
                level: float = PAPER_FLOOR) -> tuple[list[Line], bool]:
    """The text lines inside one grid region (PDF points), as grey crops: the region's ink
    without its rules' remains, without marks that never reach ``level`` (see
    :func:`core_level`) and without specks, each line cut to its characters' extent with the
    paper around them; a line much taller than wide (text turned a quarter) is turned to read
    left to right. And whether the region holds ink of a character's size at all (ink that
    makes no line is a doubt, not a blank)."""
    x0, top, x1, bottom = (_px(v, scale) for v in box)
    inset = max(3, int(scale * 1.5))  # keep clear of the rules
    # the grid's line may stand beside the cell's own rule (two tables in one grid, their rules a
    # little apart, one line for both): a character the margin would cut is taken whole
    far = int(scale * DOUBLED_PT)
    inner_left = x0 + inset - _cut_marks(mask[:, max(0, x0 - far):x0 + inset + 1], top, bottom, inset, scale)
    inner_right = x1 - inset + _cut_marks(mask[:, x1 - inset - 1:x1 + far][:, ::-1], top, bottom, inset, scale)
    crop = flat[top + inset:bottom - inset, inner_left:inner_right]
    if crop.size == 0:
        return [], False
    cell_mask = mask[top + inset:bottom - inset, inner_left:inner_right]
    # a rule's faint rim, left when the rule is taken away, has no dark core: not ink
    cell_ink = without_specks(_cored(_without_rules(cell_mask), crop, level), scale)
    rows = np.nonzero(cell_ink.sum(axis=1) > 255 * 1)[0]
    if len(rows) == 0:
        return [], False
    bands = []
    # a slash the scan broke into dashes is one line, however far apart its pieces stand (a
    # column of characters printed top to bottom is taller than one character)
    one_stroke = rows[-1] - rows[0] <= scale * STROKE_MAX_PT and _stroke_pixels(255 - cell_ink) is not None
    gap = max(2, int(scale * 0.8))
    runs = [(int(rows[0]), int(rows[-1]) + 1)] if one_stroke else _runs(rows, gap=gap)
    if not one_stroke:
        core = (crop <= level) & (cell_ink > 0)
        runs = [piece for run in runs for piece in _lines_apart(run, core, gap, scale)]
    for start, stop in runs:
        extent = _text_extent(cell_ink[start:stop])
        if extent is not None and (stop - start) >= scale * 2:  # else specks, not a line of text
            bands.append((start, stop, *extent))
    # a line far lower than the cell's tallest is a mark (a seal's arc, a speck cluster), unless
    # it is a dash (a minus or a "not applicable" mark)
    tallest = max((stop - start for start, stop, _, _ in bands), default=0)
    bands = [(start, stop, a, b) for start, stop, a, b in bands
             if stop - start >= LINE_SHARE * tallest or b - a >= 2.5 * (stop - start)]
    clean = _on_white(crop, cell_mask, cell_ink)
    out = []
    for start, stop, left, right in bands:
        # text printed top to bottom, told by its ink (the padding would widen it), is turned to
        # read left to right; its lines' height is then its width
        turned = stop - start > 2.5 * (right - left) and stop - start > scale * 30
        pad = max(4, min(stop - start, right - left) // 4 if turned else (stop - start) // 4)
        piece = _cut(clean, start - pad, stop + pad, left - pad, right + pad)
        # ink in the margin around the line belongs to no character of it (a speck under a 0, the
        # foot of the line above): paper, so that the model reads the line alone
        around = _cut(cell_ink, start - pad, stop + pad, left - pad, right + pad, fill=0) > 0
        around[pad:pad + stop - start, pad:pad + right - left] = False
        piece[around] = 255
        cut = not turned and left <= pad and _ink_before(mask, top + inset + start, top + inset + stop, x0, inner_left)
        out.append(Line(np.rot90(piece, k=1) if turned else piece, turned, cut))
    return out, True


def _cut_marks(strip: np.ndarray, top: int, bottom: int, inset: int, scale: float) -> int:
    """How far past a cell crop's edge its characters reach: ``strip`` is the page's ink from
    DOUBLED_PT outside the grid's line to the crop's edge (its last column), outermost first. Where
    the cell's own rule stands in it (a column inked along the cell's height and past it) and a
    mark right of the rule runs across the crop's edge or is a character's stroke (the 1 of 1392
    set against the rule), the crop widens to take the mark whole; 0 where no rule is seen (a
    character could be the next cell's) or no mark is cut."""
    import cv2

    reach = int(scale * 2)
    height, width = strip.shape
    rows = strip[max(0, top - reach):min(height, bottom + reach)] > 0
    if width < 3 or bottom - top <= 2 * inset or rows.size == 0:
        return 0
    ruled = np.flatnonzero(rows.mean(axis=0) >= 0.5)
    if len(ruled) == 0 or ruled[-1] >= width - 3:
        return 0
    beside = np.where(strip[top + inset:bottom - inset, ruled[-1] + 2:] > 0, 255, 0).astype(np.uint8)
    stats = cv2.connectedComponentsWithStats(beside, connectivity=8)[2]
    cut = [x for x, _, w, h, _ in stats[1:] if x > 0 and (x + w == beside.shape[1] or max(w, h) >= scale * SPECK_PT)]
    return beside.shape[1] - min(cut) if cut else 0


def _ink_before(mask: np.ndarray, top: int, bottom: int, rule: int, start: int) -> bool:
    """Whether a dash starts in the margin between a cell's left rule (at ``rule``) and where its
    crop starts (``start``), at the middle height of a line from ``top`` to ``bottom``: a mark
    far lower than the line and at least as wide as tall, cut by the crop (a minus printed
    against the rule; the rule and its rim run the line's whole height, a digit's edge is as tall
    as the digit)."""
    import cv2

    height = bottom - top
    left = max(0, rule - 2)
    strip = mask[top:bottom, left:start + (start - rule)] > 0
    if height < 3 or strip.size == 0:
        return False
    ruled = np.nonzero(strip[:, :start - left].mean(axis=0) >= 0.8)[0]  # the rule: inked most of the height
    past = ruled[-1] + 1 if len(ruled) else 0
    strip = np.where(strip[:, past:], 255, 0).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(strip, connectivity=8)
    for x, y, w, h, _ in stats[1:]:
        begins_in_margin = left + past + x < start
        if begins_in_margin and _dash_shape(w, h, y + h / 2, height, wide=1.0):
            return True
    return False


def _lines_apart(run: tuple[int, int], core: np.ndarray, gap: int, scale: float) -> list[tuple[int, int]]:
    """A run of inked pixel rows split into the lines of text it holds when only faint ink joins
    them (a seal's grey arc crossing a label's lines): the lines are the runs of rows holding dark
    ink (``core``, a cell's mask), kept apart only when each is as tall as a line of the smallest
    print and several characters wide. Otherwise the run stays whole: a character whose parts a
    faint stroke joins (会, 二) is never cut into two lines."""
    start, stop = run
    inside = np.nonzero(core[start:stop].any(axis=1))[0] + start
    if len(inside) == 0:
        return [run]
    pieces = _runs(inside, gap=gap)
    if len(pieces) < 2:
        return [run]
    tallest = max(b - a for a, b in pieces)
    for a, b in pieces:
        columns = np.nonzero(core[a:b].any(axis=0))[0]
        wide = columns[-1] - columns[0] >= LINE_WIDE * (b - a)
        if not wide or b - a < scale * LINE_MIN_PT or b - a < LINE_SHARE * tallest:
            return [run]
    edge = max(1, int(scale * 0.3))  # a stroke's grey rim around its dark core
    return [(max(start, a - edge), min(stop, b + edge)) for a, b in pieces]


def _text_extent(band: np.ndarray) -> tuple[int, int] | None:
    """The left and right ends of a line's text in a band of ink: its marks grouped where they
    stand closer than GROUP_GAP line heights, and only the groups nearly as tall as the tallest
    kept (a seal's arc or a rule's stub beside a number is a short group of its own)."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
    if count <= 1:
        return None
    marks = sorted((int(x), int(x + w), int(h)) for x, _, w, h, _ in stats[1:])
    gap = GROUP_GAP * band.shape[0]
    groups: list[list[int]] = []  # [left, right, tallest]
    for left, right, height in marks:
        if groups and left <= groups[-1][1] + gap:
            groups[-1][1] = max(groups[-1][1], right)
            groups[-1][2] = max(groups[-1][2], height)
        else:
            groups.append([left, right, height])
    tallest = max(g[2] for g in groups)
    kept = [g for g in groups if g[2] >= LINE_SHARE * tallest]
    return kept[0][0], max(g[1] for g in kept)


def _with_dots(chars: np.ndarray, labels: np.ndarray, glyph: np.ndarray, size: np.ndarray,
               scale: float) -> np.ndarray:
    """The characters' ink with the small marks beside them: a character's dots are marks of
    their own, smaller than a stroke (the two dots of 氵 in a title's 池; left out, it reads 他)."""
    import cv2

    reach = 2 * max(1, int(scale * NEAR_PT)) + 1
    near = cv2.dilate(chars, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    beside = np.zeros(len(glyph), dtype=bool)
    beside[np.unique(labels[near > 0])] = True
    keep = glyph | (beside & (size < scale * SPECK_PT))
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _on_white(crop: np.ndarray, ink_all: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The grey crop with the ink that is not kept (specks, the rules' remains) turned to paper;
    the kept ink and the paper around it stay as scanned (the model reads a digit on its own
    anti-aliased paper far better than on a cut-out)."""
    import cv2

    out = crop.copy()
    dropped = cv2.dilate(cv2.subtract(ink_all, keep), np.ones((3, 3), np.uint8)) > 0
    out[dropped & ~(keep > 0)] = 255
    return out


def _cut(image: np.ndarray, top: int, bottom: int, left: int, right: int, fill: int = 255) -> np.ndarray:
    """The image between those bounds (a copy), ``fill`` (white paper) added where they pass its
    edges."""
    h, w = image.shape
    piece = image[max(0, top):min(h, bottom), max(0, left):min(w, right)]
    return np.pad(piece, ((max(0, -top), max(0, bottom - h)), (max(0, -left), max(0, right - w))),
                  mode="constant", constant_values=fill)


def _without_rules(mask: np.ndarray) -> np.ndarray:
    """Ink minus the remains of the grid's rules: long straight strokes along the crop's edges (a
    digit's own stroke may be as long as a tight cell is tall, but stands away from its edges)."""
    import cv2

    h, w = mask.shape
    if h <= 2 or w <= 2:
        return mask
    long_h = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, w * 3 // 4), 1)))
    long_v = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, h * 3 // 4))))
    edge_h, edge_v = max(2, h // 6), max(2, w // 6)
    long_h[edge_h:h - edge_h, :] = 0
    long_v[:, edge_v:w - edge_v] = 0
    return cv2.subtract(mask, cv2.bitwise_or(long_h, long_v))


def _runs(indices: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices, split where they jump by more than ``gap``."""
    runs = []
    start = prev = int(indices[0])
    for i in indices[1:]:
        i = int(i)
        if i - prev > gap:
            runs.append((start, prev + 1))
            start = i
        prev = i
    runs.append((start, prev + 1))
    return runs


def _text_rows(rows: np.ndarray, gap: int, least: int) -> list[tuple[int, int]]:
    """Inked pixel rows made lines of text: split wherever a row holds no ink, then a piece lower
    than ``least`` (a stroke of 二, a comma's tail) joined to the piece it stands closest to, if
    within ``gap``. Lines printed with tight leading (a spreadsheet's prose, a scan at 100 dpi)
    stand only a few rows apart, closer than a character's own strokes may."""
    pieces = _runs(rows, gap=1)
    merged = True
    while merged and len(pieces) > 1:
        merged = False
        for i, (start, stop) in enumerate(pieces):
            if stop - start >= least:
                continue
            before = start - pieces[i - 1][1] if i > 0 else gap + 1
            after = pieces[i + 1][0] - stop if i + 1 < len(pieces) else gap + 1
            if min(before, after) > gap:
                continue
            j = i - 1 if before <= after else i + 1
            pieces[min(i, j)] = (pieces[min(i, j)][0], pieces[max(i, j)][1])
            del pieces[max(i, j)]
            merged = True
            break
    return pieces


def _free_lines(flat: np.ndarray, mask: np.ndarray, covered: list[tuple[int, int, int, int]], limit: int,
                scale: float, enough: Callable[[str], bool] | None = None) -> list[tuple[str, float]]:
    """Up to ``limit`` of the page's text lines outside its tables, read top to bottom, each with
    its least character confidence; with ``enough``, read LINES_AT_ONCE at a time until the text
    read so far is enough (a title found under a portal page's menu). A line is
    a run of pixel rows holding characters (marks at least SPECK_PT tall or wide): specks in the
    margin make no line of their own."""
    import cv2

    ink_out = mask.copy()
    for x0, top, x1, bottom in covered:
        ink_out[max(0, top - 4):bottom + 4, max(0, x0 - 4):x1 + 4] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink_out, connectivity=8)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    # characters only; a stroke as long as a page is the copier's edge or a rule, not a character
    glyph = (size >= scale * SPECK_PT) & (size < scale * 72)
    glyph[0] = False
    chars = np.where(glyph[labels], 255, 0).astype(np.uint8)
    h, w = chars.shape
    rows = np.nonzero(chars.sum(axis=1) > 255 * 2)[0]
    if len(rows) == 0:
        return []
    clean = _on_white(flat, ink_out, _with_dots(chars, labels, glyph, size, scale))
    crops = []
    for start, stop in _text_rows(rows, gap=max(3, h // 400), least=int(scale * LINE_MIN_PT)):
        if stop - start < h // 250:
            continue
        pad = max(4, (stop - start) // 4)
        # text far apart on one line is two texts (a portal's menu heading beside the title, in
        # cells of its layout): each is read as a line of its own
        for left, right in _runs(np.nonzero(chars[start:stop].sum(axis=0))[0], gap=APART * (stop - start)):
            crops.append(_cut(clean, start - pad, stop + pad, left - pad, right + pad))
        if len(crops) >= limit:
            crops = crops[:limit]  # a line of texts far apart may pass the limit
            break
    step = max(1, LINES_AT_ONCE if enough else len(crops))
    read: list[tuple[str, float]] = []
    for start in range(0, len(crops), step):
        read += [(text, score) for text, score in recogniser().read(crops[start:start + step]) if text]
        if enough and enough("\n".join(text for text, _ in read)):
            break
    return read
