"""`chidao flow …`: the same work as Prefect flows (run history, per-file task runs,
schedules). Every global option reaches the flow through the one Config."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chidao.cli import config_of, main


@main.group()
def flow() -> None:
    """Run ingest as Prefect flows (run history, per-file task runs, schedules)."""


@flow.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def flow_ingest(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Archive PATHS through the Prefect ingest flow (one task run per file).

    \b
    Example:
      chidao flow ingest ~/scans/inbox
    """
    from chidao.flows import ingest_flow

    config = config_of(ctx)
    result = ingest_flow([str(p) for p in paths], settings=config.settings())
    click.echo(result["line"])
    if result["failed"]:
        sys.exit(2)
