"""`chidao bench ingest`: bulk ingest end to end (OCR → restore → extract → archive → index) on
rendered scan pages, through the Prefect flow against the same ingest step called directly
without Prefect (`chidao.batch.ingest_paths`), in one run.

Pages come from tests/render_pages.py, saved as one-page PNGs and two-page TIFFs. Before any
timing, one warm-up file goes through both paths: the models load and Prefect's ephemeral
server starts (8-14 s, paid once per process), so the overhead measured is the flow's own.
Both paths run the same files a few at once (min(jobs, 4)) with `jobs` tesseract processes.

Then: a re-run over the same folder (every file skipped by its hash), and a resume — the flow
run in a subprocess (`chidao flow ingest`) SIGKILLed after K files, then the re-run that
finishes the rest, timed."""

from __future__ import annotations

import logging
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click

from chidao.config import Config

_OUTCOME = re.compile(r" - (added|unchanged|failed): ")
_SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "004_bf85b1cdd7b62294.txt"


@dataclass
class _Timed:
    seconds: float
    added: int
    unchanged: int
    failed: int
    pages: int
    cpu_s: float = 0.0


def _cpu_now() -> float:
    """CPU seconds so far of this process, its finished children (tesseract) and its live ones
    (Prefect's ephemeral server): unlike wall time, not skewed by other work on the machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    me, tick = os.getpid(), os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == me:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _timed(fn) -> _Timed:
    start, cpu = time.perf_counter(), _cpu_now()
    timed = fn()
    timed.seconds, timed.cpu_s = time.perf_counter() - start, _cpu_now() - cpu
    return timed


@click.command(name="ingest")
@click.option("--pages", type=click.IntRange(2, 1000), default=50, show_default=True,
              help="Scan pages to render (one-page PNGs and two-page TIFFs).")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Tesseract processes (both paths).")
@click.option("--kill-after", type=click.IntRange(1), default=None, metavar="N",
              help="Files the flow subprocess finishes before it is killed (default: a quarter).")
def command(pages: int, jobs: int, kill_after: int | None) -> None:
    """Pages per minute through the Prefect flow vs the ingest step without Prefect; re-run
    and resume-after-kill times.

    \b
    Example:
      chidao bench ingest --pages 50 --jobs 2
    """
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        console = Console(width=130)
    import chidao.flows  # noqa: F401  (Prefect sets its logging up on import: quieten it after)

    prefect_log = logging.getLogger("prefect")             # the table, not a hundred log lines
    level = prefect_log.level
    prefect_log.setLevel(logging.WARNING)
    try:
        _run(console, pages, jobs, kill_after)
    finally:
        prefect_log.setLevel(level)


def _run(console, pages: int, jobs: int, kill_after: int | None) -> None:
    from chidao.bench.ocr import _load_renderer

    with tempfile.TemporaryDirectory(prefix="chidao-bench-ingest-") as tmp:
        tmp_path = Path(tmp)
        console.print(f"rendering {pages} scan pages …")
        files = _render(_load_renderer(), pages, tmp_path / "scans")
        kill_after = min(kill_after or max(1, len(files) // 4), max(1, len(files) - 1))
        console.print("warming up (models, Prefect's ephemeral server) …")
        warm = tmp_path / "warm"
        warm.mkdir()
        shutil.copy(_SAMPLE, warm / _SAMPLE.name)
        _direct(warm, Config(home=tmp_path / "warm-direct", jobs=jobs))
        _flow(warm, Config(home=tmp_path / "warm-flow", jobs=jobs))
        scans = tmp_path / "scans"
        console.print(f"direct ingest_paths on {len(files)} files …")
        direct = _direct(scans, Config(home=tmp_path / "direct", jobs=jobs))
        console.print(f"Prefect flow on the same {len(files)} files …")
        flowed = _flow(scans, Config(home=tmp_path / "flow", jobs=jobs))
        console.print("re-runs over the same folder …")
        direct_again = _direct(scans, Config(home=tmp_path / "direct", jobs=jobs))
        flow_again = _flow(scans, Config(home=tmp_path / "flow", jobs=jobs))
        console.print(f"flow in a subprocess, killed after {kill_after} files; then the resume …")
        killed_home = tmp_path / "killed"
        done_before = _kill_after(scans, killed_home, jobs, kill_after)
        resumed = _flow(scans, Config(home=killed_home, jobs=jobs))
        from chidao.pipeline import Archive

        records = {name: len(Archive(tmp_path / name)) for name in ("direct", "flow", "killed")}
    console.print(_table(pages, len(files), jobs, direct, flowed, direct_again, flow_again,
                         (kill_after, done_before, resumed), records))


def _render(render, pages: int, folder: Path) -> list[Path]:
    from chidao.bench.ocr import _multipage_tiff

    folder.mkdir(parents=True)
    rendered = render.directive_pages(pages, seed=700)
    files: list[Path] = []
    while rendered:
        size = 1 if len(files) % 2 == 0 else 2
        take, rendered = rendered[:size], rendered[size:]
        stem = folder / f"scan{len(files):03d}"
        files.append(render.save_page(take[0], stem.with_suffix(".png")) if size == 1
                     else _multipage_tiff(take, stem.with_suffix(".tif")))
    return files


def _direct(folder: Path, config: Config) -> _Timed:
    from rich.console import Console

    from chidao.batch import ingest_paths
    from chidao.index import open_index

    def run() -> _Timed:
        with open_index(config) as index, open(os.devnull, "w") as quiet:
            summary = ingest_paths([folder], config, show_progress=False, index=index, console=Console(file=quiet))
        return _Timed(0.0, len(summary.of("added")), len(summary.of("unchanged")), len(summary.failed),
                      summary.pages)
    return _timed(run)


def _flow(folder: Path, config: Config) -> _Timed:
    from chidao.flows import ingest_flow

    def run() -> _Timed:
        result = ingest_flow([str(folder)], config.settings())
        return _Timed(0.0, result["added"], result["unchanged"], len(result["failed"]), result["pages"])
    return _timed(run)


def _kill_after(folder: Path, home: Path, jobs: int, files: int) -> int:
    """Run `chidao flow ingest` in a subprocess (reporting to this process's Prefect API) and
    SIGKILL it once `files` outcomes are logged; how many were."""
    from chidao.flows import api_url

    env = {**os.environ, "PREFECT_API_URL": api_url(), "PYTHONUNBUFFERED": "1", "PREFECT_LOGGING_LEVEL": "INFO"}
    cmd = [sys.executable, "-c", "from chidao.cli import main; main()", "--home", str(home), "--jobs", str(jobs),
           "flow", "ingest", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            start_new_session=True)
    done = 0
    try:
        for line in proc.stdout:
            done += bool(_OUTCOME.search(line))
            if done >= files:
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    return done


def _table(pages, n_files, jobs, direct, flowed, direct_again, flow_again, kill, records):
    from rich.table import Table

    kill_after, done_before, resumed = kill
    table = Table(title=f"chidao bench ingest — {pages} rendered scan pages in {n_files} files "
                        f"(PNG + 2-page TIFF); jobs={jobs}; ephemeral Prefect server already up")
    table.add_column("measure")
    table.add_column("ingest_paths\n(no Prefect)", justify="right")
    table.add_column("Prefect flow\n(chidao flow ingest)", justify="right")
    table.add_column("target", justify="right")
    table.add_column("met", justify="center")
    table.add_row(f"wall time, {pages} pages", f"{direct.seconds:.1f} s", f"{flowed.seconds:.1f} s", "", "")
    ppm = lambda t: t.pages / t.seconds * 60 if t.seconds else 0.0  # noqa: E731
    table.add_row("pages per minute", f"{ppm(direct):.1f}", f"{ppm(flowed):.1f}", "", "")
    overhead = flowed.seconds / direct.seconds - 1 if direct.seconds else float("nan")
    table.add_row("flow overhead, wall time", "", f"{overhead:+.1%}", "≤ 10 %", _mark(overhead <= 0.10))
    table.add_row("CPU time (process + tesseract + Prefect server)", f"{direct.cpu_s:.1f} s",
                  f"{flowed.cpu_s:.1f} s", "", "")
    cpu = flowed.cpu_s / direct.cpu_s - 1 if direct.cpu_s else float("nan")
    table.add_row("flow overhead, CPU time", "", f"{cpu:+.1%}", "≤ 10 %", _mark(cpu <= 0.10))
    ok = all(t.added == n_files and not t.failed for t in (direct, flowed))
    table.add_row("files added / failed", f"{direct.added} / {direct.failed}", f"{flowed.added} / {flowed.failed}",
                  f"{n_files} / 0", _mark(ok))
    skipped = direct_again.unchanged == n_files and flow_again.unchanged == n_files
    table.add_row("re-run over the same folder (all skipped)", f"{direct_again.seconds:.1f} s",
                  f"{flow_again.seconds:.1f} s", f"{n_files} skipped", _mark(skipped))
    expected = flowed.seconds * (resumed.added / n_files)
    table.add_row(f"resume after a kill (SIGKILL after {done_before} of {n_files} files)", "",
                  f"{resumed.seconds:.1f} s: {resumed.added} added, {resumed.unchanged} skipped",
                  f"≈ {expected:.1f} s (its share)", _mark(resumed.added + resumed.unchanged == n_files
                                                           and not resumed.failed))
    table.add_row("archive records (one per file)", str(records["direct"]), f"{records['flow']} / after kill "
                  f"{records['killed']}", str(n_files), _mark(set(records.values()) == {n_files}))
    return table


def _mark(ok: bool) -> str:
    return "[green]yes[/green]" if ok else "[red]no[/red]"
