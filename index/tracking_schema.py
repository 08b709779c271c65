"""Tracking tables, in the same SQLite file as the documents (the store of record).

Statuses and their history are keyed by the task's stable id (document id + ordinal), not by
a row number, so they survive `chidao reprocess` and reindexing; a status whose task no longer
exists is an orphan, listed for a person to reattach. History is append-only: triggers refuse
any UPDATE or DELETE."""

TRACKING_DDL = """
CREATE TABLE IF NOT EXISTS task_status (
    task_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    completed_on TEXT, reason TEXT, note TEXT,
    updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS task_status_status ON task_status(status);
CREATE TABLE IF NOT EXISTS task_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL,
    status TEXT NOT NULL,
    completed_on TEXT, reason TEXT, note TEXT,
    author TEXT NOT NULL, at TEXT NOT NULL,
    document_id TEXT, task_text TEXT
);
CREATE INDEX IF NOT EXISTS task_history_task ON task_history(task_id, seq);
CREATE TRIGGER IF NOT EXISTS task_history_no_update BEFORE UPDATE ON task_history
BEGIN SELECT RAISE(ABORT, 'task history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS task_history_no_delete BEFORE DELETE ON task_history
BEGIN SELECT RAISE(ABORT, 'task history is append-only'); END;
CREATE TABLE IF NOT EXISTS task_links (
    old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence (
    task_id TEXT NOT NULL, report_id TEXT NOT NULL,
    note TEXT, author TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (task_id, report_id)
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL, revoked_at TEXT
);
"""
