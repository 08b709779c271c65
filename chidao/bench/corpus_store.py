"""The generated corpus's cached store: a chidao home whose chidao.db holds the generated
records, built once and reused while the generator, seed, templates and index layout are the
same (corpus.json beside it says so)."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

from chidao.bench.corpus import (GENERATOR_VERSION, META, STALE_WITH_CORPUS, fingerprint, generate_records,
                                 legal_available, load_templates)
from chidao.record import Record

def corpus_home(n: int, root: Path | None = None) -> Path:
    """Where the corpus of `n` records is kept: <root>/bench-corpus-<n>, root defaulting to
    CHIDAO_HOME or the temporary directory."""
    root = root or Path(os.environ.get("CHIDAO_HOME") or tempfile.gettempdir())
    return Path(root) / f"bench-corpus-{n}"


def corpus_meta(home: Path) -> dict:
    try:
        return json.loads((Path(home) / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build_corpus(home: Path, n: int, seed: int = 0, batch: int = 1000,
                 on_progress: Callable[[int], None] | None = None, templates: tuple[Path, ...] | None = None) -> Path:
    """A chidao home at `home` whose store (chidao.db) holds the `n` generated records;
    reused when it already holds them from this generator, seed and templates (corpus.json
    beside it says so). Documents added later (the bench's samples) do not spoil it.
    `templates`: the texts to vary (default: template_paths())."""
    from chidao.index import DB_NAME

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    from chidao.index.sqlite_schema import SCHEMA_VERSION

    want = {"generator": GENERATOR_VERSION, "seed": seed, "n": n, "templates": fingerprint(templates),
            "legal": legal_available(), "index_schema": SCHEMA_VERSION}
    with open(home / ".lock", "w") as lock:  # another bench building the same corpus: wait for it
        fcntl.flock(lock, fcntl.LOCK_EX)
        meta = corpus_meta(home)
        if not ((home / DB_NAME).exists() and all(meta.get(k) == v for k, v in want.items())
                and _generated(home / DB_NAME) == n):
            _build(home, n, seed, batch, on_progress, templates, want)
    return home


def _build(home: Path, n: int, seed: int, batch: int, on_progress, templates, want: dict) -> None:
    from chidao.index import DB_NAME, SqliteStore

    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", META, *STALE_WITH_CORPUS):  # only what we wrote
        (home / name).unlink(missing_ok=True)
    store = SqliteStore(home / DB_NAME)
    start, done, tasks, index_s = time.perf_counter(), 0, 0, 0.0
    try:
        chunk: list[Record] = []
        for record in generate_records(n, seed, load_templates(templates)):
            chunk.append(record)
            tasks += len(record.tasks)
            if len(chunk) >= batch:
                t0 = time.perf_counter()
                done += store.add_many(chunk)
                index_s += time.perf_counter() - t0
                chunk = []
                if on_progress:
                    on_progress(done)
        t0 = time.perf_counter()
        done += store.add_many(chunk)
        index_s += time.perf_counter() - t0
        store.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    total = time.perf_counter() - start
    meta = {**want, "tasks": tasks, "build_s": round(total, 1), "index_s": round(index_s, 1),
            "built": dt.datetime.now().isoformat(timespec="seconds")}
    (home / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def _generated(db: Path) -> int:
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            return conn.execute("SELECT count(*) FROM documents WHERE path LIKE 'generated/%'").fetchone()[0]
    except sqlite3.Error:
        return -1
