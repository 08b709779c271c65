"""Writing tracking state: status changes into the append-only history, reports attached as
evidence, and the history of tasks that a newer extraction no longer has (orphans), listed
until a person reattaches it to the task it became. Every write names its author and its
time, both passed in by the caller. A write that fails validation writes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from chidao.errors import NotFoundError, UsageError
from chidao.index.tracking import MAX_NOTE, STATUSES, status_slug


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    task_id: str
    status: str
    status_label: str
    completed_on: str | None
    reason: str | None
    note: str | None
    author: str
    at: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _task(conn: sqlite3.Connection, task_id: str) -> tuple[str, str, str | None]:
    row = conn.execute("SELECT t.text, d.id, d.date FROM tasks t JOIN documents d ON d.rowid = t.document_rowid "
                       "WHERE t.id = ?", (task_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no task {task_id!r}: `chidao tasks --document NUMBER` lists a document's task ids")
    return row


def set_status(conn: sqlite3.Connection, task_id: str, status: str, *, note: str, author: str,
               at: dt.datetime, as_of: dt.date, completed_on: dt.date | None = None) -> HistoryEntry:
    """Record a status change (in the caller's write transaction). `completed_on` is the
    completion date of "hoàn thành" (default: `as_of`); "không thực hiện" needs its reason in
    the note. Raises UsageError/NotFoundError before writing anything."""
    slug = status_slug(status)
    note = (note or "").strip()
    author = (author or "").strip()
    if len(note) > MAX_NOTE:
        raise UsageError(f"the note has {len(note):,} characters, more than {MAX_NOTE:,}: shorten it")
    if not author:
        raise UsageError("a status change needs its author (--by NAME)")
    text, document_id, doc_date = _task(conn, task_id)
    done = None
    if slug == "hoan-thanh":
        done = completed_on or as_of
        if doc_date and len(doc_date) >= 7 and done.isoformat() < doc_date[:10]:
            raise UsageError(f"completion date {done.isoformat()} is before the document's date {doc_date}")
        if done > as_of:
            raise UsageError(f"completion date {done.isoformat()} is after today ({as_of.isoformat()})")
    elif completed_on is not None:
        raise UsageError("a completion date (--date) goes with the status hoàn thành only")
    if slug == "khong-thuc-hien" and not note:
        raise UsageError("không thực hiện needs its reason: give it as the note (--note)")
    reason = note if slug == "khong-thuc-hien" else None
    stamp = at.isoformat(timespec="seconds")
    done_text = done.isoformat() if done else None
    seq = conn.execute(
        "INSERT INTO task_history (task_id, status, completed_on, reason, note, author, at, document_id, task_text) "
        "VALUES (?,?,?,?,?,?,?,?,?)", (task_id, slug, done_text, reason, note or None, author, stamp, document_id, text),
    ).lastrowid
    conn.execute(
        "INSERT INTO task_status (task_id, status, completed_on, reason, note, updated_by, updated_at, seq) "
        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(task_id) DO UPDATE SET status = excluded.status, "
        "completed_on = excluded.completed_on, reason = excluded.reason, note = excluded.note, "
        "updated_by = excluded.updated_by, updated_at = excluded.updated_at, seq = excluded.seq",
        (task_id, slug, done_text, reason, note or None, author, stamp, seq))
    return HistoryEntry(seq, task_id, slug, STATUSES[slug], done_text, reason, note or None, author, stamp)


def history(conn: sqlite3.Connection, task_id: str) -> list[HistoryEntry]:
    """The task's history, oldest first, with that of any orphan reattached to it."""
    ids = [task_id] + [r[0] for r in conn.execute("SELECT old_id FROM task_links WHERE new_id = ?", (task_id,))]
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT seq, task_id, status, completed_on, reason, note, author, at FROM task_history "
                        f"WHERE task_id IN ({marks}) ORDER BY seq", ids).fetchall()
    return [HistoryEntry(seq, tid, s, STATUSES[s], c, r, n, a, at) for seq, tid, s, c, r, n, a, at in rows]


