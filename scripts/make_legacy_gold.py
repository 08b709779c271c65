"""Legacy-OCR versions of the annotated directives: each gold text printed to A4 pages and read
back by tesseract's English model, which is how the archive's legacy OCR was made ("Pang" for
Đảng). `chidao bench extract` repairs them with the restorer and scores the extraction against
the same gold, so the repaired-legacy figures cover every held-out batch, not only two seeds.

Page look (font, size, resolution, blur, noise, ink) is drawn per document from
scripts/make_ocr_pairs.py's distribution, seeded by the file name, so a rerun is identical.
The channel model never saw these texts: it was trained on the legal corpus and admin_text.

    .venv/bin/python scripts/make_legacy_gold.py            # only the missing ones
    .venv/bin/python scripts/make_legacy_gold.py --force    # all again
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ocr_pairs import _degrade, _ocr, _page_params, _wrap  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold"
OUT = GOLD / "legacy"


def _pages(text: str, params: dict, rng: random.Random) -> list[Image.Image]:
    """The text's own lines, wrapped where too long, on as many A4 pages as it takes."""
    dpi = params["dpi"]
    px = lambda inches: int(round(inches * dpi))  # noqa: E731
    size = int(round(params["pt"] * dpi / 72))
    font = ImageFont.truetype(params["font"], size)
    left, top, text_w = px(1.18), px(0.8), px(8.27 - 1.18 - 0.8)
    step = int(size * params["spacing"])
    lines = [part for line in text.split("\n") for part in (_wrap(line.split(" "), font, text_w) or [""])]
    per_page = (px(11.69) - top - px(0.8)) // step
    pages = []
    for k in range(0, len(lines), per_page):
        img = Image.new("L", (px(8.27), px(11.69)), 255)
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(lines[k:k + per_page]):
            draw.text((left, top + i * step), line, font=font, fill=0)
        pages.append(_degrade(img, params, rng))
    return pages


def legacy_text(name: str, text: str) -> str:
    rng = random.Random(zlib.crc32(name.encode()))
    params = _page_params(rng)
    params["dpi"] = max(params["dpi"], 200)  # 150 dpi pages lose whole lines; the archive's are readable
    with tempfile.TemporaryDirectory() as tmp:
        return "\n".join(_ocr(page, Path(tmp)).rstrip("\n") for page in _pages(text, params, rng)) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--force", action="store_true", help="remake files that exist")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        target = OUT / f"{path.stem}.txt"
        if gold.get("seed") or (target.exists() and not args.force):
            continue  # the seeds are real legacy OCR already
        target.write_text(legacy_text(path.stem, (ROOT / gold["source"]).read_text(encoding="utf-8")), encoding="utf-8")
        print(target.relative_to(ROOT), flush=True)


if __name__ == "__main__":
    main()
