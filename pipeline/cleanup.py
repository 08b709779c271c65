"""Scan clean-up before OCR, each step only where it pays:

- coloured ink (red stamps, blue signatures) is whitened, so a seal over the signer's title does
  not derail tesseract's line finding; black text under the ink stays black;
- grayscale;
- uneven lighting flattened and faint scans stretched (tesseract binarises with one threshold);
- resolution normalised to the OCR resolution (tesseract's `vie` model reads 200 dpi scans much
  better upscaled to 300);
- skew of more than a quarter degree is measured (projection profile) and removed;
- speckle noise is removed with a median filter when the background is noisy.

Orientation (90/180/270°) is tesseract OSD's job, run by the reader only when the first OCR pass
looks wrong, because OSD costs a tesseract call."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

_A4_SHORT_IN, _A4_LONG_IN = 8.27, 11.69


@dataclass
class CleanPage:
    """A page ready for OCR: 8-bit grayscale at `dpi`, and the steps that changed it."""

    pixels: np.ndarray
    dpi: int
    steps: list[str] = field(default_factory=list)


def clean_page(image: Image.Image, *, dpi: float | None, target_dpi: int) -> CleanPage:
    """Clean one page image. `dpi` is the resolution recorded in the file (None if absent)."""
    steps: list[str] = []
    gray = _grayscale(image, steps)
    source_dpi = dpi if dpi and dpi >= 50 else _guess_dpi(gray.shape, target_dpi)
    if abs(source_dpi - target_dpi) / target_dpi > 0.12:
        scale = target_dpi / source_dpi
        interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interpolation)
        steps.append(f"resample {source_dpi:.0f}→{target_dpi} dpi")
    gray = _even_out(gray, steps)
    if _is_noisy(gray):
        gray = cv2.medianBlur(gray, 3)
        steps.append("denoise")
    angle = _skew_angle(gray)
    if abs(angle) >= 0.25:
        gray = _rotate(gray, angle)
        steps.append(f"deskew {angle:+.2f}°")
    return CleanPage(pixels=gray, dpi=target_dpi, steps=steps)


def rotate_quarter(pixels: np.ndarray, degrees: int) -> np.ndarray:
    """Turn a page clockwise by 90, 180 or 270 degrees (tesseract OSD's "Rotate")."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(pixels, codes[degrees]) if degrees in codes else pixels


def _grayscale(image: Image.Image, steps: list[str]) -> np.ndarray:
    if image.mode in ("1", "L"):
        return np.asarray(image.convert("L"))
    if image.mode in ("I;16", "I;16B", "I", "F"):
        wide = np.asarray(image, dtype=np.float32)
        return cv2.normalize(wide, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if "A" in image.mode or "transparency" in image.info:
        # Transparent pixels are paper, not the black their colour values often say.
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    rgb = np.asarray(image.convert("RGB"))
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    red, green, blue = cv2.split(rgb)
    top = cv2.max(cv2.max(red, green), blue)
    chroma = cv2.subtract(top, cv2.min(cv2.min(red, green), blue))
    # Ink is "coloured" when clearly saturated; the mask grows by a pixel to take the blurred
    # rim of a stamp too. Near-black pixels (text, also where text and stamp overlap) stay.
    ink = cv2.compare(chroma, 40, cv2.CMP_GT)
    if cv2.countNonZero(ink) > ink.size * 1e-4:
        coloured = ink
        ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))
        ink = cv2.bitwise_and(ink, cv2.compare(top, 90, cv2.CMP_GE))
        gray = cv2.max(gray, ink)               # ink is 0 or 255: coloured pixels turn white
        gray = _drop_ink_crossings(gray, rgb, coloured)
        steps.append("remove coloured ink")
    return gray


