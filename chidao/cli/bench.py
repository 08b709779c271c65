"""`chidao bench NAME`: each benchmark module exports a click `command`."""

from __future__ import annotations

from chidao.cli import main


@main.group()
def bench() -> None:
    """Benchmarks: each prints a table with its baseline measured in the same run."""


def _add_bench_commands() -> None:
    from chidao.bench import extract as bench_extract
    from chidao.bench import ingest as bench_ingest
    from chidao.bench import ocr as bench_ocr
    from chidao.bench import restore as bench_restore
    from chidao.bench import search as bench_search
    from chidao.bench import tracking as bench_tracking
    from chidao.bench import web as bench_web

    for module in (bench_ocr, bench_restore, bench_extract, bench_search):
        bench.add_command(module.command)
    bench.add_command(bench_ingest.command)
    bench.add_command(bench_web.command)
    bench.add_command(bench_tracking.command)


_add_bench_commands()
