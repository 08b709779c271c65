"""The reader: one file in, its Source and Text out. A flat list of stages:

    triage (content, not name) → per page: text layer if usable, else rasterise → clean → OCR
    (pages in parallel, one single-threaded tesseract per job) → layout → Text

Pages are produced on the calling thread (pdfium is not thread-safe) and OCR'd by a pool of
`config.jobs` threads, each driving one tesseract process; at most `jobs` + 1 pages are held in
memory at a time."""

from __future__ import annotations

import dataclasses
import io
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import cv2
from PIL import Image

from chidao.config import Config
from chidao.errors import InputFileError
from chidao.record import PageText, Source, Text
from chidao.pipeline.cleanup import clean_page, rotate_quarter
from chidao.pipeline.layout import page_text, weak_column_boxes
from chidao.pipeline.pdf import close_pdf, open_pdf, render_page, text_layers, usable_text_layer
from chidao.pipeline.plaintext import decode_text, text_method
from chidao.pipeline.scratch import scratch_folder
from chidao.pipeline.tesseract import OcrWord, check_language, detect_rotation, ocr_words
from chidao.pipeline.triage import InputFile, read_input, too_many_pages

# A first pass whose words average below this is checked for a sideways or upside-down page
# (an upright page of print reads at 0.9+; a sideways one well under 0.6).
_OSD_BELOW_CONFIDENCE = 0.70


@dataclass(frozen=True)
class _OcrPage:
    text: str
    confidence: float | None
    words: int
    steps: tuple[str, ...] = ()


def read_text(source: InputFile | Path, config: Config) -> tuple[Source, Text]:
    """Read one triaged file (PDF, PNG, JPEG, TIFF or text, decided by content) into its
    Source and Text; a path is triaged first. Raises InputFileError for files that cannot be
    read, with what to do."""
    if not isinstance(source, InputFile):
        source = read_input(Path(source))
    if source.kind == "text":
        content = decode_text(source.data)
        method = text_method(content)
        page = PageText(number=1, method=method, confidence=None, chars=len(content))
        return _source(source, 1), Text(method=method, content=content, pages=[page])
    if source.kind == "pdf":
        return _read_pdf(source, config)
    return _read_image(source, config)


def _read_pdf(source: InputFile, config: Config) -> tuple[Source, Text]:
    doc, count = open_pdf(source, config)
    try:
        layers = text_layers(source, count)
        needs_ocr = [n for n in range(count) if not usable_text_layer(layers[n])]
        if needs_ocr:
            check_language(config.ocr_lang)

        def images() -> Iterator[tuple[int, Image.Image, float]]:
            for n in needs_ocr:
                yield n + 1, render_page(doc, n, dpi=config.dpi, max_pixels=config.max_image_pixels,
                                         name=str(source.path)), config.dpi

        ocr = _ocr_pages(images(), config)
    finally:
        close_pdf(doc)
    pages, parts = [], []
    for n in range(count):
        if n + 1 in ocr:
            result = ocr[n + 1]
            pages.append(PageText(n + 1, "ocr", result.confidence, len(result.text)))
            parts.append(result.text)
        else:
            text = "\n".join(line.rstrip() for line in layers[n].splitlines())
            pages.append(PageText(n + 1, "text-layer", None, len(text)))
            parts.append(text)
    # A document with any OCR'd page is "ocr" as a whole (its text is only as good as OCR);
    # each page says how it was read.
    method = "ocr" if ocr else "text-layer"
    return _source(source, count), _text(method, parts, pages, ocr)


def _read_image(source: InputFile, config: Config) -> tuple[Source, Text]:
    check_language(config.ocr_lang)
    image = _open_image(source, config)
    count = getattr(image, "n_frames", 1)
    if count > config.max_pages:
        raise too_many_pages(source.path, count, config.max_pages)

    def frames() -> Iterator[tuple[int, Image.Image, float | None]]:
        for n in range(count):
            try:
                image.seek(n)
                frame = image.copy()           # decodes; the pool gets its own pixels
            except (OSError, ValueError, EOFError) as err:
                raise InputFileError(f"{source.path}: image data is truncated or corrupt at page "
                                     f"{n + 1} ({err}): get the original scan again") from err
            dpi = frame.info.get("dpi", image.info.get("dpi"))
            yield n + 1, frame, float(dpi[0]) if dpi else None

    ocr = _ocr_pages(frames(), config)
    pages = [PageText(n, "ocr", ocr[n].confidence, len(ocr[n].text)) for n in sorted(ocr)]
    return _source(source, count), _text("ocr", [ocr[n].text for n in sorted(ocr)], pages, ocr)


def _open_image(source: InputFile, config: Config) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = config.max_image_pixels
    try:
        image = Image.open(io.BytesIO(source.data))     # reads the header only
    except Image.DecompressionBombError as err:
        raise InputFileError(f"{source.path}: image is too large to decode safely (a "
                             f"decompression bomb?): {err}. Check the file") from err
    except (OSError, ValueError) as err:
        raise InputFileError(f"{source.path}: corrupt or unsupported image ({err}): get the "
                             "original scan again") from err
    width, height = image.size
    if width * height > config.max_image_pixels:
        raise InputFileError(f"{source.path}: image is {width}×{height} pixels, over the limit of "
                             f"{config.max_image_pixels} (a decompression bomb?): check the file")
    return image


