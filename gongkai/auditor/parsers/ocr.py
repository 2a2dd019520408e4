"""Scanned reports: image-only PDFs and images (PNG, JPEG, TIFF) read through OCR.

The engine is RapidOCR on ONNX Runtime (the PP-OCRv4 Chinese models ship inside the
``rapidocr-onnxruntime`` wheel; nothing is downloaded at run time). Each page is rendered (PDF,
pypdfium2) or decoded (Pillow), straightened (the skew angle that makes the rows of ink sharpest),
and read into the same positioned pieces a text PDF gives (:mod:`pdfium`): characters with their
boxes in PDF points, top-based, and the horizontal and vertical ruling segments, found in the image
by morphology. The text-PDF code then rebuilds the table cells from the lines
(:func:`pdfium.blocks_from_pieces`), so one interpreter reads scanned and text PDFs alike. A cell
with ink in which the detector found no text (lone small digits such as ``0`` are often skipped) is
recognised on its own.

Bounded: pages to recognise, pixels per image, seconds per document; a Chinese :class:`ReadError`
otherwise.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from typing import Any

from gongkai.auditor.document import Document, Para, ReadError, Table
from gongkai.auditor.parsers.pdfium import Char, blocks_from_pieces, find_cells

DPI = 150  # pages are recognised at this resolution (an A4 page: 1240 x 1754 pixels)
PT = 72 / DPI  # PDF points per pixel
MAX_OCR_PAGES = 30
MAX_IMAGE_PIXELS = 60_000_000  # an image larger than this is refused before it is decoded
MAX_SIDE = 2600  # longer sides are scaled down to this before recognition
MAX_OCR_SECONDS = 240.0
MAX_SKEW = 4.0  # degrees searched for straightening
THREADS = 1  # ONNX Runtime threads: one core per document

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC)


@dataclass
class PagePieces:
    """One recognised page: characters and ruling segments in PDF points (top-based), as pdfium gives."""

    chars: list[Char]
    hs: list[tuple[float, float, float]]  # (y, x0, x1)
    vs: list[tuple[float, float, float]]  # (x, top, bottom)
    width: float
    height: float
    skew: float = 0.0  # degrees the image was turned to straighten it
    stats: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Which PDF pages have no text layer
# ---------------------------------------------------------------------------


def scanned_pages(data: bytes) -> list[int] | None:
    """0-based indexes of the pages without text but with an image, or None if the PDF cannot be opened.

    Stops at the first page with text when no earlier page was a scan, so a text PDF costs one page.
    """
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:  # pragma: no cover - installed with pdfplumber
        return None
    try:
        doc = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - broken or encrypted: the text reader says why
        return None
    out: list[int] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                tp = page.get_textpage()
                try:
                    text = tp.get_text_range().strip()
                finally:
                    tp.close()
                if text:
                    if not out:
                        return []
                    continue
                if any(o.type == raw.FPDF_PAGEOBJ_IMAGE for o in page.get_objects(max_depth=3)):
                    out.append(i)
            finally:
                page.close()
    except Exception:  # noqa: BLE001 - odd page trees: the text reader decides
        return None
    finally:
        doc.close()
    return out


def is_image_only_pdf(data: bytes) -> bool:
    """True when at least one page of the PDF is an image without a text layer."""
    return bool(scanned_pages(data))


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def parse_scanned_pdf(data: bytes, pages: list[int] | None = None) -> Document:
    """A PDF whose pages (all, or those listed) are images: those are recognised, the others read as text."""
    import pypdfium2 as pdfium

    from gongkai.auditor.parsers.pdfium import page_blocks

    if pages is None:
        pages = scanned_pages(data) or []
    doc = pdfium.PdfDocument(data)
    try:
        n = len(doc)
        from gongkai.auditor.parsers.pdf import MAX_PAGES

        if n > MAX_PAGES:
            raise ReadError(f"PDF页数过多（{n}页，上限{MAX_PAGES}页）。")
        _check_pages(len(pages))
        scan = set(pages)
        clock = _Clock()
        per_page: list[list[tuple[float, str, Any]]] = []
        n_tables = 0
        skews: list[float] = []
        for i in range(n):
            page = doc[i]
            try:
                if i in scan:
                    w, h = page.get_size()
                    scale = min(DPI / 72, MAX_SIDE / max(w, h, 1))
                    img = page.render(scale=scale, grayscale=True).to_pil()
                    pieces = read_image(img, pt_per_px=1 / scale)
                    skews.append(pieces.skew)
                    items, n_tables = blocks_from_pieces(pieces.chars, pieces.hs, pieces.vs, i + 1, n_tables)
                    clock.check(len(skews), len(pages))
                else:
                    items, n_tables = page_blocks(page, i + 1, n_tables)
            finally:
                page.close()
            per_page.append(items)
    finally:
        doc.close()
    return _document(per_page, meta=_meta(len(pages), clock, skews))


def parse_image(data: bytes) -> Document:
    """A PNG, JPEG or TIFF image (a TIFF may hold several pages)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        im = Image.open(BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise ReadError(f"图片文件损坏，无法读取（{type(e).__name__}）。") from None
    w, h = im.size
    if w * h > MAX_IMAGE_PIXELS:
        raise ReadError(f"图片过大（{w}×{h}像素），上限为{MAX_IMAGE_PIXELS // 1_000_000}百万像素。")
    n = getattr(im, "n_frames", 1)
    _check_pages(n)
    clock = _Clock()
    per_page: list[list[tuple[float, str, Any]]] = []
    n_tables = 0
    skews: list[float] = []
    try:
        for pno, frame in enumerate(ImageSequence.Iterator(im), start=1):
            fw, fh = frame.size
            if fw * fh > MAX_IMAGE_PIXELS:
                raise ReadError(f"图片过大（{fw}×{fh}像素），上限为{MAX_IMAGE_PIXELS // 1_000_000}百万像素。")
            page = frame.convert("L")
            dpi = _image_dpi(frame)
            scale = min(DPI / dpi, MAX_SIDE / max(fw, fh, 1))
            if abs(scale - 1) > 0.05:
                page = page.resize((max(1, round(fw * scale)), max(1, round(fh * scale))), Image.Resampling.LANCZOS)
            else:
                scale = 1.0
            pieces = read_image(page, pt_per_px=72 / (dpi * scale))
            skews.append(pieces.skew)
            items, n_tables = blocks_from_pieces(pieces.chars, pieces.hs, pieces.vs, pno, n_tables)
            per_page.append(items)
            clock.check(pno, n)
    except (OSError, ValueError, SyntaxError) as e:  # truncated or malformed image data
        raise ReadError(f"图片文件损坏，无法读取（{type(e).__name__}）。") from None
    return _document(per_page, meta=_meta(n, clock, skews), fmt="image")


def _image_dpi(im: Any) -> float:
    dpi = im.info.get("dpi")
    try:
        d = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        d = 0.0
    if 100 <= d <= 1200:
        return d
    # unknown: a page-sized image is taken as a scan of an A4 page
    return max(DPI, max(im.size) / 11.7) if max(im.size) > 2 * 11.7 * DPI else DPI


def _check_pages(n: int) -> None:
    if n > MAX_OCR_PAGES:
        raise ReadError(f"扫描件页数过多（需要识别{n}页，上限{MAX_OCR_PAGES}页）；请提供文字版PDF，或只提供含表格的页面。")


class _Clock:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.cpu = time.process_time()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.start

    def check(self, done: int, total: int) -> None:
        if self.seconds > MAX_OCR_SECONDS and done < total:
            raise ReadError(
                f"扫描件识别超时（{done}/{total}页用时{self.seconds:.0f}秒，上限{MAX_OCR_SECONDS:.0f}秒）；"
                "请提供文字版PDF，或只提供含表格的页面。"
            )


def _meta(n: int, clock: _Clock, skews: list[float]) -> dict[str, Any]:
    return {"ocr": {
        "engine": f"rapidocr-onnxruntime {_engine_version()}",
        "pages": n,
        "seconds": round(clock.seconds, 3),
        "cpu_seconds": round(time.process_time() - clock.cpu, 3),
        "skew": [round(s, 2) for s in skews],
    }}


def _document(per_page: list[list[tuple[float, str, Any]]], meta: dict[str, Any], fmt: str = "pdf") -> Document:
    from gongkai.auditor.parsers.pdf import _paragraphs, flow_page

    blocks: list[Para | Table] = []
    lines_buf: list[tuple[str, dict[str, Any]]] = []
    for items in per_page:
        lines_buf = flow_page(items, blocks, lines_buf)
    blocks.extend(_paragraphs(lines_buf))
    if not blocks:
        raise ReadError("扫描件中没有识别出文字（图片可能空白、过于模糊或不是报告）。")
    return Document(blocks, fmt, meta=meta)


# ---------------------------------------------------------------------------
# One page image -> positioned pieces
# ---------------------------------------------------------------------------


def _engine_version() -> str:
    try:
        from importlib.metadata import version

        return version("rapidocr-onnxruntime")
    except Exception:  # noqa: BLE001 - metadata missing in odd installs
        return "?"


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as e:  # pragma: no cover - dependency declared
        raise ReadError(f"缺少文字识别组件（rapidocr-onnxruntime），无法读取扫描件：{e}") from None
    # detection at the page's own resolution (the default would enlarge a short strip 4x, slowly and badly)
    return RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=1,
                    det_limit_type="max", det_limit_side_len=MAX_SIDE)


