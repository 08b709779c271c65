"""The SQLite store's tables, and writing one record into them.

Plain tables are the store of record that tracking builds on: documents, tasks (one row per
task, `due` = its earliest dated deadline), task_bodies (lead and cooperating roles kept
apart, canonical names), deadlines, refs (cited documents; `responds` for those it answers),
bodies (canonical names and levels). `doc_fts` is an FTS5 table over number, subject, issuer,
bodies, task texts, full text and the raw OCR text, each text both as written (exact accents
rank first) and folded (diacritics and đ off, done here: FTS5 does not fold đ)."""

from __future__ import annotations

import json
import sqlite3

from chidao.index.document import SearchDoc
from chidao.index.fold import fold, number_key
from chidao.nlp.bodies import default_registry

SCHEMA_VERSION = 8
# Derived from the archive, dropped and rebuilt when the layout changes (tracking tables are not).
INDEX_TABLES = ("doc_fts", "deadlines", "task_bodies", "refs", "tasks", "documents", "bodies")

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number TEXT, number_key TEXT, symbol TEXT,
    type TEXT, type_key TEXT,
    issuer TEXT, issuer_canonical TEXT, issuer_key TEXT, parent_issuer TEXT,
    party INTEGER, place TEXT, date TEXT, year TEXT,
    subject TEXT, signer TEXT, recipients TEXT, responds_to TEXT,
    text_method TEXT, pages INTEGER, path TEXT, media_type TEXT, task_count INTEGER,
    body_ids TEXT  -- space-joined `bodies` rowids of its tasks' bodies: the body facet, counted in one pass
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_type ON documents(type_key);
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer_key);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number_key);
-- Every change to documents moves the generation: the search's in-memory columns are read again.
CREATE TRIGGER IF NOT EXISTS documents_added AFTER INSERT ON documents
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER IF NOT EXISTS documents_changed AFTER UPDATE ON documents
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER IF NOT EXISTS documents_removed AFTER DELETE ON documents
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TABLE IF NOT EXISTS tasks (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    document_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    ordinal TEXT, position INTEGER, text TEXT,
    lead TEXT, cooperating TEXT, implicit_lead INTEGER, recurring INTEGER,
    due TEXT, last_due TEXT, rrule TEXT, deadlines TEXT
);
CREATE INDEX IF NOT EXISTS tasks_document ON tasks(document_rowid, due);
CREATE INDEX IF NOT EXISTS tasks_due ON tasks(due);
CREATE INDEX IF NOT EXISTS tasks_open_due ON tasks(last_due, rrule, id);  -- the overdue list, index-only
CREATE INDEX IF NOT EXISTS tasks_due_order ON tasks((due IS NULL), due);  -- lists in due order, dated first
CREATE INDEX IF NOT EXISTS tasks_rrule ON tasks(rrule) WHERE rrule IS NOT NULL;
CREATE TABLE IF NOT EXISTS task_bodies (
    task_rowid INTEGER NOT NULL REFERENCES tasks(rowid) ON DELETE CASCADE,
    role TEXT NOT NULL, body TEXT NOT NULL, body_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS task_bodies_key ON task_bodies(body_key, role, task_rowid);
CREATE INDEX IF NOT EXISTS task_bodies_task ON task_bodies(task_rowid);
CREATE TABLE IF NOT EXISTS deadlines (
    task_rowid INTEGER NOT NULL REFERENCES tasks(rowid) ON DELETE CASCADE,
    raw TEXT, kind TEXT, due TEXT, rrule TEXT
);
CREATE INDEX IF NOT EXISTS deadlines_task ON deadlines(task_rowid);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines(due, task_rowid);
CREATE TABLE IF NOT EXISTS refs (
    document_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    number TEXT, number_key TEXT, type TEXT, date TEXT, responds INTEGER
);
CREATE INDEX IF NOT EXISTS refs_key ON refs(number_key);
CREATE INDEX IF NOT EXISTS refs_document ON refs(document_rowid);
CREATE TABLE IF NOT EXISTS bodies (id INTEGER PRIMARY KEY, body_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL, level TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5(
    number, subject, subject_f, issuer_f, bodies_f, tasks, tasks_f, content, content_f, raw_f,
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
"""

# bm25 weights, in doc_fts column order: a document's own number first, then its subject,
# issuer and bodies, then tasks and full text; raw OCR last. Only the folded columns count: a
# folded word found in an accented column (subject, tasks, content) is also in its folded twin,
# so the search's match needs no column filter, and these zeros keep its bm25 what a
# folded-columns filter gives (a filter makes FTS5 read every position list; no filter is
# about twice as fast at 100 k records). The words as typed rank by their own tier instead.
WEIGHTS = (30.0, 0.0, 4.0, 3.0, 3.0, 0.0, 1.0, 0.0, 0.6, 0.2)


def key(text: str | None) -> str:
    return " ".join(fold(text or "").lower().split())


def body_key(name: str) -> str:
    return default_registry().key(name)


def write_document(conn: sqlite3.Connection, doc: SearchDoc) -> None:
    """Replace the rows of `doc` (inside the caller's transaction)."""
    delete_document(conn, doc.id)
    cur = conn.execute(
        "INSERT INTO documents (id, number, number_key, symbol, type, type_key, issuer, issuer_canonical, "
        "issuer_key, parent_issuer, party, place, date, year, subject, signer, recipients, responds_to, "
        "text_method, pages, path, media_type, task_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc.id, doc.number, doc.number_key, doc.symbol, doc.type, key(doc.type), doc.issuer,
         doc.issuer_canonical, key(doc.issuer_canonical), doc.parent_issuer,
         None if doc.party is None else int(doc.party), doc.place, doc.date, doc.year, doc.subject, doc.signer,
         json.dumps(doc.recipients, ensure_ascii=False), json.dumps(doc.responds_to, ensure_ascii=False),
         doc.text_method, doc.pages, doc.path, doc.media_type, len(doc.tasks)))
    rowid = cur.lastrowid
    for t in doc.tasks:
        trow = conn.execute(
            "INSERT INTO tasks (id, document_rowid, ordinal, position, text, lead, cooperating, implicit_lead, "
            "recurring, due, last_due, rrule, deadlines) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (t.id, rowid, t.ordinal, t.position, t.text, json.dumps(t.lead, ensure_ascii=False),
             json.dumps(t.cooperating, ensure_ascii=False), int(t.implicit_lead), int(t.recurring), t.due,
             t.last_due, t.rrule, json.dumps(t.deadlines, ensure_ascii=False))).lastrowid
        rows = [(trow, "lead", b, body_key(b)) for b in t.lead_canonical]
        rows += [(trow, "cooperating", b, body_key(b)) for b in t.cooperating_canonical]
        conn.executemany("INSERT INTO task_bodies (task_rowid, role, body, body_key) VALUES (?,?,?,?)", rows)
        conn.executemany("INSERT OR IGNORE INTO bodies (body_key, body, level) VALUES (?,?,?)",
                         [(k, b, default_registry().body(b).level) for _, _, b, k in rows])
        conn.executemany("INSERT INTO deadlines (task_rowid, raw, kind, due, rrule) VALUES (?,?,?,?,?)",
                         [(trow, d["raw"], d["kind"], d["due"], d.get("rrule")) for d in t.deadlines])
    keys = list(dict.fromkeys(body_key(b) for b in doc.bodies))
    if keys:
        marks = ",".join("?" * len(keys))
        ids = [str(r[0]) for r in conn.execute(f"SELECT id FROM bodies WHERE body_key IN ({marks})", keys)]
        conn.execute("UPDATE documents SET body_ids = ? WHERE rowid = ?", (" ".join(ids), rowid))
    responds = set(doc.responds_to)
    conn.executemany("INSERT INTO refs (document_rowid, number, number_key, responds) VALUES (?,?,?,?)",
                     [(rowid, n, number_key(n), int(n in responds)) for n in dict.fromkeys(doc.references + doc.responds_to)])
    issuer = " ".join(x for x in (doc.issuer_canonical, doc.issuer, doc.parent_issuer) if x)
    bodies = " ".join(doc.bodies + doc.recipients)
    conn.execute(
        "INSERT INTO doc_fts (rowid, number, subject, subject_f, issuer_f, bodies_f, tasks, tasks_f, content, "
        "content_f, raw_f) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (rowid, doc.number_key, doc.subject, fold(doc.subject), fold(issuer), fold(bodies), doc.task_text,
         fold(doc.task_text), doc.content, fold(doc.content), fold(doc.raw)))


def delete_document(conn: sqlite3.Connection, document_id: str) -> None:
    row = conn.execute("SELECT rowid FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM doc_fts WHERE rowid = ?", (row[0],))
    conn.execute("DELETE FROM documents WHERE rowid = ?", (row[0],))

