"""`chidao bench search`: search speed and relevance on a generated corpus (chidao/bench/corpus.py),
against a naive baseline measured in the same run on the same records.

Baseline ("LIKE scan"): a plain SQLite table (id, date, type, folded subject + text) in
baseline.db beside the corpus; query words folded with chidao's own `fold`, then
`WHERE folded LIKE '%w1%' AND folded LIKE '%w2%' … ORDER BY date DESC LIMIT 20` (a phrase or a
document number is one LIKE pattern); no index but the primary key. chidao: SqliteStore.search
(FTS5 bm25 with the page, the total and the facets), timed wall-clock from the typed text.

Queries are drawn (seeded) from the generated records so that each has hits: words of a
subject with accents, the same folded, a quoted 3-word phrase of a task, a document number as
printed, and words + type + the document's year. Relevance: each bundled sample (read by the
real pipeline, OCR included) is added to the corpus for the run and searched for as a
secretary would: 2–3 words of its subject (those the fewest documents match), the same
without accents, and its number (a quoted subject phrase when it has none)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import click

from chidao.bench.corpus import build_corpus, corpus_home, corpus_meta, generate_records
from chidao.bench.timing import fmt_ms, fmt_rate, p50_p95_ms, timed

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
KINDS = ("accented", "unaccented", "phrase", "number", "filtered")
TARGET_P95_MS = {"small": 50.0, "large": 150.0}
RATE_RECORDS = 2000
_STOP = set("của và về các cho trong với đến tại theo năm ngày tháng những được là có này trên một số để đã "
            "đối hoặc như từ khi thì do vào".split())
_PURE = re.compile(r"^[^\W\d_]+$")


# -- the baseline --------------------------------------------------------------------------------
class LikeScan:
    """The naive baseline: folded text in a plain table, every query a scan."""

    def __init__(self, path: Path):
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, date TEXT, type TEXT, folded TEXT)")

    @staticmethod
    def row(record_id: str, date: str | None, type_: str | None, subject: str | None, content: str) -> tuple:
        from chidao.index.fold import fold, nfc

        return record_id, date, type_, " ".join(fold(nfc(f"{subject or ''}\n{content}")).lower().split())

    def add(self, rows: list[tuple]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT OR REPLACE INTO docs VALUES (?,?,?,?)", rows)
        self.conn.execute("COMMIT")

    def remove(self, ids: list[str]) -> None:
        self.conn.executemany("DELETE FROM docs WHERE id = ?", [(i,) for i in ids])

    def _sql(self, q: "Query") -> tuple[str, list]:
        from chidao.index.fold import fold

        where, args = [], []
        for pattern in q.like:
            where.append("folded LIKE ?")
            args.append("%" + fold(pattern).lower() + "%")
        if q.type:
            where.append("type = ?")
            args.append(q.type)
        if q.date_from:
            where.append("date BETWEEN ? AND ?")
            args += [q.date_from, q.date_to]
        return "SELECT id FROM docs WHERE " + " AND ".join(where or ["1"]) + " ORDER BY date DESC", args

    def search(self, q: "Query", limit: int = 20) -> list[str]:
        sql, args = self._sql(q)
        return [r[0] for r in self.conn.execute(sql + " LIMIT ?", (*args, limit))]

    def all(self, q: "Query") -> list[str]:
        sql, args = self._sql(q)
        return [r[0] for r in self.conn.execute(sql, args)]

    def close(self) -> None:
        self.conn.close()


@dataclass(frozen=True)
class Query:
    """One query as typed into chidao (`text` + filters) and as the baseline's LIKE patterns."""

    kind: str
    text: str
    like: tuple[str, ...]
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def chidao(self, **paging):
        from chidao.index import parse_query

        return parse_query(self.text, type=self.type, date_from=self.date_from, date_to=self.date_to, **paging)


def _words_query(kind: str, words: list[str], **filters) -> Query:
    return Query(kind, " ".join(words), tuple(words), **filters)