def read_image(img: Any, pt_per_px: float = PT) -> PagePieces:
    """A page image (PIL, any mode) -> characters and ruling segments in points."""
    import cv2
    import numpy as np

    gray = np.asarray(img.convert("L"), dtype=np.uint8)
    t0 = time.monotonic()
    skew = estimate_skew(gray)
    if abs(skew) >= 0.05:
        gray = rotate(gray, skew)
    # ink for the cell pass: a light blur keeps 1-pixel strokes (a serif "1") and melts single noisy pixels
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    bw = ((blur < float(np.percentile(blur, 90)) - 40) * 255).astype(np.uint8)
    t1 = time.monotonic()
    rgb = cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB)
    res, _ = _engine()(rgb, return_word_box=True)
    chars_px: list[tuple[str, float, float, float, float]] = []
    scores: list[float] = []  # the detector's confidence in the line each character came from
    for r in res or []:
        got = _box_chars(r)
        chars_px.extend(got)
        scores.extend([float(r[2])] * len(got))
    t2 = time.monotonic()
    hs_px, vs_px, line_mask = ruling_lines(gray, pt_per_px)
    hs_px, vs_px = _not_in_text(hs_px, vs_px, res or [])
    s = pt_per_px
    hs = [(y * s, a * s, b * s) for y, a, b in hs_px]
    vs = [(x * s, a * s, b * s) for x, a, b in vs_px]
    chars = [Char(ch, x0 * s, x1 * s, top * s, bottom * s) for ch, x0, x1, top, bottom in chars_px]
    filled = _fill_empty_cells(chars, scores, hs, vs, gray, bw, line_mask, s)
    h, w = gray.shape
    return PagePieces(chars, hs, vs, w * s, h * s, skew, {
        "prepare": round(t1 - t0, 3), "ocr": round(t2 - t1, 3), "cells": round(time.monotonic() - t2, 3),
        "filled": filled,
    })


