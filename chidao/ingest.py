"""The one ingest step: one file in, end to end (triage → text → restore → extract → archive →
index), one Outcome out. The batch command maps it over files with a progress bar, the Prefect
task calls it in a few lines, the web upload calls it per file.

Per-file problems (a bad input, one file's OCR timing out, an unexpected bug on one file) end
in a failed Outcome: one line saying why, a copy in `<home>/quarantine/` with a `.error.txt`
beside it. Environment problems (ChidaoError with `per_file` false: tesseract or a model
missing, the archive unwritable) raise: the caller stops the batch, nothing is quarantined.

An archived record that cannot be indexed (index locked, disk full, Elasticsearch down) stays
archived and is marked pending; the next ingest or `chidao reindex` catches up."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal, Protocol

from chidao.config import Config
from chidao.errors import ChidaoError, IndexUnavailableError, InputFileError, OcrTimeoutError
from chidao.pipeline import Archive, InputFile, read_input
from chidao.record import Record

Status = Literal["added", "unchanged", "failed"]


class RecordIndex(Protocol):
    """What ingest needs of a search index (chidao.index backends)."""

    def add(self, record: Record) -> None: ...

    def mark_pending(self, record_id: str) -> None: ...

    def is_pending(self, record_id: str) -> bool: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to one file. `indexed` is None without an index, False when pending."""

    path: Path
    status: Status
    record_id: str | None = None
    pages: int = 0
    message: str | None = None
    indexed: bool | None = None
    quarantined: Path | None = None
    transient: bool = False  # a failure worth retrying (one page's OCR timed out)

    def line(self) -> str:
        if self.status == "failed":
            return f"failed: {self.path}: {self.message}"
        pending = "; index pending" if self.indexed is False else ""
        return f"{self.status}: {self.path} ({self.pages} page{'s' if self.pages != 1 else ''}{pending})"


@dataclass
class Summary:
    """Outcomes of a batch; `line()` is the one summary every front end prints."""

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def of(self, status: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> list[Outcome]:
        return self.of("failed")

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    def line(self) -> str:
        pending = sum(1 for o in self.outcomes if o.indexed is False)
        quarantined = sum(1 for o in self.failed if o.quarantined)
        text = (f"added {len(self.of('added'))}, unchanged {len(self.of('unchanged'))}, "
                f"failed {len(self.failed)} ({self.pages} pages read")
        text += f", {self.seconds:.1f} s)" if self.seconds else ")"
        if pending:
            text += f"; {pending} not yet indexed (pending: run `chidao reindex`)"
        if quarantined:
            folder = next(o.quarantined for o in self.failed if o.quarantined).parent
            text += f"; {quarantined} failed file(s) copied to {folder}"
        elif self.failed and any(o.path.exists() for o in self.failed):
            text += "; failed files could not be copied to the quarantine"
        return text


BuildFn = Callable[[InputFile, Config], Record]


def ingest_file(path: Path, config: Config, archive: Archive | None = None,
                index: RecordIndex | None = None, build: BuildFn | None = None,
                original_path: Path | None = None) -> Outcome:
    """Ingest one file end to end. Raises only environment errors (see the module docstring).
    `build` makes the record from the triaged file (default: chidao.recipe.build_record);
    `original_path` is the path the record keeps when `path` is a working copy (an inbox
    file claimed into a processing folder, an upload's temporary file)."""
    archive = archive or Archive(config.home)
    path = Path(path)
    try:
        source = read_input(path)
        if original_path is not None:
            source = dataclasses.replace(source, path=Path(os.path.abspath(original_path)))
        path = source.path
        return _ingest(source, config, archive, index, build)
    except ChidaoError as err:
        if not err.per_file:
            raise
        failed = _failed(path, config, err.message.removeprefix(f"{path}: "))
        return dataclasses.replace(failed, transient=isinstance(err, OcrTimeoutError))
    except Exception as err:  # noqa: BLE001 - one broken file must not stop the batch
        detail = "".join(traceback.format_exception(type(err), err, err.__traceback__))
        return _failed(path, config, f"internal error ({type(err).__name__}: {err}): please report "
                       "it with the quarantined file", detail)


def _ingest(source: InputFile, config: Config, archive: Archive, index: RecordIndex | None,
            build: BuildFn | None) -> Outcome:
    if build is None:
        from chidao.recipe import build_record as build

    record_id = f"sha256:{source.sha256}"
    if archive.has(source.sha256):
        record = archive.get(record_id)
        indexed = _catch_up(record, index)
        return Outcome(source.path, "unchanged", record_id, record.source.pages, indexed=indexed)
    limits = {"max_pages": config.max_pages, "max_chars": config.max_chars}
    refused = archive.refusal(source.sha256)
    if refused and refused.get("limits") == limits:
        return _failed(source.path, config, f"refused before: {refused['message']}", quarantine=False)
    try:
        record = build(source, config)
    except InputFileError as err:
        archive.refuse(source.sha256, err.message.removeprefix(f"{source.path}: "), limits)
        raise
    if index is not None:
        index.mark_pending(record_id)  # a kill between archiving and indexing loses nothing
    added = archive.put(record, source.data, source.path.name)
    indexed = _index(record, index)
    return Outcome(source.path, "added" if added else "unchanged", record_id, record.source.pages,
                   indexed=indexed)


def _index(record: Record, index: RecordIndex | None) -> bool | None:
    if index is None:
        return None
    try:
        index.add(record)  # clears the pending mark
        return True
    except IndexUnavailableError:
        index.mark_pending(record.id)
        return False


def _catch_up(record: Record, index: RecordIndex | None) -> bool | None:
    """An archived file seen again: index it now if an earlier run left it pending."""
    if index is None:
        return None
    return _index(record, index) if index.is_pending(record.id) else True


def _failed(path: Path, config: Config, message: str, detail: str = "", quarantine: bool = True) -> Outcome:
    copy = Quarantine(config.home / "quarantine").add(path, message, detail) if quarantine else None
    return Outcome(path, "failed", message=message, quarantined=copy)


class Quarantine:
    """Copies of failed files, each with `<name>.error.txt` saying why. Never overwrites: a
    different file of the same name gets its hash in the name."""

    def __init__(self, folder: Path):
        self.folder = folder

    def add(self, path: Path, message: str, detail: str = "") -> Path | None:
        """The copy's path; None when nothing could be written (the caller says so)."""
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
            return target
        except OSError:
            return None
