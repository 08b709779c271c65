"""Render Vietnamese directive pages with their source text, degrade them like real scans,
and score OCR output against the source (CER). Used by the pipeline tests and `chidao bench ocr`.

The layout follows the official format (Nghị định 30/2020): a two-column header (issuing body
and number on the left, national/party motto and place-date on the right), a bold centred title,
a justified body with first-line indents, a "Nơi nhận" block at the bottom left and the signature
block at the bottom right with a blue signature and a red round stamp over it.

Everything is deterministic for a given seed. Fonts are Debian's Vietnamese-complete TeX Gyre
Termes (a Times clone, like the Times New Roman of real directives).

    python tests/render_pages.py OUT_DIR [--pages 4] [--degraded]
    python tests/render_pages.py --samples      # rebuilds samples/005_… .pdf and 006_… .png
"""

from __future__ import annotations

import io
import math
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
_FONT_DIRS = [Path("/usr/share/texmf/fonts/opentype/public/tex-gyre"),
              Path("/usr/share/fonts/opentype/tex-gyre")]
_FONT_FILES = {"regular": "texgyretermes-regular.otf", "bold": "texgyretermes-bold.otf",
               "italic": "texgyretermes-italic.otf", "bolditalic": "texgyretermes-bolditalic.otf"}
_BODY_SOURCES = ["samples/003_cf177b1b182402a8.txt", "samples/004_bf85b1cdd7b62294.txt"]

_ISSUERS = [("TỈNH ỦY BẮC GIANG", "BAN CHỈ ĐẠO", "ĐẢNG CỘNG SẢN VIỆT NAM", "Bắc Giang", "TB/BCĐ"),
            ("UBND TỈNH BẮC GIANG", "VĂN PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Bắc Giang",
             "UBND-NC"),
            ("HUYỆN ỦY LỤC NAM", "BAN DÂN VẬN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Lục Nam", "CV/HU")]
_TITLES = [("THÔNG BÁO", "kết luận về triển khai nhiệm vụ thực hiện quy chế dân chủ ở cơ sở"),
           ("CHỈ THỊ", "về nâng cao chất lượng chính quyền thân thiện xã, phường, thị trấn"),
           ("KẾ HOẠCH", "thực hiện chuyển đổi số trong công tác cải cách hành chính năm 2024")]
_SIGNERS = [("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Thị Thu Hồng"),
            ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Mai Sơn"),
            ("TRƯỞNG BAN", "", "Nguyễn Văn Đức")]
_RECIPIENTS = ["- Như trên;", "- Ban Bí thư (báo cáo);", "- Thường trực Tỉnh ủy;",
               "- Các sở, ban, ngành tỉnh;", "- Lưu: VT."]


@dataclass(frozen=True)
class RenderedPage:
    """A page image and the text printed on it, in reading order (stamp text excluded)."""

    image: Image.Image
    text: str
    dpi: int = 300
    jpeg_quality: int | None = None


def font(style: str, size_pt: float, dpi: int = 300) -> ImageFont.FreeTypeFont:
    for folder in _FONT_DIRS:
        path = folder / _FONT_FILES[style]
        if path.exists():
            return ImageFont.truetype(str(path), round(size_pt * dpi / 72))
    raise FileNotFoundError("TeX Gyre Termes not found: apt-get install fonts-texgyre")


def body_paragraphs() -> list[str]:
    """Prose paragraphs of the clean sample directives, NFC, markup removed."""
    paragraphs = []
    for name in _BODY_SOURCES:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = unicodedata.normalize("NFC", re.sub(r"[*¹²³⁴⁵⁶⁷⁸⁹⁰]", "", line).strip())
            if len(line) > 120:
                paragraphs.append(line)
    return paragraphs


def directive_pages(count: int, *, seed: int = 0) -> list[RenderedPage]:
    """`count` different clean directive pages at 300 dpi."""
    paragraphs = body_paragraphs()
    return [render_directive(seed=seed + i, paragraphs=paragraphs) for i in range(count)]


