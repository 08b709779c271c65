"""`chidao bench NAME`: each benchmark module exports a click `command`."""

from __future__ import annotations

import click

from chidao.cli import main


@main.group()
def bench() -> None:
    """Benchmarks: each prints a table with its baseline measured in the same run."""


def _add_bench_commands() -> None:
    from chidao.bench import extract as bench_extract
    from chidao.bench import ocr as bench_ocr
    from chidao.bench import restore as bench_restore

    for module in (bench_ocr, bench_restore, bench_extract):
        bench.add_command(module.command)


_add_bench_commands()
