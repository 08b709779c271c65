"""Records archived but not yet indexed: one empty marker file per record under
`<home>/pending/`, written when the index could not be (locked, disk full, Elasticsearch
down) and removed once the record is indexed. Files, not rows: they must be writable exactly
when the index is not."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator


class PendingQueue:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _marker(self, record_id: str) -> Path:
        return self.folder / record_id.removeprefix("sha256:")

    def add(self, record_id: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self._marker(record_id), "a"):
            pass
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def remove(self, record_id: str) -> None:
        self._marker(record_id).unlink(missing_ok=True)

    def __contains__(self, record_id: str) -> bool:
        return self._marker(record_id).exists()

    def __iter__(self) -> Iterator[str]:
        if self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                yield f"sha256:{path.name}"

    def __len__(self) -> int:
        return sum(1 for _ in self)
