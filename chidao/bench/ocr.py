"""`chidao bench ocr`: the pipeline's OCR against raw `tesseract -l vie`, on rendered directive
pages, in one run.

Pages come from tests/render_pages.py (official layout, red stamp, blue signature; the degraded
set is skewed, blurred, noisy, 200 dpi and JPEG-compressed). Every page is saved as a lossless
PNG; the baseline runs the tesseract CLI on each PNG, one after the other, with tesseract's own
threading. The pipeline reads one multi-page TIFF holding exactly the same pixels
(`read_text`, pages in parallel on `--jobs` single-threaded tesseract processes).

CPU "beyond tesseract" is the pipeline process's own CPU time (decoding, clean-up, layout),
measured with getrusage, over the CPU time of its tesseract children."""

from __future__ import annotations

import importlib.util
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click

from chidao.errors import ChidaoError


@dataclass
class _Run:
    texts: list[str]
    wall_s: float
    self_cpu_s: float
    child_cpu_s: float


@click.command(name="ocr")
@click.option("--pages", type=click.IntRange(1, 50), default=8, show_default=True,
              help="Clean pages to render (and as many degraded ones).")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Parallel tesseract processes for the pipeline.")
def command(pages: int, jobs: int) -> None:
    """CER and throughput of the OCR pipeline vs raw `tesseract -l vie`.

    \b
    Example:
      chidao bench ocr --pages 8 --jobs 2
    """
    from rich.console import Console

    from chidao.config import Config

    render = _load_renderer()
    console = Console()
    if not console.is_terminal:
        console = Console(width=130)       # a pasted table should not wrap
    config = Config(jobs=jobs)
    with tempfile.TemporaryDirectory(prefix="chidao-bench-ocr-") as tmp:
        folder = Path(tmp)
        console.print(f"rendering {pages} clean and {pages} degraded directive pages …")
        clean = render.directive_pages(pages, seed=100)
        degraded = [render.degrade(p, seed=100 + i) for i, p in enumerate(clean)]
        sets = {"clean": clean, "degraded": degraded}
        results = {}
        for name, rendered in sets.items():
            pngs = [render.save_page(p, folder / f"{name}{i:02d}.png") for i, p in enumerate(rendered)]
            tiff = _multipage_tiff(rendered, folder / f"{name}.tif")
            console.print(f"{name}: raw tesseract on {len(pngs)} pages …")
            base = _baseline(pngs, config)
            console.print(f"{name}: pipeline on the same {len(pngs)} pages …")
            ours = _pipeline(tiff, config)
            truth = [p.text for p in rendered]
            results[name] = (base, ours, truth)
    console.print(_table(results, pages, jobs, render.character_error_rate))


def _load_renderer():
    path = Path(__file__).resolve().parents[2] / "tests" / "render_pages.py"
    if not path.exists():
        raise ChidaoError(f"chidao bench ocr renders its pages with {path}, which is missing: "
                          "run it from a source checkout of chidao")
    spec = importlib.util.spec_from_file_location("_chidao_render_pages", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module                 # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _multipage_tiff(rendered, path: Path) -> Path:
    first, *rest = [p.image.copy() for p in rendered]   # fresh objects: Pillow keeps state from the PNG save
    dpi = (rendered[0].dpi, rendered[0].dpi)
    first.save(path, save_all=True, append_images=rest, compression="tiff_lzw", dpi=dpi)
    return path


def _measure(fn) -> tuple[object, float, float, float]:
    before_self = resource.getrusage(resource.RUSAGE_SELF)
    before_child = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    value = fn()
    wall = time.perf_counter() - start
    after_self = resource.getrusage(resource.RUSAGE_SELF)
    after_child = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = lambda a, b: (b.ru_utime - a.ru_utime) + (b.ru_stime - a.ru_stime)  # noqa: E731
    return value, wall, cpu(before_self, after_self), cpu(before_child, after_child)


def _baseline(pngs: list[Path], config) -> _Run:
    from chidao.pipeline.tesseract import plain_text

    texts, wall, self_cpu, child_cpu = _measure(
        lambda: [plain_text(p, lang=config.ocr_lang, timeout_s=config.ocr_timeout_s) for p in pngs])
    return _Run(texts, wall, self_cpu, child_cpu)


def _pipeline(tiff: Path, config) -> _Run:
    from chidao.pipeline import read_text

    (_, text), wall, self_cpu, child_cpu = _measure(lambda: read_text(tiff, config))
    return _Run(_split_pages(text), wall, self_cpu, child_cpu)


def _split_pages(text) -> list[str]:
    # Pages are joined in order; recover them by their recorded lengths.
    out, pos = [], 0
    for page in text.pages:
        out.append(text.content[pos:pos + page.chars])
        pos += page.chars + 2
    return out


def _table(results, pages: int, jobs: int, cer):
    from rich.table import Table

    table = Table(title=f"chidao bench ocr — {pages} clean + {pages} degraded rendered A4 "
                        f"directive pages; pipeline jobs={jobs}")
    table.add_column("measure")
    table.add_column("raw tesseract -l vie\n(CLI, page by page)", justify="right")
    table.add_column("chidao pipeline", justify="right")
    table.add_column("target", justify="right")
    table.add_column("met", justify="center")
    targets = {"clean": 0.005, "degraded": 0.015}
    total_base = total_ours = tess_cpu = own_cpu = base_cpu = 0.0
    for name, (base, ours, truth) in results.items():
        base_cer = _mean_cer(base.texts, truth, cer)
        ours_cer = _mean_cer(ours.texts, truth, cer)
        ok = ours_cer <= targets[name] and ours_cer < base_cer
        table.add_row(f"CER, {name} pages ({len(truth)})", f"{base_cer:.2%}", f"{ours_cer:.2%}",
                      f"≤ {targets[name]:.1%} and < baseline", _mark(ok))
        total_base += base.wall_s
        total_ours += ours.wall_s
        tess_cpu += ours.child_cpu_s
        own_cpu += ours.self_cpu_s
        base_cpu += base.child_cpu_s
    n = 2 * pages
    speedup = total_base / total_ours
    table.add_row(f"wall time, {n} pages", f"{total_base:.1f} s ({total_base / n:.2f} s/page)",
                  f"{total_ours:.1f} s ({total_ours / n:.2f} s/page)", "", "")
    table.add_row("throughput vs baseline", "1.00×", f"{speedup:.2f}×", "≥ 1.6×", _mark(speedup >= 1.6))
    table.add_row("tesseract CPU time", f"{base_cpu:.1f} s", f"{tess_cpu:.1f} s", "", "")
    overhead = own_cpu / tess_cpu if tess_cpu else float("nan")
    table.add_row("CPU beyond tesseract's own", "",
                  f"{overhead:.1%} ({own_cpu:.1f} s over {tess_cpu:.1f} s)", "≤ 10 %",
                  _mark(overhead <= 0.10))
    return table


def _mean_cer(texts: list[str], truth: list[str], cer) -> float:
    # Character-weighted over the set: total edits / total reference characters.
    chars = sum(len(" ".join(t.split())) for t in truth)
    edits = sum(cer(h, t) * len(" ".join(t.split())) for h, t in zip(texts, truth))
    return edits / max(1, chars)


def _mark(ok: bool) -> str:
    return "[green]yes[/green]" if ok else "[red]no[/red]"
