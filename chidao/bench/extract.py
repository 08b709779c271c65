"""`chidao bench extract`: directive understanding on the annotated set in tests/data/gold,
against a naive baseline measured in the same run on the same text.

Baseline ("naive"): every line opening with "N." starts a task (running to the next such
line or a blank line); lead = the first gazetteer body named in it; no cooperating bodies;
deadlines = whatever dateparser's search_dates finds; metadata = the text after "Số", the
first upper-case document-type line, dateparser on the "ngày … tháng … năm" line.

Columns: dev (the set the rules were tuned on), held-out test on clean text, held-out test on
hand-repaired legacy OCR, and — when `nlp.restore_diacritics` is importable — the raw legacy
seeds repaired by it (seed 000 whole, seed 001's first 120 lines)."""

from __future__ import annotations

import json
import re
import time
import warnings
from pathlib import Path

import click

from chidao.config import Config
from chidao.errors import ChidaoError
from chidao.record import DocumentInfo, Task, TaskDeadline

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
_TYPES = {"CÔNG VĂN": "Công văn", "THÔNG BÁO": "Thông báo", "KẾ HOẠCH": "Kế hoạch", "BÁO CÁO": "Báo cáo",
          "CHỈ THỊ": "Chỉ thị", "NGHỊ QUYẾT": "Nghị quyết", "QUYẾT ĐỊNH": "Quyết định", "KẾT LUẬN": "Kết luận"}


def load_gold() -> list[dict]:
    out = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold["_name"] = path.stem
        gold["_text"] = (ROOT / gold["source"]).read_text(encoding="utf-8")
        out.append(gold)
    return out


def _gazetteer() -> list[tuple[str, str]]:
    from nlp.extract._paths import corpus_path

    rows = [json.loads(x) for x in corpus_path("corpus/extract/bodies.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    return [(r["pattern"], r["id"]) for r in rows if isinstance(r["pattern"], str)]


def naive_baseline(text: str, record_id: str) -> tuple[DocumentInfo, list[Task]]:
    import dateparser
    from dateparser.search import search_dates

    gazetteer = _gazetteer()
    lines = text.split("\n")
    blocks: list[list[str]] = []
    for line in lines:
        if re.match(r"^\s*\d+\.\s", line):
            blocks.append([line.strip()])
        elif blocks and line.strip() and blocks[-1] is not None:
            blocks[-1].append(line.strip())
        elif blocks and not line.strip():
            blocks.append(None)
    tasks = []
    for i, block in enumerate(b for b in blocks if b):
        body = " ".join(block)
        hits = [(body.lower().find(p.lower()), ident) for p, ident in gazetteer if p.lower() in body.lower()]
        lead = [min(hits)[1]] if hits else []
        found = search_dates(body, languages=["vi"], settings={"PREFER_DAY_OF_MONTH": "last"}) or []
        deadlines = [TaskDeadline(raw, "by", d.date().isoformat()) for raw, d in found]
        tasks.append(Task(id=f"{record_id}#{i + 1}", ordinal=str(i + 1), text=body, lead=lead, deadlines=deadlines))
    doc = DocumentInfo()
    number = re.search(r"Số\s*:?\s*(\S+)", text)
    doc.number = number.group(1) if number else None
    doc.type = next((_TYPES[ln.strip()] for ln in lines[:30] if ln.strip() in _TYPES), None)
    date_line = next((ln for ln in lines[:30] if "tháng" in ln and "năm" in ln), None)
    if date_line:
        parsed = dateparser.parse(date_line[date_line.find("ngày"):], languages=["vi"])
        doc.date = parsed.date().isoformat() if parsed else None
    return doc, tasks


_RESTORED = "raw seeds via restorer (fuzzy anchors)"


_OCRED = "held-out test, rendered + tesseract OCR (fuzzy anchors)"


def _render_pdf(text: str, path: Path) -> Path:
    """The text as printed A4 pages at 300 dpi (TeX Gyre Termes 13 pt), long lines wrapped."""
    from PIL import Image, ImageDraw, ImageFont

    fonts = [Path("/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf"),
             Path("/usr/share/fonts/opentype/tex-gyre/texgyretermes-regular.otf")]
    face = ImageFont.truetype(str(next(f for f in fonts if f.exists())), 54)
    width, height, margin, step = 2480, 3508, 220, 78
    lines: list[str] = []
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))
    for raw in text.split("\n"):
        words, cur = raw.split(" "), ""
        for w in words:
            trial = f"{cur} {w}" if cur else w
            if probe.textlength(trial, font=face) > width - 2 * margin and cur:
                lines.append(cur)
                cur = w
            else:
                cur = trial
        lines.append(cur)
    per_page = (height - 2 * margin) // step
    pages = []
    for k in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines[k:k + per_page]):
            draw.text((margin, margin + i * step), line, font=face, fill=0)
        pages.append(page.convert("RGB"))
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=300)
    return path


def _ocr_text(text: str) -> str:
    import tempfile

    from pipeline import read_text

    with tempfile.TemporaryDirectory() as tmp:
        pdf = _render_pdf(text, Path(tmp) / "page.pdf")
        _, result = read_text(pdf, Config(jobs=1))
    return result.content