def _box_chars(r: list[Any]) -> list[tuple[str, float, float, float, float]]:
    """Characters of one recognised line, with a box each (the engine's own, else an even split)."""
    box, text = r[0], digit_like(str(r[1]))
    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    top, bottom = min(ys), max(ys)
    out: list[tuple[str, float, float, float, float]] = []
    if len(r) >= 5 and r[3] and r[4] and len(r[3]) == len(r[4]):
        for wbox, word in zip(r[3], r[4]):
            wx = [p[0] for p in wbox]
            wy = [p[1] for p in wbox]
            out.extend(_split(digit_like(str(word)), min(wx), max(wx), min(wy), max(wy)))
        if "".join(c[0] for c in out).replace(" ", "") == text.replace(" ", ""):
            return out
        out = []
    return _split(text, min(xs), max(xs), top, bottom)


def _split(text: str, x0: float, x1: float, top: float, bottom: float) -> list[tuple[str, float, float, float, float]]:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return []
    weights = [0.55 if ord(c) < 0x2E80 else 1.0 for c in chars]
    unit = (x1 - x0) / sum(weights)
    out = []
    x = x0
    for c, wgt in zip(chars, weights):
        out.append((c, x, x + unit * wgt, top, bottom))
        x += unit * wgt
    return out


def estimate_skew(gray: Any) -> float:
    """Degrees to turn the image (counter-clockwise positive) so that its rows of ink are level."""
    import cv2
    import numpy as np

    h, w = gray.shape
    f = min(1.0, 800 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1].astype(np.float32)
    sh, sw = ink.shape
    centre = (sw / 2, sh / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_LINEAR, borderValue=0)
        rows = rot.sum(axis=1)
        return float(np.dot(rows, rows))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=score)
    return float(round(fine, 2))


