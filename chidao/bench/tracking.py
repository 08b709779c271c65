"""`chidao bench tracking`: the tracker's lists and writes on the generated corpus of `chidao
bench search` (≥ 10,000 records, ≥ 50,000 tasks), against a baseline measured in the same
run that recomputes every task's state in Python (read every task with its status, compute
its state as of the day, filter). Rows: p95 latency of the overdue list, the due-soon list,
a per-body list and one status change with its history write (target ≤ 50 ms each), and the
time to export the whole ICS and XLSX."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import tempfile
import time
from pathlib import Path

import click

from chidao.bench.timing import percentile


def _baseline(conn, as_of: dt.date, kind: str, body_key: str | None = None) -> int:
    """Every task read and its state computed in Python, then filtered: what a tracker
    without the store's indexes would do."""
    from chidao.index.tracking import task_state

    rows = conn.execute(
        "SELECT t.rowid, t.deadlines, t.rrule, d.date, COALESCE(s.status, 'chua-thuc-hien'), s.completed_on "
        "FROM tasks t JOIN documents d ON d.rowid = t.document_rowid LEFT JOIN task_status s ON s.task_id = t.id").fetchall()
    bodies = {}
    if body_key:
        for rowid, in conn.execute("SELECT task_rowid FROM task_bodies WHERE body_key = ?", (body_key,)):
            bodies[rowid] = True
    hits = 0
    for rowid, deadlines, rrule, doc_date, status, done in rows:
        if body_key and rowid not in bodies:
            continue
        dues = sorted({d["due"] for d in json.loads(deadlines or "[]") if d.get("due") and d["kind"] in ("by", "on")})
        state = task_state(status, done, dues, rrule, doc_date, as_of)
        if kind == "overdue" and state == "dang-thuc-hien-qua-han" or kind == "soon" and state == "sap-den-han" \
                or kind == "body":
            hits += 1
    return hits


