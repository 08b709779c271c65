"""The archive: a content-addressed store of original files and their records.

    <home>/archive/<sha[:2]>/<sha>/original<.ext>   the original bytes
    <home>/archive/<sha[:2]>/<sha>/record.json      the Record as JSON
    <home>/archive/<sha[:2]>/<sha>/previous/        records replaced by `chidao reprocess`
    <home>/refused/<sha>.json                       files refused for their content, and why

Every file is written to a temporary name in the same folder, fsynced, then renamed into place
(os.replace), and the folder is fsynced, so a crash leaves either the old state or the new one.
`record.json` is written last: an entry counts as stored only once it exists. No original is
ever overwritten or deleted; the same bytes again are a no-op, changed bytes are a new entry.
A record is replaced only by `replace` (reprocessing), which first keeps the old one under
`previous/`."""

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

    def check_writable(self) -> None:
        """Raise ArchiveError now, before any work, if nothing could be stored."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=self.root, prefix=".probe-")
            os.close(fd)
            os.unlink(probe)
        except OSError as err:
            raise ArchiveError(f"the archive at {self.root} cannot be written ({err.strerror or err}): "
                               "check free space and permissions, or choose another --home") from err

    def put(self, record: Record, data: bytes, name: str = "") -> bool:
        """Store `record` and the original `data` (named like `name`, for its suffix). False
        (and nothing written) if a record of the same bytes is already stored. The bytes must
        hash to the record's id."""
        sha = _sha_of(record.id)
        if sha != record.source.sha256 or hashlib.sha256(data).hexdigest() != sha:
            raise ArchiveError(f"record id {record.id} does not match its source bytes: not stored")
        if self.has(sha):
            return False
        folder = self._folder(sha)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            original = "original" + _safe_suffix(Path(name))
            if not (folder / original).exists():
                _write_atomic(folder / original, data)
            _write_atomic(folder / _RECORD, (record.to_json() + "\n").encode("utf-8"))
        except OSError as err:
            raise ArchiveError(f"cannot write to the archive at {folder}: {err}; check free space "
                               "and permissions (nothing stored was changed)") from err
        return True

    def replace(self, record: Record) -> None:
        """Store a newer record of an archived file (reprocessing). The old record is first
        copied to `previous/record-<its version>-<n>.json` and fsynced; only then is the new
        one renamed into place, so a crash at any point loses neither."""
        folder = self._folder(_sha_of(record.id))
        current = folder / _RECORD
        if not current.is_file():
            raise ArchiveError(f"no record {record.id} in the archive at {self.root} to replace")
        try:
            old = current.read_bytes()
            version = json.loads(old).get("chidao_version", "0.1.0")
            keep = folder / "previous"
            keep.mkdir(exist_ok=True)
            n = sum(1 for _ in keep.glob(f"record-{version}-*.json")) + 1
            _write_atomic(keep / f"record-{version}-{n}.json", old)
            _write_atomic(current, (record.to_json() + "\n").encode("utf-8"))
        except (OSError, ValueError) as err:
            raise ArchiveError(f"cannot replace the record at {current}: {err}; the stored record "
                               "is unchanged") from err

    def refusal(self, sha256: str) -> dict | None:
        """Why the file with these bytes was refused before, if it was."""
        path = self.home / "refused" / f"{sha256}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def refuse(self, sha256: str, message: str, limits: dict) -> None:
        """Remember that these bytes were refused (and under which limits), so a re-run
        answers at once instead of doing the same work to fail again."""
        folder = self.home / "refused"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"message": message, "limits": limits}, ensure_ascii=False)
            _write_atomic(folder / f"{sha256}.json", data.encode("utf-8"))
        except OSError:
            pass  # only an optimisation: the next run does the work again

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

    def ids(self) -> Iterator[str]:
        """Every stored record's id, in a stable order."""
        for path in sorted(self.root.glob(f"*/*/{_RECORD}")):
            yield f"sha256:{path.parent.name}"

    def __iter__(self) -> Iterator[Record]:
        for record_id in self.ids():
            yield self.get(record_id)

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