def render_directive(*, seed: int, paragraphs: list[str] | None = None) -> RenderedPage:
    rng = random.Random(seed)
    paragraphs = paragraphs or body_paragraphs()
    width, height = 2480, 3508                       # A4 at 300 dpi
    left, right, top, bottom = 354, 2480 - 190, 236, 3508 - 236
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    issuer, unit, motto, place, symbol = _ISSUERS[seed % len(_ISSUERS)]
    kind, subject = _TITLES[seed % len(_TITLES)]
    capacity, title, name = _SIGNERS[seed % len(_SIGNERS)]
    number = f"Số {rng.randint(12, 2999)}-{symbol}"
    date = f"{place}, ngày {rng.randint(1, 28):02d} tháng {rng.randint(1, 12):02d} năm 2024"

    # Header: two columns, each centred in its half; the right one starts well clear of the left
    # so that a reader (or tesseract) sees two blocks.
    col_l, col_r = (left, 1180), (1320, right)
    y = top
    left_lines = [(issuer, "regular"), (unit, "bold"), ("*", "regular"), (number, "regular")]
    right_lines = [motto] if motto.startswith("ĐẢNG") else [motto, "Độc lập - Tự do - Hạnh phúc"]
    yl = yr = y
    for text, style in left_lines:
        yl = _centred(draw, text, font(style, 13), col_l, yl) + 10
    for k, text in enumerate(right_lines):
        last = k == len(right_lines) - 1
        yr = _centred(draw, text, font("bold", 12.5), col_r, yr, underline=last) + (40 if last else 6)
    yr = _centred(draw, date, font("italic", 13), col_r, yr) + 10
    y = max(yl, yr) + 90

    title_lines = [kind] + _wrap(draw, subject, font("bold", 14), 1500)
    for i, text in enumerate(title_lines):
        y = _centred(draw, text, font("bold", 15 if i == 0 else 14), (left, right), y) + 12
    y += 70

    body_font = font("regular", 13.5)
    body_lines: list[str] = []
    limit = bottom - 780                              # room for Nơi nhận + signature
    start = rng.randrange(len(paragraphs))
    for k in range(len(paragraphs)):
        para = paragraphs[(start + k) % len(paragraphs)]
        lines = _wrap(draw, para, body_font, right - left - 120, first_indent=120)
        if y + len(lines) * 68 > limit:
            lines = lines[: max(0, (limit - y) // 68)]
            if not lines:
                break
        for j, line in enumerate(lines):
            indent = 120 if j == 0 else 0
            last = j == len(lines) - 1
            _justified(draw, line, body_font, left + indent, right, y, justify=not last)
            body_lines.append(line)
            y += 68
        y += 14

    y = max(y + 60, limit + 60)
    recipients = ["Nơi nhận:"] + _RECIPIENTS[: 3 + seed % 3]
    yn = y
    for i, text in enumerate(recipients):
        f = font("bolditalic", 12) if i == 0 else font("regular", 11)
        draw.text((left, yn), text, font=f, fill="black")
        yn += 58
    sig_col = (1320, right)
    ys = _centred(draw, capacity, font("bold", 13), sig_col, y) + 8
    if title:
        ys = _centred(draw, title, font("bold", 13), sig_col, ys) + 8
    name_y = ys + 330
    _centred(draw, name, font("bold", 13), sig_col, name_y)
    _signature(page, rng, center=((sig_col[0] + sig_col[1]) // 2 + 60, ys + 170))
    _stamp(page, rng, center=((sig_col[0] + sig_col[1]) // 2 - 170, ys + 110), issuer=issuer)

    parts = [issuer, unit, "*", number] + right_lines + [date] + title_lines + body_lines
    parts += recipients + [capacity] + ([title] if title else []) + [name]
    return RenderedPage(image=page, text="\n".join(parts))


def degrade(page: RenderedPage, *, seed: int, rotate: float | None = None, blur: float = 0.8,
            noise: float = 10.0, jpeg_quality: int = 60, dpi: int = 200) -> RenderedPage:
    """A scan-like copy: skewed, blurred, noisy, resampled to `dpi`, JPEG-compressed."""
    rng = np.random.default_rng(seed)
    angle = rotate if rotate is not None else float(rng.uniform(0.6, 2.0) * rng.choice([-1, 1]))
    image = page.image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor="white")
    image = image.filter(ImageFilter.GaussianBlur(blur)) if blur else image
    scale = dpi / page.dpi
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    if noise:
        pixels = np.asarray(image, dtype=np.float32)
        pixels += rng.normal(0.0, noise, pixels.shape[:2])[..., None]
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=jpeg_quality)
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return replace(page, image=image, dpi=dpi, jpeg_quality=jpeg_quality)


def save_page(page: RenderedPage, path: Path) -> Path:
    """Write the page as PNG, JPEG or TIFF (by suffix) with its resolution recorded."""
    if path.suffix.lower() in (".jpg", ".jpeg"):
        page.image.save(path, "JPEG", quality=page.jpeg_quality or 90, dpi=(page.dpi, page.dpi))
    else:
        page.image.save(path, dpi=(page.dpi, page.dpi))
    return path


_LIBERATION = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def text_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A born-digital PDF (text layer) written with fpdf2 in a Vietnamese-complete TTF font."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("LiberationSerif", fname=str(_LIBERATION))
    pdf.set_font("LiberationSerif", size=13)
    pdf.add_page()
    for para in paragraphs:
        pdf.multi_cell(0, 7, para, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path, pages: list[RenderedPage], quality: int = 80) -> Path:
    """An image-only PDF, like a scanner's: each page a JPEG at the page's resolution."""
    import time

    images = [p.image.convert("RGB") for p in pages]
    fixed = time.gmtime(1707264000)                 # 2024-02-07: the same bytes on every run
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], quality=quality,
                   resolution=float(pages[0].dpi), creationDate=fixed, modDate=fixed)
    return path


def mixed_pdf(path: Path, text_lines: list[str], scan: RenderedPage) -> Path:
    """Page 1 typed (text layer, reportlab), page 2 a scanned image without text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("LiberationSerif", str(_LIBERATION)))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("LiberationSerif", 13)
    y = A4[1] - 72
    for line in text_lines:
        c.drawString(72, y, line)
        y -= 20
    c.showPage()
    c.drawImage(ImageReader(scan.image), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance / reference length, after NFC, collapsing whitespace and folding
    quote styles (typographic vs straight quotes are not reading errors)."""
    hyp, ref = _normalise_for_cer(hypothesis), _normalise_for_cer(reference)
    return _levenshtein(hyp, ref) / max(1, len(ref))


def _normalise_for_cer(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[“”„\"]", '"', re.sub(r"[‘’‚']", "'", text))
    return " ".join(text.split())


def _levenshtein(a: str, b: str) -> int:
    # Row-by-row DP, vectorised: the left-neighbour dependency is a running minimum of
    # (cost - column), so each row is a handful of numpy operations.
    if not a or not b:
        return len(a) + len(b)
    bs = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    cols = np.arange(len(b) + 1)
    row = cols.copy()
    for i, ch in enumerate(a.encode("utf-32-le").decode("utf-32-le"), start=1):
        sub = row[:-1] + (bs != ord(ch))
        best = np.minimum(row[1:] + 1, sub)
        new = np.empty_like(row)
        new[0] = i
        new[1:] = best
        row = np.minimum.accumulate(new - cols) + cols
    return int(row[-1])


def _centred(draw, text, f, column, y, underline=False) -> int:
    w = draw.textlength(text, font=f)
    x = (column[0] + column[1] - w) / 2
    draw.text((x, y), text, font=f, fill="black")
    size = f.size
    if underline:
        draw.line([(x + w * 0.2, y + size * 1.3), (x + w * 0.8, y + size * 1.3)],
                  fill="black", width=3)
    return y + round(size * 1.2)


def _wrap(draw, text, f, width, first_indent=0) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        avail = width - (first_indent if not lines else 0) + (120 if lines else 0)
        if current and draw.textlength(trial, font=f) > avail:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _justified(draw, line, f, x0, x1, y, justify=True) -> None:
    words = line.split()
    if not justify or len(words) < 2:
        draw.text((x0, y), line, font=f, fill="black")
        return
    widths = [draw.textlength(w, font=f) for w in words]
    gap = (x1 - x0 - sum(widths)) / (len(words) - 1)
    x = x0
    for word, w in zip(words, widths):
        draw.text((x, y), word, font=f, fill="black")
        x += w + gap


def _signature(page: Image.Image, rng: random.Random, center) -> None:
    draw = ImageDraw.Draw(page)
    cx, cy = center
    points = []
    for k in range(60):
        t = k / 59
        points.append((cx - 260 + 520 * t + 40 * math.sin(9 * t + rng.random()),
                       cy + 70 * math.sin(13 * t + rng.uniform(0, 2)) * (1 - t / 2)))
    draw.line(points, fill=(30, 40, 150), width=7, joint="curve")


def _stamp(page: Image.Image, rng: random.Random, center, issuer: str) -> None:
    """A red round seal with text around the rim, multiplied onto the page like real ink."""
    size = 560
    layer = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(layer)
    red = (205, 30, 40)
    c = size // 2
    for r, w in ((c - 8, 10), (c - 90, 5)):
        draw.ellipse([c - r, c - r, c + r, c + r], outline=red, width=w)
    draw.regular_polygon((c, c, 60), 5, rotation=rng.uniform(0, 72), fill=red)
    rim = f"{issuer} * {issuer} *"
    f = font("bold", 9)
    for i, ch in enumerate(rim):
        angle = 2 * math.pi * i / len(rim) - math.pi / 2
        glyph = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(glyph).text((30, 30), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x, y = c + (c - 50) * math.cos(angle) - 30, c + (c - 50) * math.sin(angle) - 30
        layer.paste(Image.new("RGB", (60, 60), red), (round(x), round(y)), glyph)
    layer = layer.rotate(rng.uniform(-20, 20), resample=Image.BICUBIC, fillcolor="white")
    box = (center[0] - c, center[1] - c, center[0] + c, center[1] + c)
    page.paste(ImageChops.multiply(page.crop(box), layer), box[:2])


def write_samples(folder: Path) -> list[Path]:
    """The rendered scans shipped in samples/: a two-page scanned PDF (200 dpi JPEG pages,
    skewed and noisy) and a one-page PNG scan (skewed, slightly blurred, 200 dpi)."""
    pages = directive_pages(3, seed=2024)
    scans = [degrade(p, seed=2024 + i, noise=6.0, jpeg_quality=75) for i, p in enumerate(pages[:2])]
    png = degrade(pages[2], seed=2026, rotate=-0.8, noise=0.0, jpeg_quality=95)
    out = [scanned_pdf(folder / "005_scan_thong_bao.pdf", scans, quality=75),
           save_page(png, folder / "006_scan_chi_thi.png")]
    return out


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--samples":
        for path in write_samples(ROOT / "samples"):
            print(path, path.stat().st_size)
        return
    out = Path(argv[0])
    count = int(argv[argv.index("--pages") + 1]) if "--pages" in argv else 4
    out.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(directive_pages(count)):
        if "--degraded" in argv:
            page = degrade(page, seed=i)
            save_page(page, out / f"page{i:02d}.jpg")
        else:
            save_page(page, out / f"page{i:02d}.png")
        (out / f"page{i:02d}.txt").write_text(page.text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
