"""The archive: a content-addressed store of original files and their records.

    <home>/archive/<sha[:2]>/<sha>/original<.ext>   the original bytes
    <home>/archive/<sha[:2]>/<sha>/record.json      the Record as JSON

Every file is written to a temporary name in the same folder, fsynced, then renamed into place
(os.replace), and the folder is fsynced, so a crash leaves either the old state or the new one.
`record.json` is written last: an entry counts as stored only once it exists. Nothing stored is
ever overwritten or deleted; the same bytes again are a no-op, changed bytes are a new entry."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterator

from chidao.errors import ArchiveError
from chidao.record import Record

_RECORD = "record.json"


class Archive:
    def __init__(self, home: Path):
        self.home = Path(home)
        self.root = self.home / "archive"

    def has(self, sha256: str) -> bool:
        return (self._folder(sha256) / _RECORD).is_file()

    def put(self, record: Record, original: Path) -> bool:
        """Store `record` and a copy of `original`. False (and nothing written) if a record of
        the same bytes is already stored. The original's bytes must hash to the record's id."""
        sha = _sha_of(record.id)
        if sha != record.source.sha256:
            raise ArchiveError(f"record id {record.id} does not match its source hash: not stored")
        if self.has(sha):
            return False
        try:
            data = Path(original).read_bytes()
        except OSError as err:
            raise ArchiveError(f"cannot read {original} to archive it: {err}") from err
        if hashlib.sha256(data).hexdigest() != sha:
            raise ArchiveError(f"{original} changed while it was being read: ingest it again")
        folder = self._folder(sha)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            name = "original" + _safe_suffix(Path(original))
            if not (folder / name).exists():
                _write_atomic(folder / name, data)
            _write_atomic(folder / _RECORD, (record.to_json() + "\n").encode("utf-8"))
        except OSError as err:
            raise ArchiveError(f"cannot write to the archive at {folder}: {err}; check free space "
                               "and permissions (nothing stored was changed)") from err
        return True

    def get(self, record_id: str) -> Record:
        path = self._folder(_sha_of(record_id)) / _RECORD
        try:
            return Record.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError as err:
            raise ArchiveError(f"no record {record_id} in the archive at {self.root}") from err
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ArchiveError(f"record {record_id} at {path} is unreadable ({err}): ingest its "
                               "original again") from err

    def original(self, record_id: str) -> Path:
        """Path of the stored original of `record_id`."""
        folder = self._folder(_sha_of(record_id))
        found = sorted(p for p in folder.glob("original*") if not p.name.startswith("."))
        if not found:
            raise ArchiveError(f"no original for {record_id} in the archive at {self.root}")
        return found[0]

    def __iter__(self) -> Iterator[Record]:
        for path in sorted(self.root.glob(f"*/*/{_RECORD}")):
            yield Record.from_json(path.read_text(encoding="utf-8"))

    def __len__(self) -> int:
        return sum(1 for _ in self.root.glob(f"*/*/{_RECORD}"))

    def _folder(self, sha: str) -> Path:
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ArchiveError(f"not a sha256 record id: {sha!r}")
        return self.root / sha[:2] / sha


def _sha_of(record_id: str) -> str:
    return record_id.removeprefix("sha256:")


def _safe_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


def _write_atomic(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
