"""Scratch folders for temporary files (page images handed to tesseract: ~18 MB per file)
under `<home>/tmp/`, not /tmp. Each is named after the process that made it, so the next run
can delete the folders of processes that were killed before they cleaned up."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def scratch_folder(root: Path, purpose: str) -> Iterator[str]:
    """A new folder `<root>/<purpose>-<pid>-<random>`, removed on exit."""
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=f"{purpose}-{os.getpid()}-") as tmp:
        yield tmp


def clean_stale_scratch(root: Path) -> int:
    """Delete the scratch folders whose process is gone; the number deleted."""
    removed = 0
    if not root.is_dir():
        return 0
    for folder in root.iterdir():
        parts = folder.name.split("-")
        if len(parts) < 3 or not parts[1].isdigit() or _alive(int(parts[1])):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