def _ocr_pages(pages: Iterator[tuple[int, Image.Image, float | None]],
               config: Config) -> dict[int, _OcrPage]:
    """OCR pages on `config.jobs` threads; page number → result. The first failure stops it."""
    results: dict[int, _OcrPage] = {}
    cv2.setNumThreads(1)                   # pages run in parallel; OpenCV's threads would compete
    with scratch_folder(config.scratch, "ocr") as tmp, \
            ThreadPoolExecutor(max_workers=config.jobs) as pool:
        pending: dict[Future, int] = {}
        try:
            for number, image, dpi in pages:
                while len(pending) > config.jobs:    # one page ready ahead
                    _collect(pending, results, FIRST_COMPLETED)
                future = pool.submit(_ocr_page, image, dpi, config, Path(tmp) / f"page{number}")
                pending[future] = number
            while pending:
                _collect(pending, results, FIRST_COMPLETED)
        finally:
            for future in pending:
                future.cancel()
    return results


def _collect(pending: dict[Future, int], results: dict[int, _OcrPage], when) -> None:
    done, _ = wait(pending, return_when=when)
    for future in done:
        number = pending.pop(future)
        results[number] = future.result()


def _ocr_page(image: Image.Image, dpi: float | None, config: Config, stem: Path) -> _OcrPage:
    clean = clean_page(image, dpi=dpi, target_dpi=config.dpi)
    del image
    path = stem.with_suffix(".pgm")            # uncompressed: the cheapest image to hand over
    cv2.imwrite(str(path), clean.pixels)
    words = ocr_words(path, lang=config.ocr_lang, dpi=config.dpi, timeout_s=config.ocr_timeout_s,
                      jobs=config.jobs)
    steps = list(clean.steps)
    if words and _mean_confidence(words) < _OSD_BELOW_CONFIDENCE or not words and _has_ink(clean.pixels):
        rotation, _ = detect_rotation(path, timeout_s=config.ocr_timeout_s, jobs=config.jobs)
        if rotation:
            cv2.imwrite(str(path), rotate_quarter(clean.pixels, rotation))
            turned = ocr_words(path, lang=config.ocr_lang, dpi=config.dpi,
                               timeout_s=config.ocr_timeout_s, jobs=config.jobs)
            if _score(turned) > _score(words):
                words, steps = turned, steps + [f"rotate {rotation}°"]
    words = _reread_weak_columns(words, clean.pixels, path, config)
    path.unlink(missing_ok=True)
    text = page_text(words, column_gap=round(config.dpi / 2))
    confidence = round(_mean_confidence(words), 4) if words else None
    return _OcrPage(text=text, confidence=confidence, words=len(words), steps=tuple(steps))


def _reread_weak_columns(words: list[OcrWord], pixels, path: Path, config: Config) -> list[OcrWord]:
    """Read each column of a badly read two-column region on its own and put its words in
    place of the first reading's (only these small crops are OCR'd again)."""
    boxes = weak_column_boxes(words, column_gap=round(config.dpi / 2))
    if not boxes:
        return words
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        crop = path.with_name(f"{path.stem}-col{k}.pgm")
        cv2.imwrite(str(crop), pixels[y0:y1, x0:x1])
        again = ocr_words(crop, lang=config.ocr_lang, dpi=config.dpi,
                          timeout_s=config.ocr_timeout_s, jobs=config.jobs, psm=4)
        crop.unlink(missing_ok=True)
        inside = lambda w: x0 <= w.left + w.width / 2 <= x1 and y0 <= w.top + w.height / 2 <= y1  # noqa: E731
        words = [w for w in words if not inside(w)]
        words += [dataclasses.replace(w, left=w.left + x0, top=w.top + y0, block=1000 * (k + 1) + w.block)
                  for w in again]
    return words


def _mean_confidence(words: list[OcrWord]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def _score(words: list[OcrWord]) -> float:
    return sum(w.confidence * len(w.text) for w in words)


def _has_ink(pixels) -> bool:
    small = pixels[::8, ::8]
    return float((small < 128).mean()) > 0.005


def _source(source: InputFile, pages: int) -> Source:
    return Source(path=str(source.path), sha256=source.sha256, media_type=source.media_type,
                  pages=pages)


def _text(method, parts: list[str], pages: list[PageText], ocr: dict[int, _OcrPage]) -> Text:
    words = sum(r.words for r in ocr.values())
    confidence = None
    if words:
        confidence = round(sum((r.confidence or 0.0) * r.words for r in ocr.values()) / words, 4)
    return Text(method=method, content="\n\n".join(p for p in parts), ocr_confidence=confidence,
                pages=pages)
