"""`chidao bench web`: the web app over the generated corpus (chidao.bench.corpus, 10,000
records by default), served by `chidao serve` in a second process on loopback (reading open),
measured from this process with HTTP requests: p50/p95 latency of the search page, a document
page and the task board (one client, keep-alive), then requests per second with 10 clients at
once. Baseline, in the same run: the same queries through the library calls each page makes,
without HTTP or HTML (their p50/p95, and their rate on one thread).

Target: p95 ≤ 150 ms for each page."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlencode

import click

SEARCHES = ["chuyen doi so", "chính quyền thân thiện", "phong chong thien tai", "\"cải cách hành chính\"",
            "Sở Nội vụ", "ke hoach trien khai", "bao cao ket qua", "nông thôn mới", "quy* loai:\"Kế hoạch\"",
            "an toan giao thong", "chuyển đổi số tu:2024-01-01", "TB 135", "dan chu co so", "y te",
            "giáo dục đào tạo", "phát triển kinh tế xã hội", ""]  # "": the landing page, every document
BOARD = [{}, {"lane": "sap-den-han"}, {"lane": "dang-thuc-hien"}, {"lane": "hoan-thanh"},
         {"lane": "qua-han", "page": "3"}, {"lane": "dang-thuc-hien", "page": "2"}]
# The board filtered by a body (lead or cooperating), its own row.
BOARD_BY_BODY = [{"body": "Sở Nội vụ"}, {"body": "Sở Tài chính", "lane": "dang-thuc-hien"},
                 {"body": "Sở Y tế", "lane": "hoan-thanh"}, {"body": "Công an tỉnh", "lane": "sap-den-han"},
                 {"body": "Sở Giáo dục và Đào tạo", "lane": "qua-han", "page": "2"}]
TARGET_MS = 150.0


@dataclass
class Row:
    name: str
    lib: list[float] = field(default_factory=list)       # seconds per call, library
    http: list[float] = field(default_factory=list)      # seconds per request, one client
    rps: float = 0.0                                     # requests per second, N clients
    lib_rate: float = 0.0                                # calls per second, library, one thread
    errors: int = 0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _server(home: Path, today: str, port: int):
    """`chidao serve` over `home` in a second process, reading open; stopped on exit."""
    import httpx

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CHIDAO_ES_URL", None)
    cmd = [sys.executable, "-c", "from chidao.cli import main; main()", "--home", str(home), "--today", today,
           "serve", "--host", "127.0.0.1", "--port", str(port), "--open-reading"]
    log = open(home / "bench-web-server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise click.ClickException(f"the server stopped (exit {proc.returncode}); see {log.name}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise click.ClickException(f"the server did not answer within 120 s; see {log.name}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _workload(index, config, seed: int, per_kind: int):
    """(name, [(url, library call)]) for the search page, a document page and the task board."""
    from chidao.index import TaskQuery, parse_query
    from chidao.pipeline import Archive
    from chidao.web.documents import document_view
    from chidao.web.stats import LANE_STATES, lane_page, state_counts

    rng = random.Random(seed)
    as_of = config.reference_date
    ids = [r[0] for r in index.store.connection().execute("SELECT id FROM documents ORDER BY rowid")]
    archive = Archive(config.home)

    def search(q: str) -> Callable[[], object]:
        return lambda: index.search(parse_query(q, limit=20))

    def document(doc_id: str) -> Callable[[], object]:
        return lambda: document_view(index, archive, doc_id, as_of)

    def board(params: dict) -> Callable[[], object]:
        def run():
            base = TaskQuery(as_of=as_of, body=params.get("body"))
            counts = state_counts(index.store, base)
            lane = params.get("lane") or next((k for k, states in LANE_STATES.items()
                                               if sum(counts[s] for s in states)), "qua-han")
            offset = (int(params.get("page", 1)) - 1) * 50
            return lane_page(index.tracker, base, lane, counts, offset, 50)
        return run

    docs = [rng.choice(ids) for _ in range(per_kind)] if ids else []
    return [
        ("search page", [(f"/search?{urlencode({'q': SEARCHES[i % len(SEARCHES)]})}", search(SEARCHES[i % len(SEARCHES)]))
                         for i in range(per_kind)]),
        ("document page", [(f"/documents/{quote(d, safe=':')}", document(d)) for d in docs]),
        ("task board", [(f"/tasks?{urlencode(BOARD[i % len(BOARD)])}", board(BOARD[i % len(BOARD)]))
                        for i in range(per_kind)]),
        ("task board by body", [(f"/tasks?{urlencode(BOARD_BY_BODY[i % len(BOARD_BY_BODY)])}",
                                 board(BOARD_BY_BODY[i % len(BOARD_BY_BODY)])) for i in range(per_kind)]),
    ]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _throughput(base: str, urls: list[str], clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second with `clients` threads, each its own keep-alive client, for `seconds`."""
    import httpx

    stop = time.monotonic() + seconds
    counts, errors, lock = [0], [0], threading.Lock()

    def worker(k: int) -> None:
        with httpx.Client(base_url=base, timeout=600) as client:
            i = k
            while time.monotonic() < stop:
                response = client.get(urls[i % len(urls)])
                with lock:
                    counts[0] += 1
                    errors[0] += response.status_code != 200
                i += clients
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    return counts[0] / (time.perf_counter() - start), errors[0]