def attach_report(conn: sqlite3.Connection, task_id: str, report: str, *, note: str, author: str,
                  at: dt.datetime) -> None:
    """Attach an archived report (by record id or number) to a task as evidence."""
    _task(conn, task_id)
    row = conn.execute("SELECT id FROM documents WHERE id = ? OR number = ? LIMIT 1", (report, report)).fetchone()
    if row is None:
        raise NotFoundError(f"no archived document {report!r} to attach: ingest the report first")
    if len(note or "") > MAX_NOTE:
        raise UsageError(f"the note is longer than {MAX_NOTE:,} characters: shorten it")
    conn.execute("INSERT OR REPLACE INTO evidence (task_id, report_id, note, author, at) VALUES (?,?,?,?,?)",
                 (task_id, row[0], note or None, author, at.isoformat(timespec="seconds")))


def evidence(conn: sqlite3.Connection, task_id: str) -> list[dict]:
    rows = conn.execute("SELECT e.report_id, d.number, d.type, d.date, d.subject, e.note, e.author, e.at "
                        "FROM evidence e LEFT JOIN documents d ON d.id = e.report_id WHERE e.task_id = ? "
                        "ORDER BY e.at", (task_id,)).fetchall()
    keys = ("report_id", "number", "type", "date", "subject", "note", "author", "at")
    return [dict(zip(keys, r)) for r in rows]


def suggested_reports(conn: sqlite3.Connection, task_id: str) -> list[dict]:
    """Reports (Báo cáo) whose `responds_to` names the task's directive, not yet attached."""
    rows = conn.execute(
        "SELECT DISTINCT r.id, r.number, r.date, r.subject FROM tasks t "
        "JOIN documents d ON d.rowid = t.document_rowid "
        "JOIN refs f ON f.number_key = d.number_key AND f.responds = 1 AND d.number_key != '' "
        "JOIN documents r ON r.rowid = f.document_rowid AND r.rowid != d.rowid "
        "WHERE t.id = ? AND r.type_key = 'bao cao' "
        "AND r.id NOT IN (SELECT report_id FROM evidence WHERE task_id = ?) ORDER BY r.date DESC",
        (task_id, task_id)).fetchall()
    return [dict(zip(("report_id", "number", "date", "subject"), r)) for r in rows]


def orphans(conn: sqlite3.Connection) -> list[dict]:
    """Tasks with a tracked history that no longer exist (a newer extraction changed the
    document's tasks), not yet reattached: their last status, document and text."""
    rows = conn.execute(
        "SELECT h.task_id, h.document_id, h.task_text, s.status, s.updated_by, s.updated_at, count(*) "
        "FROM task_history h LEFT JOIN task_status s ON s.task_id = h.task_id "
        "WHERE h.task_id NOT IN (SELECT id FROM tasks) AND h.task_id NOT IN (SELECT old_id FROM task_links) "
        "GROUP BY h.task_id ORDER BY h.document_id, h.task_id").fetchall()
    keys = ("task_id", "document_id", "task_text", "status", "updated_by", "updated_at", "changes")
    return [dict(zip(keys, r)) for r in rows]


def reattach(conn: sqlite3.Connection, old_id: str, new_id: str, *, author: str, at: dt.datetime) -> None:
    """Carry an orphan's history and last status over to the task it became."""
    if not conn.execute("SELECT 1 FROM task_history WHERE task_id = ?", (old_id,)).fetchone():
        raise NotFoundError(f"no tracked history for {old_id!r}: `chidao task orphans` lists them")
    _task(conn, new_id)
    conn.execute("INSERT INTO task_links (old_id, new_id, author, at) VALUES (?,?,?,?)",
                 (old_id, new_id, author, at.isoformat(timespec="seconds")))
    last = conn.execute("SELECT status, completed_on, reason, note, updated_by, updated_at, seq FROM task_status "
                        "WHERE task_id = ?", (old_id,)).fetchone()
    current = conn.execute("SELECT seq FROM task_status WHERE task_id = ?", (new_id,)).fetchone()
    if last and (current is None or current[0] < last[6]):
        conn.execute("INSERT OR REPLACE INTO task_status (task_id, status, completed_on, reason, note, updated_by, "
                     "updated_at, seq) VALUES (?,?,?,?,?,?,?,?)", (new_id, *last))
