"""Reprocessing: records are derived data. When restoration or extraction improve, every
archived record is made again from its text as read — no OCR — and replaced atomically, the
old record kept under `previous/` (pipeline.archive). Records already made by this chidao and
schema are left alone, so a second run is a no-op."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Iterator

from chidao import __version__
from chidao.config import Config
from chidao.errors import ChidaoError
from chidao.pipeline import Archive, decode_text
from chidao.record import SCHEMA_VERSION, Record


@dataclass
class ReprocessSummary:
    upgraded: list[str] = field(default_factory=list)
    current: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"reprocessed {len(self.upgraded)}, already current {self.current}, "
                f"failed {len(self.failed)} (chidao {__version__}, schema {SCHEMA_VERSION})")


def version_tuple(version: str) -> tuple[int, ...]:
    """"0.2.0" → (0, 2, 0); anything after the numbers (".dev1", "rc2") is ignored."""
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def is_outdated(record: Record, older_than: str | None = None) -> bool:
    """Made by an older schema, or by a chidao older than `older_than` (default: this one)."""
    if record.schema_version < SCHEMA_VERSION:
        return True
    return version_tuple(record.chidao_version) < version_tuple(older_than or __version__)


def reprocess_archive(config: Config, *, older_than: str | None = None, everything: bool = False,
                      on_record: Callable[[Record], None] | None = None) -> ReprocessSummary:
    """Make outdated records again (every record with `everything`). `on_record` hears of each
    new record once it is safely stored (the search index follows through it). A record that
    fails keeps its old version and is listed."""
    from chidao.recipe import derive_record

    archive = Archive(config.home)
    summary = ReprocessSummary()
    for record in _records(archive, summary):
        if not everything and not is_outdated(record, older_than):
            summary.current += 1
            continue
        try:
            new = derive_record(_with_raw_text(record, archive), config)
            archive.replace(new)
        except ChidaoError as err:
            if not err.per_file:
                raise
            summary.failed.append((record.id, err.message))
            continue
        summary.upgraded.append(record.id)
        if on_record is not None:
            on_record(new)
    return summary


def _records(archive: Archive, summary: ReprocessSummary) -> Iterator[Record]:
    for record_id in archive.ids():
        try:
            yield archive.get(record_id)
        except ChidaoError as err:
            summary.failed.append((record_id, err.message))


def _with_raw_text(record: Record, archive: Archive) -> Record:
    """A schema-1 record kept only the restored text; for a text file the text as read is the
    original's bytes, decoded again (for OCR'd scans the restored text is the best there is:
    restoring it again leaves correct lines alone)."""
    if record.text.raw is not None or not record.text.restored:
        return record
    if record.source.media_type == "text/plain":
        raw = decode_text(archive.original(record.id).read_bytes())
        return dataclasses.replace(record, text=dataclasses.replace(record.text, raw=raw))
    return record
