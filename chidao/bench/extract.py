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
from dataclasses import dataclass, field
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
    from chidao.nlp.extract import build_extractor

    rows = build_extractor().get_pipe("chidao_bodies").patterns
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


LEGACY = GOLD / "legacy"  # scripts/make_legacy_gold.py: each text printed and read back by tesseract `eng`


@dataclass
class Group:
    """One row of the table: a set of (gold, text) pairs and how to score them."""

    label: str
    items: list[tuple[dict, str]] = field(default_factory=list)
    fuzzy: bool = False  # anchors and names compared loosely: leftover errors of an automatic repair


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

    from chidao.pipeline import read_text

    with tempfile.TemporaryDirectory() as tmp:
        pdf = _render_pdf(text, Path(tmp) / "page.pdf")
        _, result = read_text(pdf, Config(jobs=1))
    return result.content


def _legacy_items(gold: dict, restorer) -> list[tuple[dict, str]]:
    """The gold text's legacy-OCR rendering repaired by `restorer`, if both exist."""
    legacy = LEGACY / f"{gold['_name']}.txt"
    return [(gold, restorer(legacy.read_text(encoding="utf-8")))] if restorer is not None and legacy.exists() else []


def _groups(golds: list[dict], restorer, ocr: bool = False) -> list[Group]:
    """dev; the first held-out set (seen since: rules were fixed on its misses); each frozen
    batch as written and, when a restorer is given, as legacy OCR repaired by it; the raw seeds."""
    dev = Group("dev (rules tuned on it)")
    seen = [Group("held-out 1, clean (seen)"), Group("held-out 1, OCR slips (seen)")]
    batches: dict[str, list[Group]] = {}
    for g in golds:
        if g["split"] == "dev":
            dev.items.append((g, g["_text"]))
        elif not g.get("batch"):
            seen[g["text_kind"] != "clean"].items.append((g, g["_text"]))
        else:
            pair = batches.setdefault(g["batch"], [Group(f"batch {g['batch']}, as written"),
                                                   Group(f"batch {g['batch']}, legacy OCR repaired", fuzzy=True)])
            pair[0].items.append((g, g["_text"]))
            pair[1].items += _legacy_items(g, restorer)
    groups = [dev, *seen]
    for name in sorted(batches):
        groups += batches[name]
    if restorer is not None:
        old = Group("held-out 1, legacy OCR repaired (seen)", fuzzy=True)
        for g in golds:
            if g["split"] == "test" and not g.get("batch"):
                old.items += _legacy_items(g, restorer)
        seeds = Group("raw legacy seeds repaired (seen)", fuzzy=True)
        for g in golds:
            if g.get("seed"):
                raw = (ROOT / g["seed"]).read_text(encoding="utf-8")
                if "head120" in g["_name"]:
                    raw = "\n".join(raw.split("\n")[:len(g["_text"].split("\n"))])
                seeds.items.append((g, restorer(raw)))
        groups += [old, seeds]
    if ocr:
        groups.append(Group("all held-out, printed + tesseract vie", [(g, _ocr_text(g["_text"])) for g in golds if g["split"] == "test"], fuzzy=True))
    return [g for g in groups if g.items]


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@click.command(name="extract")
@click.option("--misses", is_flag=True, help="List every missed or wrong item of the extractor.")
@click.option("--no-restorer", is_flag=True, help="Skip the rows that repair legacy OCR first (fast).")
@click.option("--batches", default=None, metavar="A,B", help="Score only these frozen batches (default: all); keeps an untouched batch unseen.")
@click.option("--ocr", is_flag=True, help="Add a row: the held-out texts printed to pages and read back by tesseract vie (slow).")
def command(misses: bool, no_restorer: bool, batches: str | None, ocr: bool) -> None:
    """Task, lead, cooperating-body F1, deadline and metadata accuracy on tests/data/gold,
    extractor vs a naive baseline: dev, the seen held-out set, each frozen batch as written
    and as legacy OCR repaired by the restorer, and the raw legacy seeds.

    \b
    Example:
      chidao bench extract --misses
      chidao bench extract --ocr      # also through real OCR of printed pages
    """
    from chidao.nlp.extract import build_extractor, extract_directive
    from chidao.nlp.extract.evaluate import Score, score_directive

    warnings.filterwarnings("ignore")
    restorer = None
    if not no_restorer:
        try:
            from chidao.nlp import restore_diacritics as restorer

            restorer("Ban Thuong vu Tinh uy")
        except (ImportError, ChidaoError):  # not built yet on this machine
            restorer = None
    config = Config()
    t0 = time.perf_counter()
    build_extractor()
    build_s = time.perf_counter() - t0
    golds = load_gold()
    if batches is not None:
        wanted = {b.strip() for b in batches.split(",") if b.strip()}
        golds = [g for g in golds if not g.get("batch") or g["batch"] in wanted]
    groups = _groups(golds, restorer, ocr)
    results: list[dict[str, Score]] = []
    seconds = {"naive": 0.0, "chidao": 0.0}
    docs = 0
    for group in groups:
        results.append({"naive": Score(), "chidao": Score()})
        for gold, text in group.items:
            for name, fn in (("naive", lambda t: naive_baseline(t, "x")), ("chidao", lambda t: extract_directive(t, "x", config))):
                start = time.perf_counter()
                document, tasks = fn(text)
                seconds[name] += time.perf_counter() - start
                score = score_directive(gold, document, tasks, fuzzy=group.fuzzy)
                score.misses = [f"[{group.label}] {m}" for m in score.misses]
                results[-1][name].add(score)
            docs += 1
    _print(groups, results, seconds, docs, build_s, restorer is not None, misses)