# -- drawing queries from the corpus ------------------------------------------------------------
def _windows(text: str, lo: int, hi: int, need_marks: bool = False) -> list[list[str]]:
    """Runs of whole words (underthesea's: "chuyển đổi" is one) of `lo`–`hi` syllables in all,
    no digits or punctuation between them, no stop word at either end; as lower-case syllables."""
    from underthesea import word_tokenize

    from chidao.index.fold import has_marks

    tokens = [t.lower().split() for t in word_tokenize(text)]
    out = []
    for i in range(len(tokens)):
        run: list[str] = []
        for token in tokens[i:i + hi]:
            if not all(_PURE.match(w) for w in token) or (not run and token[0] in _STOP):
                break
            run = run + token
            if len(run) > hi:
                break
            if len(run) >= lo and run[-1] not in _STOP and (not need_marks or any(has_marks(w) for w in run)):
                out.append(run)
    return out


def draw_queries(store, count: int, seed: int) -> dict[str, list[Query]]:
    """`count` queries of each kind, each taken from a generated record (so it has hits)."""
    from chidao.index.fold import fold

    conn = store.connection()
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM documents WHERE path LIKE 'generated/%' ORDER BY rowid")]
    rng = random.Random(f"bench-search:{seed}")
    out: dict[str, list[Query]] = {k: [] for k in KINDS}
    for _ in range(50 * count):
        if all(len(v) >= count for v in out.values()):
            break
        rowid = rng.choice(rowids)
        number, type_, date, subject = conn.execute(
            "SELECT number, type, date, subject FROM documents WHERE rowid = ?", (rowid,)).fetchone()
        tasks = [r[0] for r in conn.execute("SELECT text FROM tasks WHERE document_rowid = ?", (rowid,))]
        subject = subject or ""
        if len(out["accented"]) < count and (w := _windows(subject, 2, 4, need_marks=True)):
            words = rng.choice(w)
            out["accented"].append(_words_query("accented", words))
            out["unaccented"].append(_words_query("unaccented", [fold(x) for x in words]))
        if len(out["phrase"]) < count and tasks and (w := _windows(rng.choice(tasks), 3, 4)):
            words = rng.choice(w)
            out["phrase"].append(Query("phrase", '"' + " ".join(words) + '"', (" ".join(words),)))
        if len(out["number"]) < count and number:
            out["number"].append(Query("number", number, (number,)))
        if len(out["filtered"]) < count and type_ and date and (w := _windows(subject, 2, 3)):
            year = date[:4]
            out["filtered"].append(_words_query("filtered", rng.choice(w), type=type_, date_from=f"{year}-01-01",
                                                date_to=f"{year}-12-31"))
    return out


# -- the samples ------------------------------------------------------------------------------------
def sample_records() -> list:
    """Every bundled sample read by the real pipeline (OCR for the PDF and the PNG)."""
    from chidao.config import Config
    from chidao.recipe import build_record

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(home=Path(tmp), reference_date=dt.date(2025, 1, 1))
        return [build_record(p, config) for p in sorted(SAMPLES.iterdir()) if p.is_file()]


def sample_queries(record, matches) -> list[Query]:
    """What a secretary who knows the document types: its trích yếu (the subject line, up to
    14 words) with accents, the same without, and the number as printed (without one, the run
    of 3–6 subject words the fewest documents match, `matches(query)`, quoted as a phrase)."""
    from chidao.index.fold import fold

    subject = record.document.subject or " ".join(record.text.content.split()[:40])
    words = [w for w in subject.lower().split() if any(c.isalnum() for c in w)][:14]
    runs = _windows(subject, 3, 6, need_marks=True) or _windows(subject, 2, 6) or [words[:3]]
    ranked = sorted(runs, key=lambda run: (matches(_words_query("accented", run)), -len(run)))
    out = [_words_query("accented", words), _words_query("unaccented", [fold(w) for w in words])]
    if record.document.number:
        out.append(Query("number", record.document.number, (record.document.number,)))
    else:
        phrase = " ".join(ranked[0])
        out.append(Query("phrase (no number)", f'"{phrase}"', (phrase,)))
    return out


def chidao_rank(store, q: Query, target: str) -> tuple[int | None, int]:
    """The target's 1-based rank in chidao's relevance order (None past the 1,000 first, the
    most one page holds), and the total."""
    result = store.search(q.chidao(limit=1000))
    return next((k + 1 for k, hit in enumerate(result.hits) if hit.id == target), None), result.total