def rotate(gray: Any, angle: float) -> Any:
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def ruling_lines(gray: Any, pt_per_px: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]], Any]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling lines in pixels, and their mask.

    Thin lines of a scan are light grey and broken by noise: the ink is taken generously (anything
    clearly darker than the paper after a blur), strokes of characters are removed by an opening
    longer than any stroke, and the gaps left in a line are bridged by a closing along it.
    """
    import cv2
    import numpy as np

    # thin dark strokes against their surroundings (a black-hat), so a shaded cell is not a block of ink
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    dark = cv2.morphologyEx(blur, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    ink = (dark > 25).astype(np.uint8) * 255
    h_len = max(15, round(20 / pt_per_px))  # longer than any stroke of a 10-14 pt character
    v_len = max(12, round(16 / pt_per_px))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 3)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, v_len)))
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for mask, out, horizontal in ((horiz, hs, True), (vert, vs, False)):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, hh, _area = (int(v) for v in stats[i])
            if horizontal and w >= h_len and hh <= 10:
                out.append((y + hh / 2, float(x), float(x + w)))
            elif not horizontal and hh >= v_len and w <= 10:
                out.append((x + w / 2, float(y), float(y + hh)))
    line_mask = cv2.dilate(cv2.bitwise_or(horiz, vert), cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    return hs, vs, line_mask


_NUMERIC = frozenset("0123456789.,")
MIN_CELL_SCORE = 0.2  # a lone glyph scores low even when read right; the table's sums check it later
_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "D": "0", "l": "1", "I": "1", "|": "1"})


def digit_like(text: str) -> str:
    """A number misread with letters of the same shape (o for 0, l for 1) put back as digits."""
    if text in ("〇", "○", "。"):
        return "0"  # a lone round glyph in a cell
    if re.fullmatch(r"[0-9oODlI|]+", text):
        return text.translate(_DIGIT_LOOKALIKES)
    m = re.fullmatch(r"[.,·'`。、]*(\d+(?:[.,]\d+)*)[.,·'`。、]+|[.,·'`。、]+(\d+(?:[.,]\d+)*)", text)
    if m:
        return m.group(1) or m.group(2)  # a speck of noise beside a number read as a point
    return text


def _agreed(text: str) -> str:
    """The glyph that at least two of three copies were read as (digits' look-alikes mapped)."""
    from collections import Counter

    marks = [digit_like(c) for c in text if not c.isspace()]
    if not marks:
        return ""
    ch, n = Counter(marks).most_common(1)[0]
    return ch if n >= 2 and len(ch) == 1 else ""


def _is_letter(ch: str) -> bool:
    """A letter of a word (CJK ideograph, kana, Latin...), not a digit or punctuation."""
    return unicodedata.category(ch).startswith("L") and ch not in "oODlI"


def _not_in_text(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]], res: list[Any]) -> tuple[list, list]:
    """Drop "lines" that run through the middle of a recognised line of text (strokes of bold headings)."""
    boxes = []
    for r in res:
        xs = [p[0] for p in r[0]]
        ys = [p[1] for p in r[0]]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))

    def h_ok(seg: tuple[float, float, float]) -> bool:
        y, a, b = seg
        for x0, x1, top, bottom in boxes:
            m = (bottom - top) * 0.2
            if top + m < y < bottom - m and min(b, x1) - max(a, x0) > 0.5 * (b - a):
                return False
        return True

    def v_ok(seg: tuple[float, float, float]) -> bool:
        x, a, b = seg
        for x0, x1, top, bottom in boxes:
            m = min(x1 - x0, bottom - top) * 0.2
            if x0 + m < x < x1 - m and min(b, bottom) - max(a, top) > 0.5 * (b - a):
                return False
        return True

    return [h for h in hs if h_ok(h)], [v for v in vs if v_ok(v)]


