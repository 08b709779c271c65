"""Configuration: one frozen dataclass passed in everywhere; no global settings."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs


def _default_home() -> Path:
    env = os.environ.get("CHIDAO_HOME")
    return Path(env) if env else Path(platformdirs.user_data_dir("chidao"))


def _default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@dataclass(frozen=True)
class Config:
    """Settings for one run. `reference_date` is "today" for relative deadlines and overdue
    checks; it is passed in so the same input gives the same record on every run."""

    home: Path = field(default_factory=_default_home)
    jobs: int = field(default_factory=_default_jobs)
    reference_date: _dt.date = field(default_factory=_dt.date.today)
    dpi: int = 300
    ocr_lang: str = "vie"
    max_pages: int = 200           # directives run to a few dozen pages; 500 is a wrong file
    # An A0 sheet at 300 dpi is ~140 MP; anything larger is refused as a likely decompression
    # bomb (one 150 MP colour page is already ~450 MB decoded).
    max_image_pixels: int = 150_000_000
    ocr_timeout_s: float = 300.0
    restore: bool = True

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)
