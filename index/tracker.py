"""The tracker: one object the CLI, the feeds, the API and the web pages share, over the
SQLite store of record (index/tracking.py for reading, index/tracking_changes.py for writing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chidao.index.sqlite import SqliteStore
from chidao.index.tracking import DEFAULT_SOON_DAYS, TaskList, TaskQuery, TaskRow, get_task, list_tasks, page_tasks
from chidao.index.tracking_changes import (HistoryEntry, attach_report, evidence, history, orphans, reattach,
                                           set_status, suggested_reports)


@dataclass
class TaskDetail:
    task: TaskRow
    history: list[HistoryEntry]
    evidence: list[dict]
    suggestions: list[dict]

    def to_dict(self) -> dict:
        return {**self.task.to_dict(), "history": [h.to_dict() for h in self.history],
                "evidence": self.evidence, "suggested_reports": self.suggestions}


class Tracker:
    def __init__(self, store: SqliteStore, soon_days: int = DEFAULT_SOON_DAYS):
        self.store = store
        self.soon_days = soon_days

    def tasks(self, query: TaskQuery) -> TaskList:
        """The query's total and one page of its tasks."""
        return list_tasks(self.store.connection(), query)

    def page(self, query: TaskQuery) -> list[TaskRow]:
        """One page of the query's tasks, without counting them all."""
        return page_tasks(self.store.connection(), query)

    def task(self, task_id: str, as_of: dt.date) -> TaskDetail:
        conn = self.store.connection()
        return TaskDetail(get_task(conn, task_id, as_of, self.soon_days), history(conn, task_id),
                          evidence(conn, task_id), suggested_reports(conn, task_id))

    def set_status(self, task_id: str, status: str, *, note: str, author: str, at: dt.datetime,
                   as_of: dt.date, completed_on: dt.date | None = None) -> HistoryEntry:
        with self.store.write() as conn:
            return set_status(conn, task_id, status, note=note, author=author, at=at, as_of=as_of,
                              completed_on=completed_on)

    def attach(self, task_id: str, report: str, *, note: str, author: str, at: dt.datetime) -> None:
        with self.store.write() as conn:
            attach_report(conn, task_id, report, note=note, author=author, at=at)

    def orphans(self) -> list[dict]:
        return orphans(self.store.connection())

    def reattach(self, old_id: str, new_id: str, *, author: str, at: dt.datetime) -> None:
        with self.store.write() as conn:
            reattach(conn, old_id, new_id, author=author, at=at)

    def bodies(self) -> list[tuple[str, str | None]]:
        """Every canonical body with tasks, and its level."""
        return self.store.connection().execute("SELECT body, level FROM bodies ORDER BY body").fetchall()