def fts_matches(store, q: Query) -> int:
    """Documents chidao matches for the query's words (its FTS expression alone: no ranking,
    page or facets, so choosing among many candidate queries stays cheap)."""
    from chidao.index.sqlite_search import match_expression

    expr = match_expression(q.chidao())
    return store.connection().execute("SELECT count(*) FROM doc_fts WHERE doc_fts MATCH ?", (expr,)).fetchone()[0] \
        if expr else 0


# -- one corpus size ------------------------------------------------------------------------------
@dataclass
class SizeResult:
    n: int
    label: str
    times: dict[str, dict[str, list[float]]] = field(default_factory=dict)   # system → kind → seconds
    hits: dict[str, list[int]] = field(default_factory=dict)                  # kind → chidao totals
    size_mb: dict[str, float] = field(default_factory=dict)
    build_rate: float | None = None
    build_note: str = ""
    ranks: dict[tuple[str, str], dict[str, tuple]] = field(default_factory=dict)  # (sample, kind) → system → (rank, total)
    equal: dict[tuple[str, str], int] = field(default_factory=dict)  # documents as good a match (see _equals)


def _baseline_for(home: Path) -> LikeScan:
    """baseline.db beside the corpus, rebuilt when the corpus was rebuilt."""
    from chidao.index import DB_NAME

    stamp = corpus_meta(home).get("built")
    meta_path = home / "baseline.json"
    with contextlib.suppress(OSError, ValueError):
        if json.loads(meta_path.read_text())["corpus_built"] == stamp and (home / "baseline.db").exists():
            return LikeScan(home / "baseline.db")
    (home / "baseline.db").unlink(missing_ok=True)
    base = LikeScan(home / "baseline.db")
    src = sqlite3.connect(home / DB_NAME)
    cur = src.execute("SELECT d.id, d.date, d.type, d.subject, f.content FROM documents d "
                      "JOIN doc_fts f ON f.rowid = d.rowid WHERE d.path LIKE 'generated/%'")
    while rows := cur.fetchmany(1000):
        base.add([LikeScan.row(*r) for r in rows])
    src.close()
    meta_path.write_text(json.dumps({"corpus_built": stamp}), encoding="utf-8")
    return base


def run_size(n: int, label: str, root: Path | None, seed: int, count: int, samples: list, console,
             sample_qs: dict[str, list[Query]] | None) -> tuple[SizeResult, dict[str, list[Query]]]:
    """Build (or reuse) the corpus of `n` records and its baseline table, add the samples for
    the run, time every query on both systems, rank the samples; the samples are removed again."""
    from chidao.index import DB_NAME, SqliteStore

    home = corpus_home(n, root)
    with console.status(f"corpus of {n:,} records in {home} …") as status:
        build_corpus(home, n, seed, on_progress=lambda k: status.update(f"building {home}: {k:,}/{n:,} records"))
        status.update(f"baseline table for {n:,} records …")
        base = _baseline_for(home)
        meta = corpus_meta(home)
        out = SizeResult(n, label, build_rate=n / meta["index_s"] if meta.get("index_s") else None,
                         build_note=f"built {meta.get('built', '?')}")
        store = SqliteStore(home / DB_NAME)
        store.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        out.size_mb = {"chidao": _mb(home / DB_NAME), "LIKE": _mb(home / "baseline.db")}
        try:
            store.add_many(samples)
            base.add([LikeScan.row(r.id, r.document.date, r.document.type, r.document.subject, r.text.content)
                      for r in samples])
            queries = draw_queries(store, count, seed)
            systems = {"LIKE": lambda q: base.search(q), "chidao": lambda q: store.search(q.chidao())}
            for system, run in systems.items():
                out.times[system] = {}
                for kind, qs in queries.items():
                    status.update(f"{n:,} records: {len(qs)} {kind} queries, {system} …")
                    if qs:
                        run(qs[0])  # warm-up
                    answers = [timed(lambda: run(q)) for q in qs]
                    out.times[system][kind] = [s for _, s in answers]
                    if system == "chidao":
                        out.hits[kind] = [a.total for a, _ in answers]
            status.update(f"{n:,} records: ranking the samples …")
            if sample_qs is None:  # chosen on the first corpus, asked of every one
                sample_qs = {r.id: sample_queries(r, lambda q: fts_matches(store, q)) for r in samples}
            equals = _equals(store)
            for r in samples:
                name = Path(r.source.path).name
                for q in sample_qs[r.id]:
                    ranked = base.all(q)
                    out.ranks[(name, q.kind)] = {
                        "chidao": chidao_rank(store, q, r.id),
                        "LIKE": ((ranked.index(r.id) + 1) if r.id in ranked else None, len(ranked))}
                    out.equal[(name, q.kind)] = equals(q)
        finally:
            with contextlib.suppress(Exception):
                for r in samples:
                    store.remove(r.id)
                base.remove([r.id for r in samples])
            store.close()
            base.close()
    return out, sample_qs


