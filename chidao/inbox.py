"""The watched inbox: scanners and clerks drop files into a folder, each pass ingests what has
finished arriving. Plain functions over the file system (no Prefect); `chidao.flows` wires them.

    INBOX/scan.pdf                       dropped, waiting (taken once its size and mtime settle)
    INBOX/.processing/<run-id>/scan.pdf  claimed by one run (an atomic rename: two runs at once
                                         never take the same file; a run that finds it gone skips it)
    INBOX/.processing/<run-id>.lock      held (flock) by the live run; the kernel drops it when
                                         the run dies, so the next run takes its files back
    INBOX/done/YYYY-MM-DD/scan.pdf       archived (and indexed, or marked pending); the date is the
                                         run's reference date (`--today`, else the day it ran)
    INBOX/failed/scan.pdf                refused, with `scan.pdf.error.txt` beside it saying why

Nothing is ever deleted or overwritten: a name already taken in done/ or failed/ gets a suffix
(scan-1.pdf). Subfolders keep their relative path. Hidden files and folders, done/ and failed/
are never taken as new input. Everything stays on the inbox's file system (renames are atomic
only within one)."""

from __future__ import annotations

import fcntl
import itertools
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

PROCESSING, DONE, FAILED = ".processing", "done", "failed"


def processing_folder(inbox: Path, run_id: str) -> Path:
    return Path(inbox) / PROCESSING / run_id


def candidates(inbox: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Files that could be new input, sorted: not hidden, not under done/, failed/,
    .processing/ or any folder in `skip` (the chidao home, if it sits in the inbox)."""
    inbox = Path(inbox)
    skipped = {os.path.realpath(p) for p in skip}
    found = []
    for folder, dirs, files in os.walk(inbox):
        top = Path(folder) == inbox
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and d in (DONE, FAILED))
                         and os.path.realpath(os.path.join(folder, d)) not in skipped)
        found += [Path(folder) / f for f in files if not f.startswith(".") and os.path.isfile(os.path.join(folder, f))]
    return sorted(found)


def settled(inbox: Path, settle_s: float, skip: Iterable[Path] = (),
            sleep: Callable[[float], None] = time.sleep) -> list[Path]:
    """The candidates whose size and mtime did not change between two looks `settle_s` apart:
    a file still being copied or scanned in is left for the next pass."""
    first = _looks(candidates(inbox, skip))
    if not first:
        return []
    sleep(settle_s)
    second = _looks(first)
    return [path for path, look in first.items() if second.get(path) == look]


def _looks(paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    out = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        out[path] = (st.st_size, st.st_mtime_ns)
    return out


@contextmanager
def hold(inbox: Path, run_id: str) -> Iterator[Path]:
    """This run's claim folder, its lock held for the run's life. The lock is taken before the
    folder exists, so another run never mistakes a starting run for a dead one. On leaving,
    the folder goes if empty; files left in it (a run stopped by an environment error) are
    taken back by the next run."""
    folder = processing_folder(inbox, run_id)
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock_path = folder.parent / f"{run_id}.lock"
    lock = open(lock_path, "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        folder.mkdir(exist_ok=True)
        yield folder
    finally:
        _prune_empty(folder)
        if not folder.exists():
            lock_path.unlink(missing_ok=True)
        lock.close()


def reclaim(inbox: Path, run_id: str) -> list[Path]:
    """Files that runs no longer alive left in .processing/, moved into this run's folder
    (atomic renames: two runs reclaiming at once never both take a file)."""
    root = Path(inbox) / PROCESSING
    mine = processing_folder(inbox, run_id)
    taken: list[Path] = []
    if not root.is_dir():
        return taken
    for entry in sorted(root.iterdir()):
        if entry.name == run_id or not entry.is_dir():
            continue
        with _if_dead(root / f"{entry.name}.lock") as dead:
            if not dead:
                continue
            for path in _files(entry):
                target = _unique(mine / path.relative_to(entry))
                if _claim(path, target):
                    taken.append(target)
            _prune_empty(entry)
            if not entry.exists():
                (root / f"{entry.name}.lock").unlink(missing_ok=True)
    return taken


@contextmanager
def _if_dead(lock_path: Path) -> Iterator[bool]:
    """True (the lock held for the block) when no live run holds `lock_path`."""
    try:
        lock = open(lock_path, "a")
    except OSError:
        yield False
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        yield False
        return
    try:
        yield True
    finally:
        lock.close()


def claim(inbox: Path, run_id: str, paths: Iterable[Path]) -> list[Path]:
    """Move each file into this run's folder by an atomic rename; a file another run took
    first (gone by now) is skipped. The claimed paths."""
    inbox, mine = Path(inbox), processing_folder(inbox, run_id)
    claimed = []
    for path in paths:
        target = mine / Path(path).relative_to(inbox)
        if not target.exists() and _claim(path, target):
            claimed.append(target)
    return claimed


def _claim(path: Path, target: Path) -> bool:
    """Move `path` to `target` by one atomic rename; False when another run took it first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return False
    return True


def claimed_files(inbox: Path, run_id: str) -> list[Path]:
    """Every file in this run's folder (claimed now or taken back)."""
    return _files(processing_folder(inbox, run_id))


def file_done(claimed: Path, day: str) -> Path:
    """Move a claimed file, archived, to done/<day>/ (its relative path kept); its new path."""
    inbox, relative = _origin(claimed)
    return _move_unique(claimed, inbox / DONE / day / relative)


def file_failed(claimed: Path, reason: str) -> Path:
    """Move a refused file to failed/ with `<name>.error.txt` beside it; its new path."""
    inbox, relative = _origin(claimed)
    moved = _move_unique(claimed, inbox / FAILED / relative)
    error = moved.with_name(moved.name + ".error.txt")
    tmp = error.with_name(f".{error.name}.tmp")
    tmp.write_text(f"{inbox / relative}\n{reason}\n", encoding="utf-8")
    os.replace(tmp, error)
    return moved


def _origin(claimed: Path) -> tuple[Path, Path]:
    """(inbox, path relative to the inbox) of a file in .processing/<run-id>/."""
    claimed = Path(claimed)
    for parent in claimed.parents:
        if parent.parent.name == PROCESSING:
            return parent.parent.parent, claimed.relative_to(parent)
    raise ValueError(f"{claimed} is not in an inbox's {PROCESSING}/ folder")


def _move_unique(src: Path, target: Path) -> Path:
    """Rename `src` to `target`, or to target-1, target-2 … if taken: a hard link never
    replaces an existing name, so two runs filing the same name at once both keep theirs."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for candidate in _numbered(target):
        try:
            os.link(src, candidate)
        except FileExistsError:
            continue
        except OSError:                      # no hard links here: check, then rename
            if candidate.exists():
                continue
            os.rename(src, candidate)
            return candidate
        os.unlink(src)
        return candidate
    raise AssertionError("unreachable")


def _unique(target: Path) -> Path:
    return next(c for c in _numbered(target) if not c.exists())


def _numbered(target: Path) -> Iterator[Path]:
    yield target
    for n in itertools.count(1):
        yield target.with_name(f"{target.stem}-{n}{target.suffix}")


def _files(folder: Path) -> list[Path]:
    return sorted(Path(d) / f for d, _, files in os.walk(folder) for f in files)


def _prune_empty(folder: Path) -> None:
    """Remove `folder` and its subfolders where empty (never a file)."""
    for d, _, _ in sorted(os.walk(folder), key=lambda w: -len(w[0])):
        try:
            os.rmdir(d)
        except OSError:
            pass
