"""Search over the SQLite store: one FTS5 match (bm25 with field weights) into a temporary
table of hits, then the page, the total and the facets from that table.

Each query word matches its folded form in the folded columns, or, when typed with
diacritics, its exact form in the accented columns too, so "Đảng" ranks a document that says
Đảng above one that only says đang. Every word is quoted before it reaches FTS5: nothing a
user types is FTS5 syntax."""

from __future__ import annotations

import sqlite3
from collections import Counter

from chidao.index.query import Hit, SearchQuery, SearchResult, Term
from chidao.index.snippet import best_snippet
from chidao.index.sqlite_schema import ACCENTED_COLUMNS, FOLDED_COLUMNS, WEIGHTS, body_key, key

FACET_SIZE = 12


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term_expr(term: Term) -> str:
    folded = _quote(term.folded) + ("*" if term.prefix else "")
    expr = f"{{{FOLDED_COLUMNS}}} : {folded}"
    if term.accented:
        exact = _quote(term.text) + ("*" if term.prefix else "")
        expr = f"({expr} OR {{{ACCENTED_COLUMNS}}} : {exact})"
    return expr


def match_expression(query: SearchQuery) -> str | None:
    """The FTS5 MATCH string for the query's words (None when it has none)."""
    terms = query.terms
    if query.number_like and query.text:
        # "135-TB/BCĐ", "TB 135": the words of a document number, anywhere in the document
        # (its own number column weighs most).
        return " AND ".join(f"{{{FOLDED_COLUMNS}}} : {_quote(w)}" for w in query.number_words) or None
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


def search(conn: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    expr = match_expression(query) if query.text else None
    where, args = _filters(query)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits (rid INTEGER PRIMARY KEY, rank REAL, boost INTEGER)")
    conn.execute("DELETE FROM temp.hits")
    boost, boost_args = _number_boost(query)
    if expr:
        sql = (f"INSERT INTO temp.hits SELECT d.rowid, bm25(doc_fts, {', '.join(map(str, WEIGHTS))}), {boost} "
               "FROM doc_fts CROSS JOIN documents d ON d.rowid = doc_fts.rowid WHERE doc_fts MATCH ?")  # the match drives
        params = [*boost_args, expr, *args]
    else:
        sql = f"INSERT INTO temp.hits SELECT d.rowid, 0, 0 FROM documents d WHERE 1"
        params = list(args)
    if where:
        sql += " AND " + " AND ".join(where)
    conn.execute(sql, params)
    total = conn.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    order = "h.boost DESC, h.rank, d.date DESC" if query.sort == "relevance" and expr else "d.date DESC, d.rowid DESC"
    rows = conn.execute(
        "SELECT d.rowid, d.id, d.number, d.type, d.issuer, d.date, d.subject, h.rank FROM temp.hits h "
        f"JOIN documents d ON d.rowid = h.rid ORDER BY {order} LIMIT ? OFFSET ?",
        (query.limit, query.offset)).fetchall()
    hits = [_hit(conn, row, query) for row in rows]
    return SearchResult(total=total, hits=hits, facets=_facets(conn) if total else {})


def _number_boost(query: SearchQuery) -> tuple[str, list]:
    """What ranks before relevance: 4 for a document whose own number has every word of a
    number-like query; else, for words typed in the order of a document's trích yếu, 2 when its
    subject holds them as typed (accents and all) and 1 when it holds them folded — a
    secretary typing a subject line finds that document first, not one that only mentions it."""
    words = query.number_words
    if words:
        clause = " AND ".join("(' ' || d.number_key || ' ') LIKE ?" for _ in words)
        return f"(CASE WHEN {clause} THEN 4 ELSE 0 END)", [f"% {w} %" for w in words]
    plain = [t for t in query.terms if not t.prefix]
    if len(plain) < 2:
        return "0", []
    typed = " " + " ".join(t.text for t in plain) + " "
    folded = " " + " ".join(t.folded for t in plain) + " "
    return ("(CASE WHEN instr(d.subject_words, ?) > 0 THEN 2 "
            "WHEN instr(d.subject_key, ?) > 0 THEN 1 ELSE 0 END)"), [typed, folded]


def _hit(conn: sqlite3.Connection, row, query: SearchQuery) -> Hit:
    rowid, doc_id, number, type_, issuer, date, subject, rank = row
    tasks, content = conn.execute("SELECT tasks, content FROM doc_fts WHERE rowid = ?", (rowid,)).fetchone()
    snippet = best_snippet([subject or "", tasks or "", content or ""], query.terms) if query.terms else \
        best_snippet([content or ""], ())
    return Hit(id=doc_id, number=number, type=type_, issuer=issuer, date=date, subject=subject,
               score=round(-rank, 4) if rank else 0.0, snippet=snippet)


def _facets(conn: sqlite3.Connection) -> dict[str, list[tuple[str, int]]]:
    """Type, issuer, year and body counts over the hits, in one pass over their rows (four
    GROUP BY joins, the body one over every task of every hit, cost several times more)."""
    rows = conn.execute("SELECT d.type, d.issuer_key, d.year, d.body_ids "
                        "FROM temp.hits h JOIN documents d ON d.rowid = h.rid").fetchall()
    if not rows:
        return {}
    types, issuer_keys, year_values, body_ids = zip(*rows)
    # Counters over whole columns (C loops), not one update a row
    types, issuers, years = Counter(types), Counter(issuer_keys), Counter(year_values)
    issuer_names = _issuer_names(conn, [k for k, _ in issuers.most_common(FACET_SIZE)])
    bodies = Counter(" ".join(k for k in body_ids if k).split())
    names = _body_names(conn, [k for k, _ in bodies.most_common(FACET_SIZE)])

    def top(counter: Counter, label=lambda v: v) -> list[tuple[str, int]]:
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], str(label(kv[0]))))
        return [(label(v), n) for v, n in ranked if v and label(v)][:FACET_SIZE]

    return {"type": top(types), "issuer": top(Counter({k: issuers[k] for k in issuer_names}), issuer_names.get),
            "year": sorted(((y, n) for y, n in years.items() if y), reverse=True)[:FACET_SIZE],
            "body": top(Counter({k: bodies[k] for k in names}), names.get)}


def _issuer_names(conn: sqlite3.Connection, keys: list[str]) -> dict[str, str]:
    marks = ",".join("?" * len(keys))
    return dict(conn.execute(f"SELECT issuer_key, issuer_canonical FROM documents WHERE issuer_key IN ({marks}) "
                             "GROUP BY issuer_key", keys).fetchall()) if keys else {}


def _body_names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {str(i): b for i, b in conn.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", [int(i) for i in ids])}
