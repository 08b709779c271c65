"""Search over the SQLite store: one FTS5 match (bm25 with field weights) gives every hit's
rowid and rank; the boost (a typed number or trích yếu) and the exact-accent tier are one more
match each; order, total and facets are then array operations over the hits and the store's
columns held in memory (index/sqlite_columns.py); only the page's rows are read.

Each query word matches its folded form (bm25 weighs the folded columns only: see WEIGHTS).
Words typed with diacritics are matched once more, exactly (a plain match, no ranking
function): the documents that hold every such word as typed rank above those that only hold it
folded, so "Đảng" ranks a document that says Đảng above one that only says đang. Neither match
names columns: a folded word in an accented column is also in its folded twin, and a word with
diacritics cannot be in a folded column, so a column filter would change no hit and only cost
time. Every word is quoted before it reaches FTS5: nothing a user types is FTS5 syntax."""

from __future__ import annotations

import itertools
import sqlite3

import numpy as np

from chidao.index.query import Hit, SearchQuery, SearchResult, Term
from chidao.index.snippet import best_snippet
from chidao.index.sqlite_columns import DocColumns, DocColumnsCache
from chidao.index.sqlite_schema import WEIGHTS, body_key, key


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term_expr(term: Term, exact: bool = False) -> str:
    return _quote(term.text if exact else term.folded) + ("*" if term.prefix else "")


def match_expression(query: SearchQuery) -> str | None:
    """The FTS5 MATCH string for the query's words (None when it has none)."""
    terms = query.terms
    if query.number_like and query.text:
        # "135-TB/BCĐ", "TB 135": the words of a document number, anywhere in the document
        # (its own number column weighs most).
        return " AND ".join(_quote(w) for w in query.number_words) or None
    return " AND ".join(_term_expr(t) for t in terms) or None


def _filters(query: SearchQuery) -> tuple[list[str], list]:
    where, args = [], []
    if query.type:
        where.append("d.type_key = ?")
        args.append(key(query.type))
    if query.issuer:
        where.append("instr(d.issuer_key, ?) > 0")
        args.append(key(query.issuer))
    if query.body:
        role = " AND tb.role = ?" if query.role else ""
        where.append("d.rowid IN (SELECT t.document_rowid FROM task_bodies tb JOIN tasks t ON t.rowid = tb.task_rowid "
                     f"WHERE tb.body_key = ?{role})")
        args += [body_key(query.body)] + ([query.role] if query.role else [])
    if query.date_from:
        where.append("d.date >= ?")
        args.append(query.date_from)
    if query.date_to:
        where.append("d.date <= ?")
        args.append(query.date_to + "~")  # "2024-02" (no day) sorts inside its month
    if query.due_from or query.due_to:
        where.append("d.rowid IN (SELECT document_rowid FROM tasks WHERE due BETWEEN ? AND ?)")
        args += [query.due_from or "0000", query.due_to or "9999"]
    if query.number:
        for w in query.filter_number_words:
            where.append("(' ' || d.number_key || ' ') LIKE ?")
            args.append(f"% {w} %")
    return where, args


def search(conn: sqlite3.Connection, query: SearchQuery, columns: DocColumnsCache) -> SearchResult:
    """The query's hits in one read transaction (one snapshot for the match, the columns and
    the page)."""
    if conn.in_transaction:  # inside the caller's transaction: already one snapshot
        return _search(conn, query, columns.get(conn))
    conn.execute("BEGIN")
    try:
        return _search(conn, query, columns.get(conn))
    finally:
        conn.execute("COMMIT")


def _search(conn: sqlite3.Connection, query: SearchQuery, columns: DocColumns) -> SearchResult:
    expr = match_expression(query) if query.text else None
    rowids, ranks = _matches(conn, query, expr)
    if query.sort == "relevance" and expr:
        # boost first, then the words as typed, then bm25 (more negative is better), then the newer document
        order = np.lexsort((-columns.date_key[rowids], ranks, -_exact(conn, query, rowids),
                            -_boost(conn, query, rowids)))
    else:
        order = np.lexsort((-rowids, -columns.date_key[rowids]))
    page = order[query.offset:query.offset + query.limit]
    rows = _rows(conn, rowids[page].tolist())
    hits = [_hit(conn, rows[int(r)], float(k), query) for r, k in zip(rowids[page], ranks[page])]
    return SearchResult(total=len(rowids), hits=hits, facets=columns.facets(conn, rowids))


