"""Search and the store of record: the embedded SQLite index by default, Elasticsearch for
search when CHIDAO_ES_URL is set (SQLite then still holds the documents and tasks tracking
works on). Both backends are fed from the record through one search document
(index/document.py) and answer the same SearchQuery with the same SearchResult.

Public names:
- open_index(config) -> Index (a context manager): `.add(record)`, `.search(query)`,
  `.reindex(archive)`, `.catch_up(archive)`, `.mark_pending(id)`, `.store` (SQLite).
- parse_query(text, **filters) -> SearchQuery; SearchResult, Hit.
- Tracker, TaskQuery: tracking every task (index/tracking.py, index/tracking_changes.py);
  `Index.tracker`.
- SqliteStore; fold, number_key.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol

from chidao.config import Config
from chidao.errors import ChidaoError, IndexUnavailableError
from chidao.index.fold import fold, number_key
from chidao.index.pending import PendingQueue
from chidao.index.query import Hit, SearchQuery, SearchResult, parse_query
from chidao.index.sqlite import DB_NAME, SqliteStore
from chidao.index.tracker import TaskDetail, Tracker
from chidao.index.tracking import STATES, STATUSES, TaskList, TaskQuery, TaskRow
from chidao.record import Record


class SearchBackend(Protocol):
    name: str

    def add_many(self, records) -> int: ...

    def remove(self, record_id: str) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


@dataclass
class ReindexSummary:
    indexed: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    backends: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"indexed {self.indexed}, removed {self.removed}, failed {len(self.failed)} "
                f"({', '.join(self.backends)})")


class Index:
    """The store of record (SQLite) and the search backend (the same SQLite, or
    Elasticsearch), with the queue of records waiting to be indexed."""

    def __init__(self, config: Config, search_backend: SearchBackend | None = None):
        self.config = config
        self.store = SqliteStore(config.home / DB_NAME)
        if search_backend is None and config.es_url:
            from chidao.index.elastic import ElasticBackend

            search_backend = ElasticBackend.from_config(config)
        self.search_backend = search_backend or self.store
        self.pending = PendingQueue(config.home / "pending")
        self.tracker = Tracker(self.store)

    @property
    def backends(self) -> list[str]:
        return ["sqlite"] + ([self.search_backend.name] if self.search_backend is not self.store else [])

    def add(self, record: Record) -> None:
        """Index one record everywhere; IndexUnavailableError when a backend cannot take it."""
        self.store.add(record)
        if self.search_backend is not self.store:
            self.search_backend.add_many([record])
        self.pending.remove(record.id)

    def mark_pending(self, record_id: str) -> None:
        self.pending.add(record_id)

    def is_pending(self, record_id: str) -> bool:
        return record_id in self.pending

    def add_or_mark_pending(self, record: Record) -> bool:
        try:
            self.add(record)
            return True
        except IndexUnavailableError:
            self.mark_pending(record.id)
            return False

    def search(self, query: SearchQuery) -> SearchResult:
        return self.search_backend.search(query)

    def catch_up(self, archive) -> int:
        """Index the records an earlier run left pending; how many were."""
        done = 0
        for record_id in list(self.pending):
            try:
                self.add(archive.get(record_id))
                done += 1
            except IndexUnavailableError:
                break
            except ChidaoError:
                self.pending.remove(record_id)  # no longer archived: nothing to index
        return done

    def reindex(self, archive, on_progress: Callable[[int], None] | None = None,
                batch_size: int = 500) -> ReindexSummary:
        """Rebuild the indexes from the archive: every archived record written again (the
        SQLite store in batches, Elasticsearch into a new index swapped in atomically), rows
        of records no longer archived removed, the pending queue emptied."""
        summary = ReindexSummary(backends=self.backends)
        archived: set[str] = set()

        def records() -> Iterator[Record]:
            for record_id in archive.ids():
                try:
                    record = archive.get(record_id)
                except ChidaoError as err:
                    summary.failed.append((record_id, err.message))
                    continue
                archived.add(record_id)
                yield record

        batch: list[Record] = []
        for record in records():
            batch.append(record)
            if len(batch) >= batch_size:
                summary.indexed += self.store.add_many(batch)
                batch.clear()
                if on_progress:
                    on_progress(summary.indexed)
        summary.indexed += self.store.add_many(batch)
        for stale in self.store.ids() - archived:
            self.store.remove(stale)
            summary.removed += 1
        if self.search_backend is not self.store:
            self.search_backend.rebuild(records())
        for record_id in list(self.pending):
            self.pending.remove(record_id)
        return summary

    def close(self) -> None:
        if self.search_backend is not self.store:
            self.search_backend.close()
        self.store.close()


@contextlib.contextmanager
def open_index(config: Config) -> Iterator[Index]:
    """The index of `config.home`; an index left by an older chidao is rebuilt from the
    archive on opening."""
    index = Index(config)
    try:
        try:
            index.store.connection()
        except IndexUnavailableError:
            pass  # unavailable now: writes mark their records pending, searches say why
        if index.store.rebuilt:
            from chidao.pipeline import Archive

            index.reindex(Archive(config.home))
            index.store.rebuilt = False
        yield index
    finally:
        index.close()


__all__ = ["DB_NAME", "STATES", "STATUSES", "Hit", "Index", "ReindexSummary", "SearchBackend", "SearchQuery",
           "SearchResult", "SqliteStore", "TaskDetail", "TaskList", "TaskQuery", "TaskRow", "Tracker", "fold",
           "number_key", "open_index", "parse_query"]
