"""The `chidao` command line: library first, thin CLI. Each command opens what it needs,
calls one library function and prints. Only this package turns ChidaoError into exit codes.

Commands live in one module per area (archive, flows, benchmarks …); each registers itself
on `main` when imported below."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from chidao.config import Config, load_config
from chidao.errors import ChidaoError


class _Group(click.Group):
    """Turns ChidaoError into a one-line message and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ChidaoError as err:
            click.echo(f"error: {err.message}", err=True)
            sys.exit(err.exit_code)


def config_of(ctx: click.Context) -> Config:
    """The run's Config, built once from the global options and the environment."""
    root = ctx.find_root()
    if not isinstance(root.obj, Config):
        root.obj = load_config(**(root.obj or {}))
    return root.obj


@click.group(cls=_Group)
@click.option("--home", type=click.Path(path_type=Path),
              help="Data directory holding the archive and index (env CHIDAO_HOME).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Parallel OCR processes (default: all cores; env CHIDAO_JOBS).")
@click.option("--max-pages", type=click.IntRange(1), default=None,
              help="Refuse files with more pages than this (default 200; env CHIDAO_MAX_PAGES).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The 'as of' date: relative deadlines, overdue and due-soon states "
                   "(default: today; env CHIDAO_TODAY).")
@click.version_option(package_name="chidao")
@click.pass_context
def main(ctx: click.Context, home: Path | None, jobs: int | None, max_pages: int | None,
         today: dt.datetime | None) -> None:
    """chidao: scanned Vietnamese directives into a searchable, trackable record.

    \b
    Example:
      chidao ingest samples/          # archive every document in a folder
      chidao extract scan.pdf --json  # print one record without storing it
    """
    # Built lazily (config_of), so `--help` works whatever the environment says.
    ctx.obj = {"home": home, "jobs": jobs, "max_pages": max_pages,
               "today": today.date() if today else None}


from chidao.cli import archive as _archive  # noqa: E402,F401  (registers its commands)
from chidao.cli import bench as _bench  # noqa: E402,F401
from chidao.cli import flow as _flow  # noqa: E402,F401
from chidao.cli import search as _search  # noqa: E402,F401
from chidao.cli import tracking as _tracking  # noqa: E402,F401
from chidao.cli import web as _web  # noqa: E402,F401

__all__ = ["config_of", "main"]