def _matches(conn: sqlite3.Connection, query: SearchQuery, expr: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Rowids of every matching document and their bm25 ranks (0 without words)."""
    where, args = _filters(query)
    if expr and where:
        sql = (f"SELECT d.rowid, bm25(doc_fts, {', '.join(map(str, WEIGHTS))}) FROM doc_fts "
               "CROSS JOIN documents d ON d.rowid = doc_fts.rowid WHERE doc_fts MATCH ?")  # the match drives
        params = [expr, *args]
    elif expr:
        sql = f"SELECT rowid, bm25(doc_fts, {', '.join(map(str, WEIGHTS))}) FROM doc_fts WHERE doc_fts MATCH ?"
        params = [expr]
    else:
        sql, params = "SELECT d.rowid, 0.0 FROM documents d WHERE 1", list(args)
    if where:
        sql += " AND " + " AND ".join(where)
    found = np.fromiter(itertools.chain.from_iterable(conn.execute(sql, params)), dtype=float).reshape(-1, 2)
    return found[:, 0].astype(np.int64), found[:, 1]


def _rowids(conn: sqlite3.Connection, expr: str) -> np.ndarray:
    return np.fromiter(itertools.chain.from_iterable(
        conn.execute("SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?", (expr,))), dtype=np.int64)


def _among(rowids: np.ndarray, found: np.ndarray) -> np.ndarray:
    """For each of `rowids`, whether it is in `found` (a mask over rowids: linear, no sort)."""
    if not len(rowids) or not len(found):
        return np.zeros(len(rowids), dtype=bool)
    mask = np.zeros(int(max(rowids.max(), found.max())) + 1, dtype=bool)
    mask[found] = True
    return mask[rowids]


def _exact(conn: sqlite3.Connection, query: SearchQuery, rowids: np.ndarray) -> np.ndarray:
    """1 for each hit whose accented columns hold every word typed with diacritics exactly as
    typed (0 for all when none was)."""
    accented = [t for t in query.terms if t.accented]
    if not accented or query.number_like:
        return np.zeros(len(rowids), dtype=np.int64)
    expr = " AND ".join(_term_expr(t, exact=True) for t in accented)
    return _among(rowids, _rowids(conn, expr)).astype(np.int64)


def _boost(conn: sqlite3.Connection, query: SearchQuery, rowids: np.ndarray) -> np.ndarray:
    """What ranks before relevance: 4 for a document whose own number has every word of a
    number-like query; else, for words typed in the order of a document's trích yếu, 2 when its
    subject holds them as typed (accents and all) and 1 when it holds them folded — a
    secretary typing a subject line finds that document first, not one that only mentions it.
    Each is one FTS5 match on the number or subject columns."""
    boost = np.zeros(len(rowids), dtype=np.int64)
    words = query.number_words
    plain = [t for t in query.terms if not t.prefix]
    if words:
        levels = [(4, " AND ".join(f"{{number}} : {_quote(w)}" for w in words))]
    elif len(plain) >= 2:
        levels = [(1, "{subject_f} : " + _quote(" ".join(t.folded for t in plain))),
                  (2, "{subject} : " + _quote(" ".join(t.text for t in plain)))]
    else:
        levels = []
    for level, expr in levels:
        boost[_among(rowids, _rowids(conn, expr))] = level
    return boost


def _rows(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    return {r[0]: r for r in conn.execute(
        f"SELECT rowid, id, number, type, issuer, date, subject FROM documents WHERE rowid IN ({marks})", rowids)}


def _hit(conn: sqlite3.Connection, row: tuple, rank: float, query: SearchQuery) -> Hit:
    rowid, doc_id, number, type_, issuer, date, subject = row
    tasks, content = conn.execute("SELECT tasks, content FROM doc_fts WHERE rowid = ?", (rowid,)).fetchone()
    snippet = best_snippet([subject or "", tasks or "", content or ""], query.terms) if query.terms else \
        best_snippet([content or ""], ())
    return Hit(id=doc_id, number=number, type=type_, issuer=issuer, date=date, subject=subject,
               score=round(-rank, 4) if rank else 0.0, snippet=snippet)
