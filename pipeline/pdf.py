"""PDF inputs: open (refusing corrupt, truncated and password-protected files), read each page's
text layer with pdfplumber, judge whether it is usable, rasterise the pages that need OCR.

PDFium is not thread-safe, not even across documents: every call into it holds one process-wide
lock (a batch reads several files at once)."""

from __future__ import annotations

import io
import logging
import threading
import unicodedata

import pypdfium2 as pdfium
from PIL import Image

from chidao.config import Config
from chidao.errors import InputFileError
from chidao.pipeline.plaintext import text_method
from chidao.pipeline.triage import InputFile, too_many_pages

log = logging.getLogger(__name__)
_PDFIUM = threading.Lock()

_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
_EXTRA_OK = set("đĐ–—‘’“”…•·«»°№§")


def open_pdf(source: InputFile, config: Config) -> tuple[pdfium.PdfDocument, int]:
    """The opened document and its page count; raises InputFileError with what to do."""
    if b"%%EOF" not in source.data[-2048:]:
        raise InputFileError(f"{source.path}: truncated PDF (no end-of-file marker): the copy or "
                             "download was cut short; get the file again")
    try:
        with _PDFIUM:
            doc = pdfium.PdfDocument(source.data)
            count = len(doc)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise InputFileError(f"{source.path}: PDF is password-protected: save an unprotected "
                                 "copy (e.g. qpdf --decrypt --password=… in.pdf out.pdf)") from err
        raise InputFileError(f"{source.path}: corrupt PDF ({_reason(err)}): get the original "
                             "again or repair it with `qpdf in.pdf out.pdf`") from err
    if count == 0:
        close_pdf(doc)
        raise InputFileError(f"{source.path}: PDF has no pages")
    if count > config.max_pages:
        close_pdf(doc)
        raise too_many_pages(source.path, count, config.max_pages)
    return doc, count


def close_pdf(doc: pdfium.PdfDocument) -> None:
    with _PDFIUM:
        doc.close()


def text_layers(source: InputFile, page_count: int) -> list[str]:
    """Each page's text layer (NFC, line structure kept); "" where there is none or it cannot be
    read. A broken text layer is not an error: those pages are OCR'd instead."""
    import pdfplumber

    texts = [""] * page_count
    try:
        with pdfplumber.open(io.BytesIO(source.data)) as pdf:
            for i, page in enumerate(pdf.pages[:page_count]):
                try:
                    texts[i] = unicodedata.normalize("NFC", page.extract_text() or "")
                finally:
                    page.close()
    except Exception as err:  # noqa: BLE001 - pdfminer raises many unrelated types
        log.info("%s: text layer unreadable (%s); pages will be OCR'd", source.path, err)
    return texts


def usable_text_layer(text: str) -> bool:
    """True when a page's text layer is real Vietnamese/Latin text, not empty, not a glyph-id
    dump ("(cid:12)"), not legacy-font mojibake (TCVN3/VNI fonts map Vietnamese letters to
    odd symbols) and not an invisible layer left by a scanner's English OCR ("d6i", "Pang"):
    re-reading such a page with tesseract `vie` beats repairing its text."""
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < 20 or "(cid:" in text:
        return False
    odd = sum(1 for ch in chars if not _plausible(ch))
    return odd / len(chars) < 0.03 and text_method(text) != "legacy-ocr"


def render_page(doc: pdfium.PdfDocument, index: int, *, dpi: int, max_pixels: int,
                name: str) -> Image.Image:
    with _PDFIUM:
        return _render_page(doc, index, dpi=dpi, max_pixels=max_pixels, name=name)


def _render_page(doc: pdfium.PdfDocument, index: int, *, dpi: int, max_pixels: int,
                 name: str) -> Image.Image:
    try:
        page = doc[index]
    except pdfium.PdfiumError as err:
        raise InputFileError(f"{name}: corrupt PDF, page {index + 1} cannot be loaded ({_reason(err)}): "
                             "get the original again or repair it with `qpdf in.pdf out.pdf`") from err
    try:
        width_pt, height_pt = page.get_size()
        pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
        if pixels > max_pixels:
            raise InputFileError(
                f"{name}: page {index + 1} is {width_pt / 72 * 2.54:.0f}×{height_pt / 72 * 2.54:.0f}"
                " cm, too big to rasterise: check the file")
        bitmap = page.render(scale=dpi / 72)
        try:
            return bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    except pdfium.PdfiumError as err:
        raise InputFileError(f"{name}: page {index + 1} cannot be rendered ({_reason(err)}): "
                             "the PDF is damaged; get the original again") from err
    finally:
        page.close()


def _plausible(ch: str) -> bool:
    if ch.isascii() or ch in _EXTRA_OK:
        return ch.isprintable()
    base, *marks = unicodedata.normalize("NFD", ch)
    return base.isascii() and base.isalpha() and all(m in _VIETNAMESE_MARKS for m in marks)


def _reason(err: Exception) -> str:
    return str(err).split("(PDFium:")[-1].strip(" ).") or type(err).__name__