_METRICS = (("task F1", lambda s: s.task_f1), ("lead F1", lambda s: s.lead_f1), ("coop. F1", lambda s: s.coop_f1),
            ("deadline due acc.", lambda s: s.deadline_accuracy), ("recurring acc.", lambda s: s.recurring_accuracy),
            ("metadata fields", lambda s: s.metadata_accuracy))


def _print(groups: list[Group], results: list[dict], seconds: dict, docs: int, build_s: float, restored: bool, misses: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(160, Console().width))
    table = Table(title="chidao bench extract — each cell: naive baseline → chidao (same run, same text)")
    table.add_column("set")
    table.add_column("docs / tasks", justify="right")
    for label, _ in _METRICS:
        table.add_column(label, justify="right")
    for group, result in zip(groups, results):
        cells = [f"{_fmt(get(result['naive']))} → {_fmt(get(result['chidao']))}" for _, get in _METRICS]
        table.add_row(group.label, f"{len(group.items)} / {sum(len(g['tasks']) for g, _ in group.items)}", *cells)
    console.print(table)
    console.print("targets on sets the rules were not tuned on: task F1 ≥ 0.90, lead F1 ≥ 0.85, deadline ≥ 0.90, "
                  "metadata ≥ 0.90. Time per document: " + ", ".join(f"{n} {1000 * seconds[n] / max(1, docs):.0f} ms" for n in seconds))

    fields = Table(title="metadata fields right (chidao; right/all)")
    fields.add_column("field")
    for k, _ in enumerate(groups):
        fields.add_column(str(k + 1), justify="right")
    for f in sorted({f for r in results for f in r["chidao"].fields}):
        fields.add_row(f, *(("{}/{}".format(*r["chidao"].fields[f]) if f in r["chidao"].fields else "—") for r in results))
    console.print(fields)
    console.print("columns: " + "; ".join(f"{k + 1} = {g.label}" for k, g in enumerate(groups)))
    console.print(f"pipeline build (once per process): {build_s:.2f} s; legacy rows: "
                  f"{'repaired by nlp.restore_diacritics' if restored else 'skipped (no restorer)'}")
    if misses:
        for result in results:
            for m in result["chidao"].misses:
                console.print(m, markup=False, soft_wrap=True)
