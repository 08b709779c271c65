"""Page images of an archived original, for reading beside its text: a PDF page rendered by
pdfium, a scan (PNG, JPEG, a TIFF frame) converted with Pillow, both as PNG at most
`WIDTH` pixels wide. Made on first request and cached under `<home>/cache/pages/<sha>/`
(written to a temporary name, then renamed: a reader never sees half a file)."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from chidao.errors import NotFoundError

WIDTH = 1240                  # an A4 page at 150 dpi
_PDF_LOCK = threading.Lock()  # pdfium is not thread-safe


def page_png(home: Path, original: Path, media_type: str, page: int, max_pixels: int) -> Path:
    """The cached PNG of page `page` (from 1) of `original`; NotFoundError when there is none."""
    if page < 1:
        raise NotFoundError(f"no page {page}: pages count from 1")
    sha = original.parent.name
    target = Path(home) / "cache" / "pages" / sha / f"{page}-{WIDTH}.png"
    if target.is_file():
        return target
    if media_type == "application/pdf":
        image = _pdf_page(original, page)
    elif media_type in ("image/png", "image/jpeg", "image/tiff"):
        image = _image_page(original, page, max_pixels)
    else:
        raise NotFoundError(f"a {media_type or 'file'} original has no page images")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".page-", suffix=".png")
    try:
        with os.fdopen(fd, "wb") as out:
            image.save(out, format="PNG")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _pdf_page(path: Path, page: int):
    import pypdfium2 as pdfium

    with _PDF_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as err:
            raise NotFoundError(f"the original PDF cannot be opened for page images ({err})") from err
        try:
            if page > len(pdf):
                raise NotFoundError(f"no page {page}: the document has {len(pdf)}")
            pdf_page = pdf[page - 1]
            width_pt = pdf_page.get_width() or 595
            scale = min(WIDTH / width_pt, 300 / 72)
            image = pdf_page.render(scale=scale).to_pil()
            pdf_page.close()
        finally:
            pdf.close()
    return image


def _image_page(path: Path, page: int, max_pixels: int):
    from PIL import Image

    try:
        with Image.open(path) as im:
            if im.width * im.height > max_pixels:
                raise NotFoundError(f"the scan is {im.width}×{im.height} pixels, too large to show")
            frames = getattr(im, "n_frames", 1)
            if page > frames:
                raise NotFoundError(f"no page {page}: the scan has {frames}")
            im.seek(page - 1)
            frame = im.convert("L" if im.mode in ("1", "L", "LA", "I;16", "I") else "RGB")
    except (OSError, Image.DecompressionBombError, ValueError) as err:
        raise NotFoundError(f"the original scan cannot be read for page images ({err})") from err
    if frame.width > WIDTH:
        frame = frame.resize((WIDTH, max(1, round(frame.height * WIDTH / frame.width))), Image.LANCZOS)
    return frame


__all__ = ["WIDTH", "page_png"]