def _drop_ink_crossings(gray: np.ndarray, rgb: np.ndarray, coloured: np.ndarray) -> np.ndarray:
    # Where a blue signature crosses a red stamp the two inks multiply to near black and survive
    # as specks that derail tesseract's line finding. A dark blob lying wholly where red and
    # blue ink meet is such a crossing. (Text over a stamp, diacritics included, touches red
    # ink only, so it stays.)
    x, y, w, h = cv2.boundingRect(coloured)
    hue = cv2.cvtColor(np.ascontiguousarray(rgb[y:y + h, x:x + w]), cv2.COLOR_RGB2HSV)[..., 0]
    ink = coloured[y:y + h, x:x + w] > 0
    red = ((hue < 15) | (hue > 165)) & ink
    blue = (hue > 95) & (hue < 140) & ink
    if not red.any() or not blue.any():
        return gray
    kernel = np.ones((15, 15), np.uint8)
    both = cv2.bitwise_and(cv2.dilate(red.astype(np.uint8), kernel),
                           cv2.dilate(blue.astype(np.uint8), kernel))
    region = np.ascontiguousarray(gray[y:y + h, x:x + w])
    dark = cv2.compare(region, 160, cv2.CMP_LT)
    count, labels = cv2.connectedComponents(dark, connectivity=8)
    if count <= 1:
        return gray
    outside = np.bincount(labels[(dark > 0) & (both == 0)], minlength=count)
    crossing = outside == 0
    crossing[0] = False
    if crossing.any():
        gray = gray.copy()
        gray[y:y + h, x:x + w][crossing[labels]] = 255
    return gray


def _even_out(gray: np.ndarray, steps: list[str]) -> np.ndarray:
    # Tesseract binarises with one global (Otsu) threshold, which fails on a page lit unevenly
    # (a shadow across a photographed sheet) and on faint, greyish scans. The paper's brightness
    # is estimated on a small copy (text closed away); where it varies, the page is divided by
    # it; where the ink/paper range is narrow, it is stretched.
    small = cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    paper = cv2.medianBlur(paper, 5)
    lo, hi = np.percentile(paper, [5, 95])
    if hi - lo > 40:
        full = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
        gray = cv2.divide(gray, full, scale=255)
        steps.append("flatten lighting")
        small = cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    ink, paper_level = np.percentile(gray[::4, ::4], [0.5, 60])
    if paper_level - ink < 150 and paper_level > ink:
        scale = 255.0 / (paper_level - ink)
        gray = cv2.convertScaleAbs(gray, alpha=scale, beta=-ink * scale)
        steps.append("stretch contrast")
    return gray


def _guess_dpi(shape: tuple[int, int], fallback: int) -> float:
    # Directives are A4; a page-shaped image without a recorded resolution is assumed to be a
    # whole A4 sheet.
    h, w = shape
    short, long = sorted((w, h))
    if 1.30 < long / short < 1.52:
        return short / _A4_SHORT_IN
    return float(fallback)


def _is_noisy(gray: np.ndarray) -> bool:
    small = gray[:: 4, :: 4] if gray.size > 4_000_000 else gray
    background = small[small > 160].astype(np.float32)
    return background.size > 1000 and float(background.std()) > 9.0


def _skew_angle(gray: np.ndarray) -> float:
    # Projection profile on a quarter-size binarised copy: text lines give sharp row sums when
    # level. Coarse search over ±5° in 1° steps, then 0.25°, then 0.1°.
    small = cv2.resize(gray, None, fx=0.2, fy=0.2, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.mean() < 0.002:
        return 0.0

    def score(angle: float) -> float:
        rows = _rotate(ink, angle, border=0, nearest=True).sum(axis=1, dtype=np.int64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-5.0, 5.01, 1.0), key=score)
    best = max(np.arange(best - 0.75, best + 0.76, 0.25), key=score)
    return float(max(np.arange(best - 0.1, best + 0.11, 0.1), key=score))


def _rotate(pixels: np.ndarray, angle: float, border: int = 255, nearest: bool = False) -> np.ndarray:
    h, w = pixels.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    flags = cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR
    return cv2.warpAffine(pixels, matrix, (w, h), flags=flags,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)