def _equals(store):
    """How many documents match a sample's query as well as the sample itself can: those
    with the same number, or with every query word (the phrase) in their subject. More than
    one, and rank 1 is luck (the query is ambiguous)."""
    from chidao.index import number_key
    from chidao.index.fold import fold

    conn = store.connection()
    subjects = [" " + " ".join(fold(s or "").lower().replace(",", " ").split()) + " "
                for (s,) in conn.execute("SELECT subject FROM documents")]

    def count(q: Query) -> int:
        if q.kind == "number":
            return conn.execute("SELECT count(*) FROM documents WHERE number_key = ?",
                                (number_key(q.text),)).fetchone()[0]
        needles = [f" {fold(x).lower()} " for x in q.like]
        return sum(all(n in s for n in needles) for s in subjects)
    return count


def indexing_rates(m: int, seed: int) -> dict[str, float]:
    """Records per second into a fresh store: chidao's add_many (batches of 1,000) vs the
    baseline's folded-text insert, the same `m` generated records."""
    from chidao.index import SqliteStore

    records = list(generate_records(m, seed))
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "chidao.db")
        _, chidao_s = timed(lambda: [store.add_many(records[k:k + 1000]) for k in range(0, m, 1000)])
        store.close()
        base = LikeScan(Path(tmp) / "baseline.db")
        _, like_s = timed(lambda: [base.add([LikeScan.row(r.id, r.document.date, r.document.type, r.document.subject,
                                                           r.text.content) for r in records[k:k + 1000]])
                                   for k in range(0, m, 1000)])
        base.close()
    return {"chidao": m / chidao_s, "LIKE": m / like_s}


def _mb(path: Path) -> float:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists()) / 1e6


# -- the command --------------------------------------------------------------------------------------
@click.command(name="search")
@click.option("--records", default=10_000, show_default=True, type=click.IntRange(100),
              help="Generated records in the main corpus.")
@click.option("--large", default=100_000, show_default=True, type=click.IntRange(100),
              help="Generated records in the large corpus (growth).")
@click.option("--no-large", is_flag=True, help="Skip the large corpus.")
@click.option("--queries", default=50, show_default=True, type=click.IntRange(1), help="Queries of each kind.")
@click.option("--corpus-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where generated corpora are kept and reused (default: $CHIDAO_HOME or the temp dir).")
@click.option("--seed", default=0, show_default=True, help="Seed of the generated corpus and the queries.")
def command(records: int, large: int, no_large: bool, queries: int, corpus_dir: Path | None, seed: int) -> None:
    """Search latency (p50/p95 over five kinds of query), indexing rate, index size and the
    rank of each bundled sample for a secretary's queries: chidao vs a naive LIKE scan over
    folded text, on a generated corpus of --records (and --large) directives, built once
    and reused from --corpus-dir.

    \b
    Example:
      chidao bench search                      # 10,000 and 100,000 records
      chidao bench search --records 2000 --no-large --queries 20
    """
    from rich.console import Console

    console = Console(width=max(150, Console().width))
    with console.status("reading the bundled samples (OCR for the scans) …"):
        samples = sample_records()
    with console.status(f"indexing rate on {min(records, RATE_RECORDS):,} fresh records …"):
        rates = indexing_rates(min(records, RATE_RECORDS), seed)
    sizes = [(records, "small")] + ([] if no_large else [(large, "large")])
    results, sample_qs = [], None
    for n, label in sizes:
        result, sample_qs = run_size(n, label, corpus_dir, seed, queries, samples, console, sample_qs)
        results.append(result)
    _print(console, results, rates, min(records, RATE_RECORDS), samples, sample_qs)


def _rank(cell: tuple[int | None, int]) -> str:
    rank, total = cell
    return f"{rank} / {total}" if rank else f"{'>1000' if total > 1000 else '—'} / {total}"