def run_bench(records: int, per_kind: int, clients: int, seconds: float, corpus: Path | None,
              today: str, seed: int = 0) -> tuple[list[Row], dict]:
    import httpx

    from chidao.bench.corpus import build_corpus, corpus_home, corpus_meta
    from chidao.config import Config
    from chidao.index import open_index

    home = Path(corpus) if corpus else corpus_home(records)
    t0 = time.perf_counter()
    build_corpus(home, records)
    build_s = time.perf_counter() - t0
    import datetime as dt

    config = Config(home=home, reference_date=dt.date.fromisoformat(today), jobs=1)
    rows: list[Row] = []
    with open_index(config) as index:
        work = _workload(index, config, seed, per_kind)
        for name, calls in work:
            row = Row(name)
            for _, call in calls[:1]:
                call()                                  # warm the page cache and the connection
            row.lib = [_timed(call) for _, call in calls]
            row.lib_rate = len(row.lib) / sum(row.lib) if row.lib else 0.0
            rows.append(row)
    with _server(home, today, _free_port()) as base:
        with httpx.Client(base_url=base, timeout=600) as client:
            for row, (_, calls) in zip(rows, work):
                for url, _ in calls[:1]:
                    client.get(url)
                for url, _ in calls:
                    start = time.perf_counter()
                    response = client.get(url)
                    row.http.append(time.perf_counter() - start)
                    row.errors += response.status_code != 200
        for row, (_, calls) in zip(rows, work):
            row.rps, errors = _throughput(base, [u for u, _ in calls], clients, seconds)
            row.errors += errors
    meta = corpus_meta(home)
    meta.update(build_s=round(build_s, 1), home=str(home))
    return rows, meta


def print_table(rows: list[Row], meta: dict, clients: int, per_kind: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(130, Console().width))
    table = Table(title=f"chidao bench web — {meta.get('n', '?'):,} documents, {meta.get('tasks', 0):,} tasks; "
                        f"{per_kind} requests per page (baseline: the same library calls without HTTP, same run)")
    table.add_column("page")
    for head in ("library p50 ms", "library p95 ms", "HTTP p50 ms", "HTTP p95 ms", f"req/s, {clients} clients",
                 "library calls/s, 1 thread", f"p95 ≤ {TARGET_MS:.0f} ms", "errors"):
        table.add_column(head, justify="right")
    for r in rows:
        p95 = _pct(r.http, 0.95)
        table.add_row(r.name, f"{_pct(r.lib, .5):.1f}", f"{_pct(r.lib, .95):.1f}", f"{_pct(r.http, .5):.1f}",
                      f"{p95:.1f}", f"{r.rps:.1f}" if r.rps else "—", f"{r.lib_rate:.1f}", "yes" if p95 <= TARGET_MS else "NO",
                      str(r.errors))
    console.print(table)
    console.print(f"server: `chidao serve` (uvicorn, one process) on loopback, reading open; corpus {meta.get('home')} "
                  f"(ready in {meta.get('build_s')} s); CPU cores: {os.cpu_count()}")


@click.command(name="web")
@click.option("--records", type=click.IntRange(1), default=10_000, show_default=True,
              help="Generated documents in the corpus (built once, then reused).")
@click.option("--requests", "per_kind", type=click.IntRange(1), default=100, show_default=True,
              help="Timed requests per page kind (and library calls).")
@click.option("--clients", type=click.IntRange(1, 64), default=10, show_default=True,
              help="Concurrent clients for the requests-per-second column.")
@click.option("--seconds", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="How long each page kind is hammered by the concurrent clients.")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Where the corpus home is kept (default: $CHIDAO_HOME or the temp dir, bench-corpus-N).")
@click.pass_context
def command(ctx: click.Context, records: int, per_kind: int, clients: int, seconds: float, corpus: Path | None) -> None:
    """Latency and throughput of the web app's pages vs the library calls behind them.

    \b
    Example:
      chidao --today 2025-06-01 bench web
      chidao bench web --records 1000 --requests 30 --seconds 3
    """
    from chidao.cli import config_of

    today = config_of(ctx).reference_date.isoformat()
    rows, meta = run_bench(records, per_kind, clients, seconds, corpus, today)
    print_table(rows, meta, clients, per_kind)


__all__ = ["command", "run_bench"]
