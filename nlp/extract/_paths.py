"""Where the shipped rule files live: relative paths in component config are read from the
project's corpus/ folder, so the pipeline works from any working directory."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]


def corpus_path(path: str | Path) -> Path:
    p = Path(path)
    return p if p.is_absolute() else _ROOT / p
