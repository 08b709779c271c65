"""Batch ingest: files and folders in, records into the archive. One bad file never stops the
batch: it gets one line on the console, a copy in `<home>/quarantine/` with a `.error.txt` beside
it, and the batch goes on. Files already archived (same sha256) are skipped before any work."""

from __future__ import annotations

import hashlib
import shutil
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rich.console import Console
from rich.progress import (BarColumn, Progress, ProgressColumn, TaskProgressColumn, TextColumn,
                           TimeRemainingColumn)
from rich.text import Text as RichText

from chidao.config import Config
from chidao.errors import ChidaoError
from chidao.record import Record

BuildFn = Callable[[Path, Config], Record]

# Files read at once: enough to keep the cores busy on folders of one-page scans, few enough
# that the pages they hold in memory stay bounded (each file keeps at most `jobs` pages).
_MAX_FILES_AT_ONCE = 4


@dataclass
class IngestSummary:
    added: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    pages: int = 0

    def line(self) -> str:
        return (f"added {len(self.added)}, unchanged {len(self.unchanged)}, "
                f"failed {len(self.failed)} ({self.pages} pages read)")


def ingest_paths(paths: Iterable[Path], config: Config, show_progress: bool = True,
                 build: BuildFn | None = None, console: Console | None = None) -> IngestSummary:
    """Archive every file under `paths` (folders are walked recursively). `build(path, config)`
    makes the record (default: chidao.recipe.build_record)."""
    from pipeline import Archive, page_count

    if build is None:
        from chidao.recipe import build_record as build
    console = console or Console(stderr=True)
    archive = Archive(config.home)
    summary = IngestSummary()
    quarantine = Quarantine(config.home / "quarantine")

    def fail(path: Path, message: str, detail: str = "") -> None:
        summary.failed.append((path, message))
        console.print(RichText(f"failed: {path}: {_without_path(message, path)}", style="red"),
                      highlight=False, soft_wrap=True)
        quarantine.add(path, message, detail)

    todo: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for path in _expand([Path(p) for p in paths], config.home, fail):
        try:
            sha = _sha256(path)
        except OSError as err:
            fail(path, f"cannot be read ({err.strerror or err}): check the path and permissions")
            continue
        if sha in seen or archive.has(sha):
            summary.unchanged.append(path)
        else:
            seen.add(sha)
            todo.append((path, sha))

    pages = {path: page_count(path, config) for path, _ in todo}
    with _progress(console, show_progress and bool(todo)) as progress, \
            ThreadPoolExecutor(max_workers=min(config.jobs, _MAX_FILES_AT_ONCE)) as pool:
        task = progress.add_task("ingest", total=sum(pages.values()))
        # Several files at once, so a folder of one-page scans keeps every core busy; the
        # tesseract processes of all of them together stay within `jobs` (pipeline.tesseract).
        # Records are stored from this thread only.
        running = {pool.submit(build, path, config): (path, sha) for path, sha in todo}
        for future in as_completed(running):
            path, sha = running[future]
            progress.update(task, description=path.name[:40])
            try:
                record = future.result()
                if record.source.sha256 != sha:
                    raise ChidaoError("the file changed while it was being read: ingest it again")
                if archive.put(record, path):
                    summary.added.append(path)
                else:
                    summary.unchanged.append(path)
                summary.pages += record.source.pages
            except ChidaoError as err:
                fail(path, err.message)
            except Exception as err:  # noqa: BLE001 - one broken file must not stop the batch
                fail(path, f"internal error ({type(err).__name__}: {err}): please report it with "
                     "the quarantined file", _traceback(err))
            progress.advance(task, pages[path])
    console.print(summary.line() + (f"; failed files copied to {quarantine.folder}"
                                    if summary.failed else ""), highlight=False, soft_wrap=True)
    return summary


class Quarantine:
    """Copies of failed files, each with `<name>.error.txt` saying why. Never overwrites: a
    different file of the same name gets its hash in the name."""

    def __init__(self, folder: Path):
        self.folder = folder

    def add(self, path: Path, message: str, detail: str = "") -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / path.name
            data = path.read_bytes() if path.is_file() else None
            if data is not None and target.exists() and target.read_bytes() != data:
                short = hashlib.sha256(data).hexdigest()[:12]
                target = self.folder / f"{path.stem}.{short}{path.suffix}"
            if data is not None and not target.exists():
                shutil.copy2(path, target)
            error = target.with_name(target.name + ".error.txt")
            error.write_text(f"{path}\n{message}\n{detail}", encoding="utf-8")
        except OSError:
            pass                          # the console line already reports the failure


def expand_paths(paths: Iterable[Path], home: Path,
                 on_missing: Callable[[Path, str], None] | None = None) -> list[Path]:
    """The files `ingest_paths` would consider: folders walked recursively, hidden files and
    anything inside the archive itself skipped; `on_missing(path, message)` hears of paths
    that do not exist."""
    return list(_expand([Path(p) for p in paths], home, on_missing or (lambda path, message: None)))


def _expand(paths: list[Path], home: Path, fail) -> Iterable[Path]:
    home = home.resolve() if home.exists() else home
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if home in child.resolve().parents:
                    continue              # never re-ingest the archive or the quarantine
                yield child
        elif path.exists() or path.is_symlink():
            yield path
        else:
            fail(path, "no such file or folder: check the path")


def _traceback(err: BaseException) -> str:
    return "".join(traceback.format_exception(type(err), err, err.__traceback__))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _without_path(message: str, path: Path) -> str:
    return message.removeprefix(f"{path}: ")


class _PagesPerSecond(ProgressColumn):
    def render(self, task) -> RichText:
        speed = task.finished_speed or task.speed
        return RichText(f"{speed:.2f} pages/s" if speed else "-- pages/s", style="progress.data.speed")


def _progress(console: Console, show: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                    TextColumn("{task.completed:.0f}/{task.total:.0f} pages"), _PagesPerSecond(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=console, disable=not show,
                    transient=False)