def _print(console, results: list[SizeResult], rates: dict[str, float], rate_n: int, samples: list,
           sample_qs: dict[str, list[Query]]) -> None:
    from rich.table import Table

    table = Table(title="chidao bench search — each cell: LIKE scan → chidao (same run, same records)")
    table.add_column("measure")
    for r in results:
        table.add_column(f"{r.n:,} records", justify="right")
        table.add_column("target", justify="left")
    if len(results) > 1:
        table.add_column(f"chidao p95 growth ×{results[-1].n // results[0].n}", justify="right")
    pad = ["", ""] * (len(results) - 1) + ([""] if len(results) > 1 else [])
    table.add_row(f"indexing rate, fresh db, {rate_n:,} records (rec/s)",
                  f"{fmt_rate(rates['LIKE'])} → {fmt_rate(rates['chidao'])}", "", *pad)
    table.add_row("chidao corpus build rate (rec/s)",
                  *[c for r in results for c in (fmt_rate(r.build_rate) if r.build_rate else "—", r.build_note)],
                  *([""] if len(results) > 1 else []))
    for kind in KINDS:
        cells = []
        for r in results:
            like, ours = p50_p95_ms(r.times["LIKE"][kind]), p50_p95_ms(r.times["chidao"][kind])
            goal = TARGET_P95_MS[r.label]
            cells += [f"{fmt_ms(like[0])} / {fmt_ms(like[1])} → {fmt_ms(ours[0])} / {fmt_ms(ours[1])}",
                      f"p95 ≤ {goal:.0f} {'✓' if ours[1] <= goal else '✗'}"]
        if len(results) > 1:
            first, last = (p50_p95_ms(r.times["chidao"][kind])[1] for r in (results[0], results[-1]))
            cells.append(f"{last / first:.1f}×" if first else "—")
        table.add_row(f"{kind} p50 / p95 (ms)", *cells)
    table.add_row("index size on disk (MB)",
                  *[c for r in results for c in (f"{r.size_mb['LIKE']:.0f} → {r.size_mb['chidao']:.0f}", "")],
                  *([f"{results[-1].size_mb['chidao'] / max(results[0].size_mb['chidao'], 1e-9):.1f}×"]
                    if len(results) > 1 else []))
    console.print(table)
    for r in results:
        med = {k: sorted(v)[len(v) // 2] if v else 0 for k, v in r.hits.items()}
        console.print(f"{r.n:,} records, {sum(len(v) for v in r.times['chidao'].values()) // len(KINDS)} queries "
                      "of each kind after one warm-up; median hits (chidao total): "
                      + ", ".join(f"{k} {v:,}" for k, v in med.items()))

    rel = Table(title="relevance: rank of each bundled sample among all records (rank / matches); "
                      "chidao ranks by relevance, the LIKE scan by date (newest first)")
    rel.add_column("sample")
    rel.add_column("query")
    rel.add_column("typed")
    for r in results:
        rel.add_column(f"LIKE {r.n:,}", justify="right")
        rel.add_column(f"chidao {r.n:,}", justify="right")
    rel.add_column("docs with it in subject / number", justify="right")
    firsts = {"all": [0, 0], "unambiguous": [0, 0]}  # [rank 1, queries] for chidao
    for record in samples:
        name = Path(record.source.path).name
        for q in sample_qs[record.id]:
            cells = []
            for r in results:
                cells += [_rank(r.ranks[(name, q.kind)]["LIKE"]), _rank(r.ranks[(name, q.kind)]["chidao"])]
                for group in ("all", "unambiguous") if r.equal[(name, q.kind)] == 1 else ("all",):
                    firsts[group][0] += r.ranks[(name, q.kind)]["chidao"][0] == 1
                    firsts[group][1] += 1
            rel.add_row(name, q.kind, q.text, *cells, ", ".join(str(r.equal[(name, q.kind)]) for r in results))
    console.print(rel)
    console.print(f"target: rank 1 for every query; chidao: rank 1 in {firsts['all'][0]} of {firsts['all'][1]}, "
                  f"and in {firsts['unambiguous'][0]} of the {firsts['unambiguous'][1]} where no other document has "
                  "the words in its subject (or the number). "
                  "Accented queries: the sample's trích yếu (up to 14 words); "
                  "'phrase (no number)': the sample has no number, so a quoted subject phrase stands in.")
