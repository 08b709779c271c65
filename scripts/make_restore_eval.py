"""Synthetic legacy-OCR evaluation pages for `chidao bench restore`: held-out legal text
(tests/data/restore/legal_heldout.txt, never trained on) rendered to 300 dpi page images in a
Times-like serif and OCR'd with tesseract's English model, the way the legacy archive was made.

    OMP_THREAD_LIMIT=1 nice .venv/bin/python scripts/make_restore_eval.py --pages 6

Writes tests/data/restore/synthetic_eng_ocr.jsonl: one {"truth", "ocr"} object per page."""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "restore"
FONT = "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf"
DPI = 300
LINES_PER_PAGE = 34
CHARS_PER_LINE = 78


def _pages(text: str, n: int, skip: int) -> list[list[str]]:
    wrapped = []
    for para in text.split("\n"):
        wrapped.extend(textwrap.wrap(para, CHARS_PER_LINE) or [""])
    wrapped = wrapped[skip:]
    return [wrapped[i:i + LINES_PER_PAGE] for i in range(0, n * LINES_PER_PAGE, LINES_PER_PAGE)]


def _render(lines: list[str], path: Path) -> None:
    font = ImageFont.truetype(FONT, size=int(13 / 72 * DPI))
    img = Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255)
    draw = ImageDraw.Draw(img)
    y = int(0.8 * DPI)
    for line in lines:
        draw.text((int(1.0 * DPI), y), line, font=font, fill=0)
        y += int(font.size * 1.45)
    img.save(path, dpi=(DPI, DPI))


def _ocr_eng(path: Path) -> str:
    out = subprocess.run(["tesseract", str(path), "stdout", "-l", "eng", "--oem", "1", "--psm", "6"],
                         capture_output=True, text=True, timeout=180, check=True)
    return out.stdout.rstrip("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--skip", type=int, default=400, help="wrapped lines to skip first")
    args = ap.parse_args()
    text = (DATA / "legal_heldout.txt").read_text(encoding="utf-8")
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, lines in enumerate(_pages(text, args.pages, args.skip)):
            png = Path(tmp) / f"page{i}.png"
            _render(lines, png)
            records.append({"truth": "\n".join(lines), "ocr": _ocr_eng(png)})
    with (DATA / "synthetic_eng_ocr.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