def _fill_empty_cells(chars: list[Char], scores: list[float], hs: list, vs: list, gray: Any, bw: Any, line_mask: Any,
                      s: float) -> int:
    """Re-read, one by one and enlarged, the table cells that hold ink but no confident number.

    A cell is re-read when the detector found nothing in it, read it as something else than digits
    (``。`` for a small 0), read a single digit (lone glyphs are its weak point: 9 read as 6 with full
    confidence), or read several digits with less confidence; a label is never re-read.
    """
    import cv2
    import numpy as np

    cells = find_cells(hs, vs)
    if not cells:
        return 0
    ink = cv2.bitwise_and(bw, cv2.bitwise_not(line_mask))
    crops: list[Any] = []
    where: list[tuple[int, int, int, int]] = []
    replace: list[list[int]] = []
    tiled: list[bool] = []
    for c in cells:
        inside = [i for i, ch in enumerate(chars) if c.x0 <= ch.cx <= c.x1 and c.top <= ch.cy <= c.bottom]
        if inside and any(_is_letter(chars[i].ch) for i in inside):
            continue  # a label: the detector's reading stands (a number misread as 。 or . is re-read)
        if len(inside) > 1 and all(chars[i].ch.isdigit() for i in inside) and min(scores[i] for i in inside) >= 0.95:
            continue  # a number of several digits the detector is sure of (a lone digit is re-read: 9 read as 6)
        x0, x1 = int(c.x0 / s) + 2, int(c.x1 / s) - 2
        y0, y1 = int(c.top / s) + 2, int(c.bottom / s) - 2
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        region = ink[y0:y1, x0:x1]
        n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        # glyph parts: components taller than specks of noise
        parts = [stats[i] for i in range(1, n) if stats[i][3] >= max(4, 3 / s) or stats[i][4] >= 12]
        if not parts:
            continue
        gx0 = min(int(p[0]) for p in parts)
        gy0 = min(int(p[1]) for p in parts)
        gx1 = max(int(p[0] + p[2]) for p in parts)
        gy1 = max(int(p[1] + p[3]) for p in parts)
        if gy1 - gy0 < max(6, 4 / s):
            continue
        pad = 2
        ax0, ay0 = max(0, x0 + gx0 - pad), max(0, y0 + gy0 - pad)
        ax1, ay1 = min(gray.shape[1], x0 + gx1 + pad), min(gray.shape[0], y0 + gy1 + pad)
        crop = gray[ay0:ay1, ax0:ax1]
        if crop.size == 0:
            continue
        # the recogniser reads glyphs best at about its own line height, with a thin white margin
        f = max(1.0, min(4.0, 40 / crop.shape[0]))
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        single = gx1 - gx0 <= 1.15 * (gy1 - gy0)
        if single:
            # a lone glyph is read unreliably (0 as 。 or o): three copies in a row are read like a word,
            # and the copies must agree
            gap = np.full((crop.shape[0], crop.shape[0] // 2), 255, dtype=np.uint8)
            crop = np.hstack([crop, gap, crop, gap, crop])
        crop = cv2.copyMakeBorder(crop, 6, 6, 12, 12, cv2.BORDER_CONSTANT, value=255)
        crops.append(cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_GRAY2RGB))
        where.append((x0 + gx0, y0 + gy0, x0 + gx1, y0 + gy1))
        replace.append(inside)
        tiled.append(single)
    if not crops:
        return 0
    rec, _ = _engine().text_rec(crops)
    filled = 0
    drop: set[int] = set()
    for (x0, y0, x1, y1), inside, single, r in zip(where, replace, tiled, rec):
        text, score = digit_like(str(r[0]).strip()), float(r[1])
        if single:
            text = _agreed(str(r[0]))
            score = max(score, 0.5) if text else 0.0
        if inside:
            # a number the detector read small: the enlarged reading wins when it is a confident number
            if not text or score < 0.5 or not all(c in _NUMERIC for c in text):
                continue
            old = "".join(chars[i].ch for i in sorted(inside, key=lambda i: chars[i].x0))
            if len(text) < len(old) and all(c in _NUMERIC for c in old):
                continue  # the crop lost a glyph the detector saw
            drop.update(inside)
        elif not text or score < MIN_CELL_SCORE:
            continue
        for ch, a, b, top, bottom in _split(text, x0, x1, y0, y1):
            chars.append(Char(ch, a * s, b * s, top * s, bottom * s))
        filled += 1
    if drop:
        chars[:] = [ch for i, ch in enumerate(chars) if i not in drop]
    return filled