def _timed(fn, runs: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _seed_statuses(index, rng: random.Random, as_of: dt.date) -> None:
    """A fifth of the tasks get a recorded status, as a province's tracker would have them."""
    conn = index.store.connection()
    ids = [r[0] for r in conn.execute("SELECT id FROM tasks WHERE id NOT IN (SELECT task_id FROM task_status)")]
    chosen = rng.sample(ids, k=min(len(ids), len(ids) // 5))
    at = dt.datetime.combine(as_of, dt.time(9), dt.timezone.utc)
    with index.store.write() as write:
        from chidao.index.tracking_changes import set_status

        for task_id in chosen:
            status = rng.choice(["dang-thuc-hien", "dang-thuc-hien", "hoan-thanh"])
            try:
                set_status(write, task_id, status, note="", author="bench", at=at, as_of=as_of)
            except Exception:  # noqa: BLE001 - a completion date before a generated document's date
                set_status(write, task_id, "dang-thuc-hien", note="", author="bench", at=at, as_of=as_of)


@click.command(name="tracking")
@click.option("--records", type=click.IntRange(100), default=10_000, show_default=True,
              help="Generated records (the corpus of `chidao bench search`).")
@click.option("--runs", type=click.IntRange(3), default=50, show_default=True, help="Timed runs per row.")
@click.option("--corpus-dir", type=click.Path(path_type=Path), default=None,
              help="Where the generated corpus is built or reused (default: a temporary folder).")
def command(records: int, runs: int, corpus_dir: Path | None) -> None:
    """Tracker lists, status changes and exports against recomputing every state in Python.

    \b
    Example:
      chidao bench tracking --records 10000
    """
    from rich.console import Console
    from rich.table import Table

    from chidao.bench.corpus import build_corpus
    from chidao.config import Config
    from chidao.feeds import task_calendar, task_workbook
    from chidao.index import Index, TaskQuery
    from chidao.index.sqlite_schema import body_key

    console = Console()
    folder = corpus_dir or Path(tempfile.mkdtemp(prefix="chidao-bench-tracking-"))
    home = build_corpus(folder, records)
    index = Index(Config(home=home))
    conn = index.store.connection()
    n_tasks = conn.execute("SELECT count(*) FROM tasks").fetchone()[0]
    as_of = dt.date.fromisoformat(conn.execute("SELECT max(date) FROM documents").fetchone()[0][:10])
    rng = random.Random(7)
    _seed_statuses(index, rng, as_of)
    top = [r[0] for r in conn.execute("SELECT body, count(*) FROM task_bodies GROUP BY body_key ORDER BY 2 DESC LIMIT 20")]
    days = [as_of - dt.timedelta(days=rng.randrange(0, 365)) for _ in range(runs + 1)]
    tracker = index.tracker

    def cycle(values):
        it = itertools.cycle(values)
        return lambda: next(it)

    day, body = cycle(days), cycle([rng.choice(top) for _ in range(runs + 1)])
    rows = [
        ("overdue list", lambda: tracker.tasks(TaskQuery(as_of=day(), overdue=True, limit=200)),
         lambda: _baseline(conn, day(), "overdue")),
        ("due-soon list (7 days)", lambda: tracker.tasks(TaskQuery(as_of=day(), due_soon=7, limit=200)),
         lambda: _baseline(conn, day(), "soon")),
        ("per-body list", lambda: tracker.tasks(TaskQuery(as_of=as_of, body=body(), limit=200)),
         lambda: _baseline(conn, as_of, "body", body_key(body()))),
    ]
    ids = [r[0] for r in conn.execute("SELECT id FROM tasks ORDER BY random() LIMIT ?", (runs + 1,))]
    change = cycle(ids)
    at = dt.datetime.combine(as_of, dt.time(10), dt.timezone.utc)

    def status_change():
        tracker.set_status(change(), "dang-thuc-hien", note="bench", author="bench", at=at, as_of=as_of)

    table = Table(title=f"chidao bench tracking — {records:,} records, {n_tasks:,} tasks, as of {as_of}")
    for name in ("operation", "chidao p50 ms", "chidao p95 ms", "baseline p50 ms", "baseline p95 ms", "target", "met"):
        table.add_column(name, justify="left" if name == "operation" else "right")
    for name, ours, base in rows:
        a, b = _timed(ours, runs), _timed(base, max(3, runs // 10))
        p95 = percentile(a, 95)
        table.add_row(name, f"{percentile(a, 50):.1f}", f"{p95:.1f}", f"{percentile(b, 50):.0f}",
                      f"{percentile(b, 95):.0f}", "≤ 50 ms", "yes" if p95 <= 50 else "no")
    a = _timed(status_change, runs)
    table.add_row("status change + history write", f"{percentile(a, 50):.1f}", f"{percentile(a, 95):.1f}", "—", "—",
                  "≤ 50 ms", "yes" if percentile(a, 95) <= 50 else "no")
    everything = tracker.tasks(TaskQuery(as_of=as_of, limit=n_tasks + 1)).tasks
    start = time.perf_counter()
    ics = task_calendar(everything, name="bench", stamp=at)
    ics_s = time.perf_counter() - start
    start = time.perf_counter()
    xlsx = task_workbook(everything, title="bench", as_of=as_of)
    xlsx_s = time.perf_counter() - start
    table.add_row(f"export ICS, all {len(everything):,} tasks", f"{ics_s * 1000:.0f}", "", "", "", f"{len(ics) / 1e6:.1f} MB", "")
    table.add_row(f"export XLSX, all {len(everything):,} tasks", f"{xlsx_s * 1000:.0f}", "", "", "", f"{len(xlsx) / 1e6:.1f} MB", "")
    index.close()
    console.print(table)
    console.print("baseline: every task read with its status and its state recomputed in Python, then filtered "
                  f"(p50/p95 over {max(3, runs // 10)} runs); chidao: SQL on the store's indexes, one page of 200")
