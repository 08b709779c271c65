"""Batch ingest: files and folders in, `ingest_file` mapped over every file with a progress
bar. A bad file never stops the batch (it fails alone); an environment error stops it at once
(see chidao.ingest). Folders are walked recursively; whatever cannot be walked — an unreadable
folder, a dangling link, a loop of links — is reported as a failed path, never skipped quietly."""

from __future__ import annotations

import errno
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text as RichText

from chidao.config import Config
from chidao.ingest import Outcome, RecordIndex, Summary, _failed, ingest_file
from chidao.pipeline import Archive, clean_stale_scratch

# Files read at once: enough to keep the cores busy on folders of one-page scans, few enough
# that the files held in memory stay bounded (each file keeps at most `jobs` pages).
_MAX_FILES_AT_ONCE = 4

# Folders chidao writes inside its home: never input.
OWN_FOLDERS = ("archive", "quarantine", "tmp", "pending", "refused", "cache", "digests", "chidao.db")

IngestFn = Callable[[Path, Config, Archive, "RecordIndex | None"], Outcome]


def ingest_paths(paths: Iterable[Path], config: Config, show_progress: bool = True,
                 console: Console | None = None, index: RecordIndex | None = None,
                 ingest: IngestFn = ingest_file) -> Summary:
    """Ingest every file under `paths`; one line per failed file and one summary line on
    `console`. Raises the environment error that stopped the batch, if one did."""
    console = console or Console(stderr=True)
    archive = Archive(config.home)
    archive.check_writable()
    clean_stale_scratch(config.scratch)
    summary, started = Summary(), time.monotonic()
    found = list(walk([Path(p) for p in paths], config.home))

    def record(outcome: Outcome) -> None:
        summary.add(outcome)
        if outcome.status == "failed":
            console.print(RichText(outcome.line(), style="red"), highlight=False, soft_wrap=True)

    files = []
    for path, problem in found:
        if problem:
            record(_failed(path, config, problem, quarantine=False))
        else:
            files.append(path)
    with _progress(console, show_progress and bool(files)) as progress:
        bar = progress.add_task("ingest", total=len(files), pages=0)
        for outcome in _map(files, config, archive, index, ingest):
            record(outcome)
            progress.update(bar, advance=1, description=outcome.path.name[:40], pages=summary.pages)
    summary.seconds = time.monotonic() - started
    console.print(summary.line(), highlight=False, soft_wrap=True)
    return summary


def _map(files: list[Path], config: Config, archive: Archive, index, ingest) -> Iterator[Outcome]:
    """Outcomes as files finish, a few files at once (their tesseract processes together stay
    within `jobs`, pipeline.tesseract). On an environment error nothing new starts, the files
    under way finish, and the error is raised."""
    todo = iter(files)
    workers = max(1, min(config.jobs, _MAX_FILES_AT_ONCE))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: set[Future] = set()
        stop: BaseException | None = None

        def submit() -> bool:
            path = next(todo, None)
            if path is None:
                return False
            running.add(pool.submit(ingest, path, config, archive, index))
            return True

        while len(running) < workers and submit():
            pass
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                running.discard(future)
                try:
                    yield future.result()
                except BaseException as err:  # an environment error: stop the batch
                    stop = stop or err
                if stop is None:
                    submit()
        if stop is not None:
            raise stop


def walk(paths: list[Path], home: Path) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for every file to ingest, (path, why) for every path that cannot be
    walked or read. Hidden files and chidao's own folders inside `home` (the archive, the
    quarantine, scratch, …) are skipped; links are followed once (a link back up the tree is
    a loop)."""
    home_real = tuple(os.path.realpath(Path(home) / name) for name in OWN_FOLDERS)
    for path in paths:
        problem = _problem(path)
        if problem:
            yield path, problem
        elif os.path.isdir(path):
            yield from _walk_folder(path, home_real, {os.path.realpath(path)})
        else:
            yield path, None


def _walk_folder(folder: Path, home_real: tuple[str, ...], seen: set[str]) -> Iterator[tuple[Path, str | None]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield folder, f"folder cannot be listed ({err.strerror or err}): make it readable (chmod +rx)"
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        problem = _problem(path)
        if problem:
            yield path, problem
            continue
        real = os.path.realpath(path)
        if real in home_real or real.startswith(tuple(h + os.sep for h in home_real)):
            continue  # never re-ingest the archive, the quarantine or scratch files
        if os.path.isdir(path):
            if real in seen:
                yield path, "a link back to a folder above it (a loop): fix or remove the link"
                continue
            yield from _walk_folder(path, home_real, seen | {real})
        elif os.path.isfile(path):
            yield path, None


def _problem(path: Path) -> str | None:
    """Why `path` cannot be ingested, or None."""
    try:
        os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"a symbolic link to nothing ({os.readlink(path)}): fix or remove the link"
        return "no such file or folder: check the path"
    except PermissionError:
        return "permission denied (a folder on the way is not readable): check the permissions"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a loop of symbolic links: fix or remove the link"
        return f"cannot be read ({err.strerror or err})"
    return None


def _progress(console: Console, show: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("files · {task.fields[pages]} pages"), TextColumn("ETA"),
                    TimeRemainingColumn(), console=console, disable=not show, transient=False)
