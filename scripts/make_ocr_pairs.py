"""Make synthetic legacy-OCR training pairs: accented Vietnamese text -> page image -> tesseract
`eng` -> garbled text, with the truth known.

The archive's legacy text was made by OCR'ing Vietnamese scans with an English model; doing the
same to rendered corpus text reproduces that garbling (see ../shared/README.md), so the pairs
teach the channel model in nlp/restore/channel.py what each Vietnamese syllable turns into.

Output: one JSON object per page appended to OUT (JSONL), {"page", "split", "params",
"source": [lines], "ocr": [lines]}. Lines are aligned later by scripts/build_channel.py, so the
expensive OCR is never redone when the alignment changes. Pages already in OUT are skipped, so a
cut-off run resumes where it stopped.

Only the legal corpus and admin_text are used: the seeds and gold/ are the evaluation.

    OMP_THREAD_LIMIT=1 nice -n 15 .venv/bin/python scripts/make_ocr_pairs.py \
        --pages 400 --out build/ocr_pairs.jsonl
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chidao.nlp.restore.channel import normalize_tones  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FONTS = [  # Times-like serifs, as in Vietnamese official documents (Times New Roman 13-14 pt)
    ("/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf",
     "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-bold.otf", 0.5),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf", 0.45),
    ("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
     "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf", 0.05),
]
TESSERACT_TIMEOUT_S = 120


def _paragraphs(legal_tar: Path, admin: Path) -> list[str]:
    """All non-trivial lines of the two corpora, NFC and new-style tones."""
    paras = []
    with tarfile.open(legal_tar, "r:xz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile():
                continue
            raw = tar.extractfile(member).read().decode("utf-8", "replace")
            paras.extend(raw.splitlines())
    paras.extend(admin.read_text("utf-8", "replace").splitlines())
    out = []
    for p in paras:
        p = normalize_tones(unicodedata.normalize("NFC", " ".join(p.split())))
        if len(p) >= 20 and "http" not in p:
            out.append(p)
    return out


def _wrap(words: list[str], font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, cur = [], []
    for w in words:
        trial = " ".join(cur + [w])
        if cur and font.getlength(trial) > width:
            lines.append(" ".join(cur))
            cur = [w]
        else:
            cur.append(w)
    if cur:
        lines.append(" ".join(cur))
    return lines


def _page_params(rng: random.Random) -> dict:
    regular, bold, _ = rng.choices(FONTS, weights=[f[2] for f in FONTS])[0]
    return {
        "font": regular, "bold": bold,
        "pt": rng.choice([11, 12, 12.5, 13, 13, 13, 14]),
        # low resolution merges accents into letters the way the archive's scans do
        # ("Pang" for Đảng, "Bic" for Bắc): measured on sample lines, 150-200 dpi does it
        "dpi": rng.choices([300, 250, 200, 150], weights=[0.35, 0.15, 0.25, 0.25])[0],
        "spacing": rng.uniform(1.2, 1.6),
        "blur": rng.choice([0, 0, 0.4, 0.7, 1.0]),
        "noise": rng.choice([0, 0, 6, 12]),
        "rotate": rng.uniform(-0.5, 0.5) if rng.random() < 0.5 else 0.0,
        "ink": rng.choices(["none", "thin", "thick"], weights=[0.6, 0.1, 0.3])[0],
        "binarize": rng.random() < 0.35,
    }


def _render(params: dict, paras: list[str], rng: random.Random) -> tuple[Image.Image, list[str]]:
    """One A4 page of text; some lines upper-case bold like the documents' headings."""
    dpi = params["dpi"]
    px = lambda inches: int(round(inches * dpi))  # noqa: E731
    width, height = px(8.27), px(11.69)
    size = int(round(params["pt"] * dpi / 72))
    font = ImageFont.truetype(params["font"], size)
    bold = ImageFont.truetype(params["bold"], size)
    left, top, text_w = px(1.18), px(0.8), px(8.27 - 1.18 - 0.8)
    step = int(size * params["spacing"])
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    y, source = top, []
    while y + step < height - px(0.8):
        para = rng.choice(paras)
        heading = len(para) < 90 and rng.random() < 0.25 or rng.random() < 0.03
        f = bold if heading and rng.random() < 0.7 else font
        text = para.upper() if heading else para
        lines = _wrap(text.split(), f, text_w)
        for line in lines[: rng.randint(1, 8)]:
            if y + step >= height - px(0.8):
                break
            indent = px(0.5) if line is lines[0] and not heading else 0
            draw.text((left + indent, y), line, font=f, fill=0)
            source.append(line)
            y += step
    return _degrade(img, params, rng), source


def _degrade(img: Image.Image, params: dict, rng: random.Random) -> Image.Image:
    if params["ink"] == "thick":
        img = img.filter(ImageFilter.MinFilter(3))
    elif params["ink"] == "thin":
        img = img.filter(ImageFilter.MaxFilter(3)) if params["dpi"] >= 300 else img
    if params["rotate"]:
        img = img.rotate(params["rotate"], resample=Image.BILINEAR, fillcolor=255)
    if params["blur"]:
        img = img.filter(ImageFilter.GaussianBlur(params["blur"]))
    if params["noise"]:
        noise = Image.effect_noise(img.size, params["noise"])
        img = Image.blend(img, noise, 0.25).point(lambda v: min(255, v + 32))
    if params["binarize"]:
        cut = rng.randint(110, 170)
        img = img.point(lambda v: 0 if v < cut else 255)
    return img


def _ocr(img: Image.Image, tmp: Path) -> str:
    path = tmp / "page.png"
    img.save(path, dpi=(300, 300))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run(
        ["tesseract", str(path), "stdout", "-l", "eng", "--oem", "1", "--psm", "6"],
        capture_output=True, timeout=TESSERACT_TIMEOUT_S, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"tesseract failed: {done.stderr.decode(errors='replace')[-500:]}")
    return done.stdout.decode("utf-8", "replace")


def _done_pages(out: Path) -> set[int]:
    if not out.exists():
        return set()
    pages = set()
    for line in out.read_text("utf-8").splitlines():
        try:
            pages.add(json.loads(line)["page"])
        except (ValueError, KeyError):
            continue  # a line cut off by an interrupted run
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--out", type=Path, default=Path("build/ocr_pairs.jsonl"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--test-every", type=int, default=10, help="every Nth page is held out")
    args = ap.parse_args()
    paras = _paragraphs(SHARED / "vlc_legal_187.tar.xz", SHARED / "admin_text.txt")
    print(f"{len(paras)} paragraphs", file=sys.stderr)
    done = _done_pages(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmpdir, args.out.open("a", encoding="utf-8") as fh:
        for page in range(args.pages):
            rng = random.Random(args.seed * 1_000_003 + page)  # a page is reproducible alone
            if page in done:
                continue
            t0 = time.time()
            params = _page_params(rng)
            img, source = _render(params, paras, rng)
            ocr = _ocr(img, Path(tmpdir))
            split = "test" if page % args.test_every == args.test_every - 1 else "train"
            rec = {"page": page, "split": split, "params": params, "source": source,
                   "ocr": ocr.splitlines()}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            print(f"page {page} {split} {len(source)} lines {time.time() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
