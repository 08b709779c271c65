"""The embedded default backend: one SQLite file, `<home>/chidao.db`, in WAL mode (readers
never wait for the writer; a web server and a CLI can use it at once). One connection per
thread; writes take the write lock up front (BEGIN IMMEDIATE) and wait up to `busy_timeout`
for another writer. A lock held too long, a full disk or an unwritable file becomes
IndexUnavailableError: the caller keeps the record archived and marks it pending."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Iterator

from chidao.errors import IndexUnavailableError
from chidao.index.document import search_doc
from chidao.index.query import SearchQuery, SearchResult
from chidao.index.sqlite_schema import DDL, INDEX_TABLES, SCHEMA_VERSION, delete_document, write_document
from chidao.index.sqlite_columns import DocColumnsCache
from chidao.index.sqlite_search import search as _search
from chidao.record import Record

DB_NAME = "chidao.db"


class SqliteStore:
    """Search backend and store of record (documents, tasks, bodies, deadlines, references;
    the tracking tables live in the same file)."""

    name = "sqlite"

    def __init__(self, path: Path, busy_timeout_ms: int = 10_000):
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._ready = False
        self._columns = DocColumnsCache()
        self.rebuilt = False  # an outdated index was dropped on opening: reindex from the archive

    # -- connections -----------------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if not self._ready:
                self._create(conn)
            return conn
        except (sqlite3.Error, OSError) as err:
            raise IndexUnavailableError(f"the index at {self.path} cannot be opened ({err}): check "
                                        "free space and permissions; records stay archived") from err

    def _create(self, conn: sqlite3.Connection) -> None:
        """Tables made (or an outdated index dropped and made again) in one write transaction,
        so processes and threads opening the store at once never see each other half done."""
        with self._lock:
            if self._ready:
                return
            from chidao.index.tracking_schema import TRACKING_DDL

            conn.execute("BEGIN IMMEDIATE")
            try:
                self.rebuilt = self._drop_if_outdated(conn)
                for statement in _statements(DDL + TRACKING_DDL):
                    conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0)")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            self._ready = True

    @staticmethod
    def _drop_if_outdated(conn: sqlite3.Connection) -> bool:
        """An index made by an older layout is dropped (the archive rebuilds it; tracking
        tables are never dropped). True when that happened."""
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
        if not has_meta:
            return False
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row and row[0] == str(SCHEMA_VERSION):
            return False
        for table in INDEX_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        return True

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; SQLite's failures become IndexUnavailableError."""
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise IndexUnavailableError(f"the index at {self.path} is busy or unwritable ({err}); "
                                        "records stay archived and pending") from err
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as err:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(err, sqlite3.OperationalError):
                raise IndexUnavailableError(f"the index at {self.path} could not be written ({err}); "
                                            "records stay archived and pending") from err
            raise

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    # -- backend ---------------------------------------------------------------------
    def add(self, record: Record) -> None:
        self.add_many([record])

    def add_many(self, records: Iterable[Record]) -> int:
        """Index records in one transaction; the number written."""
        n = 0
        with self.write() as conn:
            for record in records:
                write_document(conn, search_doc(record))
                n += 1
        return n

    def remove(self, record_id: str) -> None:
        with self.write() as conn:
            delete_document(conn, record_id)

    def search(self, query: SearchQuery) -> SearchResult:
        try:
            return _search(self.connection(), query, self._columns)
        except sqlite3.OperationalError as err:
            raise IndexUnavailableError(f"the index at {self.path} cannot be searched right now ({err})") from err

    def count(self) -> int:
        return self.connection().execute("SELECT count(*) FROM documents").fetchone()[0]

    def ids(self) -> set[str]:
        return {r[0] for r in self.connection().execute("SELECT id FROM documents")}

    def clear(self) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM doc_fts")
            conn.execute("DELETE FROM documents")


def _statements(script: str) -> list[str]:
    """The statements of an SQL script (triggers keep their inner semicolons)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return [s for s in out if s]