def _groups(golds: list[dict], restorer, ocr: bool = False) -> dict[str, list[tuple[dict, str]]]:
    groups: dict[str, list[tuple[dict, str]]] = {"dev": [], "test clean": [], "test repaired OCR": []}
    for g in golds:
        if g["split"] == "dev":
            groups["dev"].append((g, g["_text"]))
        elif g["text_kind"] == "clean":
            groups["test clean"].append((g, g["_text"]))
        else:
            groups["test repaired OCR"].append((g, g["_text"]))
    if ocr:
        groups[_OCRED] = [(g, _ocr_text(g["_text"])) for g in golds if g["split"] == "test"]
    if restorer is not None:
        key = _RESTORED
        groups[key] = []
        for g in golds:
            if g.get("seed"):
                raw = (ROOT / g["seed"]).read_text(encoding="utf-8")
                n_lines = len(g["_text"].split("\n"))
                if "head120" in g["_name"]:
                    raw = "\n".join(raw.split("\n")[:n_lines])
                groups[key].append((g, restorer(raw)))
    return groups


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@click.command(name="extract")
@click.option("--misses", is_flag=True, help="List every missed or wrong item of the extractor.")
@click.option("--no-restorer", is_flag=True, help="Skip the column that repairs the raw seeds first.")
@click.option("--ocr", is_flag=True, help="Add a column: the held-out texts printed to pages and read back by tesseract (slow, ~1 min).")
def command(misses: bool, no_restorer: bool, ocr: bool) -> None:
    """Task, lead, cooperating-body F1, deadline and metadata accuracy on tests/data/gold,
    extractor vs a naive baseline, on dev, held-out clean and held-out repaired-OCR text.

    \b
    Example:
      chidao bench extract --misses
      chidao bench extract --ocr      # also through real OCR of printed pages
    """
    from rich.console import Console
    from rich.table import Table

    from nlp.extract import build_extractor, extract_directive
    from nlp.extract.evaluate import Score, score_directive

    warnings.filterwarnings("ignore")
    restorer = None
    if not no_restorer:
        try:
            from nlp import restore_diacritics as restorer

            restorer("Ban Thuong vu Tinh uy")
        except (ImportError, ChidaoError):  # not built yet on this machine
            restorer = None
    config = Config()
    t0 = time.perf_counter()
    build_extractor()
    build_s = time.perf_counter() - t0
    golds = load_gold()
    groups = _groups(golds, restorer, ocr)
    results: dict[str, dict[str, Score]] = {}
    seconds = {"naive": 0.0, "chidao": 0.0}
    docs = 0
    for group, items in groups.items():
        results[group] = {"naive": Score(), "chidao": Score()}
        for gold, text in items:
            for name, fn in (("naive", lambda t: naive_baseline(t, "x")), ("chidao", lambda t: extract_directive(t, "x", config))):
                start = time.perf_counter()
                document, tasks = fn(text)
                seconds[name] += time.perf_counter() - start
                score = score_directive(gold, document, tasks, fuzzy=group in (_RESTORED, _OCRED))
                score.misses = [f"[{group.split(' (')[0]}] {m}" for m in score.misses]
                results[group][name].add(score)
            docs += 1

    console = Console()
    table = Table(title="chidao bench extract — naive baseline vs chidao (same run, same text)")
    table.add_column("metric")
    for group, items in groups.items():
        table.add_column(f"{group}\n({len(items)} docs, {sum(len(g['tasks']) for g, _ in items)} tasks)\nnaive", justify="right")
        table.add_column("\n\nchidao", justify="right")
    rows = [("task F1", lambda s: s.task_f1), ("lead F1", lambda s: s.lead_f1), ("cooperating F1", lambda s: s.coop_f1),
            ("deadline due accuracy", lambda s: s.deadline_accuracy), ("recurring accuracy", lambda s: s.recurring_accuracy),
            ("metadata fields right", lambda s: s.metadata_accuracy)]
    for label, get in rows:
        cells = []
        for group in groups:
            cells += [_fmt(get(results[group]["naive"])), _fmt(get(results[group]["chidao"]))]
        table.add_row(label, *cells)
    speed = [f"{1000 * seconds[n] / max(1, docs):.0f} ms" for n in ("naive", "chidao")]
    table.add_row("time per document", *(speed * len(groups)))
    console.print(table)

    fields = Table(title="metadata fields right (chidao; right/all)")
    fields.add_column("field")
    for group in groups:
        fields.add_column(group, justify="right")
    names = sorted({f for g in groups for f in results[g]["chidao"].fields})
    for f in names:
        cells = []
        for group in groups:
            right, total = results[group]["chidao"].fields.get(f, [0, 0])
            cells.append(f"{right}/{total}" if total else "—")
        fields.add_row(f, *cells)
    console.print(fields)
    console.print(f"pipeline build (once per process): {build_s:.2f} s; restorer column: "
                  f"{'nlp.restore_diacritics' if restorer else 'not available'}")
    if misses:
        for group in groups:
            for m in results[group]["chidao"].misses:
                console.print(m, markup=False)
