"""Configuration: one frozen dataclass passed in everywhere; no global settings.

`load_config` is the one place a Config is built from command-line options and the
environment; the CLI and the flows both call it, and flows receive it as plain settings
(`Config.settings()` / `Config.from_settings`) so a scheduled run sees the same values."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from chidao.errors import ConfigError

# Environment variables a global option can come from (the option wins).
ENV = {"home": "CHIDAO_HOME", "jobs": "CHIDAO_JOBS", "max_pages": "CHIDAO_MAX_PAGES",
       "reference_date": "CHIDAO_TODAY", "es_url": "CHIDAO_ES_URL"}


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("chidao"))


def _default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@dataclass(frozen=True)
class Config:
    """Settings for one run. `reference_date` is "today" (the "as of" date) for relative
    deadlines, overdue checks and tracking states; it is passed in so the same input gives the
    same answer on every run."""

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
    # Elasticsearch for search when set (SQLite stays the store of tracking state).
    es_url: str | None = None
    es_api_key: str | None = None
    es_user: str | None = None
    es_password: str | None = None
    es_ca_certs: str | None = None
    es_prefix: str = "chidao"

    @property
    def max_chars(self) -> int:
        """The longest text read from one file: a full page of a directive is ~3,000
        characters, so the page limit bounds text too (restoring and extracting a text of
        this size takes minutes and a few hundred MB)."""
        return self.max_pages * 3_000

    @property
    def scratch(self) -> Path:
        """Temporary files (page images for OCR) live here, not in /tmp, and are cleaned on
        the next run if a killed process left them."""
        return self.home / "tmp"

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)

    def settings(self) -> dict[str, Any]:
        """The settings as JSON values (a flow's parameters)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, Path) else value.isoformat() if isinstance(value, _dt.date) else value
        return out

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "Config":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in settings.items() if k in known}
        if "home" in values:
            values["home"] = Path(values["home"])
        if isinstance(values.get("reference_date"), str):
            values["reference_date"] = _dt.date.fromisoformat(values["reference_date"])
        return cls(**values)


def load_config(*, home: Path | str | None = None, jobs: int | None = None,
                max_pages: int | None = None, today: _dt.date | str | None = None,
                environ: Mapping[str, str] | None = None, **other) -> Config:
    """A Config from options, then the environment (CHIDAO_HOME, CHIDAO_JOBS,
    CHIDAO_MAX_PAGES, CHIDAO_TODAY, CHIDAO_ES_URL …), then the defaults. Raises ConfigError
    for a value that cannot be used."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    home = home or env.get(ENV["home"])
    if home:
        values["home"] = Path(home).expanduser()
    for name, raw in (("jobs", jobs if jobs is not None else env.get(ENV["jobs"])),
                      ("max_pages", max_pages if max_pages is not None else env.get(ENV["max_pages"]))):
        if raw is not None and raw != "":
            values[name] = _positive_int(name, raw)
    today = today if today is not None else env.get(ENV["reference_date"])
    if today:
        values["reference_date"] = _date(today)
    for name, var in (("es_url", "CHIDAO_ES_URL"), ("es_api_key", "CHIDAO_ES_API_KEY"),
                      ("es_user", "CHIDAO_ES_USER"), ("es_password", "CHIDAO_ES_PASSWORD"),
                      ("es_ca_certs", "CHIDAO_ES_CA_CERTS"), ("es_prefix", "CHIDAO_ES_PREFIX")):
        if env.get(var):
            values[name] = env[var]
    values.update({k: v for k, v in other.items() if v is not None})
    return Config(**values)


def _positive_int(name: str, raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise ConfigError(f"{name.replace('_', '-')} must be a whole number of at least 1, not {raw!r}")
    return value


def _date(raw) -> _dt.date:
    if isinstance(raw, _dt.datetime):
        return raw.date()
    if isinstance(raw, _dt.date):
        return raw
    try:
        return _dt.date.fromisoformat(str(raw))
    except ValueError as err:
        raise ConfigError(f"not a date: {raw!r}; write it as YYYY-MM-DD") from err
