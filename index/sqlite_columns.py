"""Per-document columns held in memory (numpy arrays indexed by rowid), the way a search
engine keeps doc values: facet counts and date order over tens of thousands of hits are then
array operations, not a second pass over their rows.

The arrays are read again when the store's `generation` changes (triggers on `documents`
count every insert, update and delete, whichever process or thread made it); the caller
reads the generation and the arrays inside one read transaction, so both are one snapshot."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

FACET_SIZE = 12
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class DocColumns:
    generation: int
    type_code: np.ndarray      # rowid → index into `types` (-1: none)
    issuer_code: np.ndarray    # rowid → index into `issuer_keys`
    year_code: np.ndarray      # rowid → index into `years`
    date_key: np.ndarray       # rowid → YYYYMMDD (a month alone: day 00; none: 0)
    body_doc: np.ndarray       # one entry per (document, body): the document's rowid …
    body_id: np.ndarray        # … and the `bodies` id
    types: list[str]
    issuer_keys: list[str]
    years: list[str]
    issuer_names: dict[str, str]  # issuer key → its canonical name as stored

    def facets(self, conn: sqlite3.Connection, rowids: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        """Type, issuer, year and body counts over the documents `rowids`."""
        if not len(rowids):
            return {}
        types = _counts(self.type_code[rowids], self.types)
        issuers = _counts(self.issuer_code[rowids], self.issuer_keys)
        years = _counts(self.year_code[rowids], self.years)
        hit = np.zeros(len(self.type_code), dtype=bool)
        hit[rowids] = True
        per_body = np.bincount(self.body_id[hit[self.body_doc]])
        bodies = Counter({int(i): int(per_body[i]) for i in np.flatnonzero(per_body)})
        issuer_names = {k: name for k, _ in issuers.most_common(FACET_SIZE) if (name := self.issuer_names.get(k))}
        body_names = _body_names(conn, [k for k, _ in bodies.most_common(FACET_SIZE)])
        return {"type": _top(types),
                "issuer": _top(Counter({k: issuers[k] for k in issuer_names}), issuer_names.get),
                "year": sorted(years.items(), reverse=True)[:FACET_SIZE],
                "body": _top(Counter({k: bodies[k] for k in body_names}), body_names.get)}


class DocColumnsCache:
    """The store's DocColumns, read again when its generation moves (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._columns: DocColumns | None = None

    def get(self, conn: sqlite3.Connection) -> DocColumns:
        """The columns as of `conn`'s current read transaction."""
        generation = current_generation(conn)
        columns = self._columns
        if columns is None or columns.generation != generation:
            columns = _load(conn, generation)
            with self._lock:
                self._columns = columns
        return columns


def current_generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def _load(conn: sqlite3.Connection, generation: int) -> DocColumns:
    rows = conn.execute("SELECT rowid, type, issuer_key, year, date, body_ids, issuer_canonical FROM documents").fetchall()
    size = max((r[0] for r in rows), default=0) + 1
    codes = {name: (np.full(size, -1, dtype=np.int32), {}) for name in ("type", "issuer", "year")}
    date_key = np.zeros(size, dtype=np.int64)
    body_doc: list[int] = []
    body_id: list[int] = []
    issuer_names: dict[str, str] = {}
    for rowid, type_, issuer_key, year, date, body_ids, issuer in rows:
        if issuer_key and issuer:
            issuer_names.setdefault(issuer_key, issuer)
        for name, value in (("type", type_), ("issuer", issuer_key), ("year", year)):
            if value:
                array, labels = codes[name]
                array[rowid] = labels.setdefault(value, len(labels))
        digits = _DIGITS.sub("", date or "")[:8]
        date_key[rowid] = int(digits.ljust(8, "0")) if digits else 0
        if body_ids:
            ids = [int(i) for i in body_ids.split()]
            body_doc += [rowid] * len(ids)
            body_id += ids
    return DocColumns(generation, codes["type"][0], codes["issuer"][0], codes["year"][0], date_key,
                      np.array(body_doc, dtype=np.int64), np.array(body_id, dtype=np.int64),
                      *(list(codes[name][1]) for name in ("type", "issuer", "year")), issuer_names)


def _counts(codes: np.ndarray, labels: list[str]) -> Counter:
    counts = np.bincount(codes[codes >= 0], minlength=len(labels))
    return Counter({labels[i]: int(n) for i in np.flatnonzero(counts) for n in (counts[i],)})


def _top(counter: Counter, label=lambda v: v) -> list[tuple[str, int]]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], str(label(kv[0]))))
    return [(label(v), n) for v, n in ranked if v and label(v)][:FACET_SIZE]


def _body_names(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", ids).fetchall())
