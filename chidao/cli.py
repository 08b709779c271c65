"""The `chidao` command line: library first, thin CLI. Each command opens what it needs,
calls one library function and prints. Only this module turns ChidaoError into exit codes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from chidao.config import Config
from chidao.errors import ChidaoError


def _config(ctx: click.Context) -> Config:
    return ctx.obj


class _Group(click.Group):
    """Turns ChidaoError into a one-line message and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ChidaoError as err:
            click.echo(f"error: {err.message}", err=True)
            sys.exit(err.exit_code)


@click.group(cls=_Group)
@click.option("--home", type=click.Path(path_type=Path), envvar="CHIDAO_HOME",
              help="Data directory holding the archive and index (env CHIDAO_HOME).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Parallel OCR processes (default: all cores).")
@click.option("--max-pages", type=click.IntRange(1), default=None, envvar="CHIDAO_MAX_PAGES",
              help="Refuse files with more pages than this (default 200; env CHIDAO_MAX_PAGES).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference date for relative deadlines (default: today).")
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
    changes = {}
    if home is not None:
        changes["home"] = home
    if jobs is not None:
        changes["jobs"] = jobs
    if max_pages is not None:
        changes["max_pages"] = max_pages
    if today is not None:
        changes["reference_date"] = today.date()
    ctx.obj = Config().with_(**changes)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
@click.option("--no-restore", is_flag=True, help="Skip diacritic restoration.")
@click.pass_context
def extract(ctx: click.Context, file: Path, as_json: bool, no_restore: bool) -> None:
    """Print the record of FILE without storing it.

    \b
    Example:
      chidao extract samples/004_bf85b1cdd7b62294.txt --json
    """
    from chidao.recipe import build_record
    from chidao.summary import print_record_summary

    config = _config(ctx).with_(restore=not no_restore)
    record = build_record(file, config)
    if as_json:
        click.echo(record.to_json())
    else:
        print_record_summary(record)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], quiet: bool) -> None:
    """Archive every file in PATHS (files and folders, recursive).

    Re-ingesting an unchanged file is a no-op; failed files are listed, copied to the
    quarantine folder, and the batch goes on. Exit status is non-zero if any file failed.

    \b
    Example:
      chidao ingest ~/scans/2024 samples/000_51c4258bd6ed2d1c.txt
    """
    from chidao.batch import ingest_paths

    summary = ingest_paths(list(paths), _config(ctx), show_progress=not quiet)
    if summary.failed:
        sys.exit(2)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.pass_context
def restore(ctx: click.Context, file) -> None:
    """Restore diacritics and repair legacy OCR in FILE (or stdin), to stdout.

    \b
    Example:
      echo "Ban Thuong vu Tinh uy yeu cau" | chidao restore
    """
    from nlp import restore_diacritics

    click.echo(restore_diacritics(file.read()), nl=False)


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
    from flows import ingest_flow

    config = _config(ctx)
    result = ingest_flow([str(p) for p in paths], home=str(config.home),
                         reference_date=config.reference_date.isoformat())
    click.echo(f"added {result['added']}, unchanged {result['unchanged']}, "
               f"failed {len(result['failed'])} ({result['pages']} pages read)")
    if result["failed"]:
        sys.exit(2)


@flow.command(name="serve")
@click.argument("inbox", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--every", "every_minutes", type=click.IntRange(1), default=15, show_default=True,
              help="Minutes between runs.")
@click.pass_context
def flow_serve(ctx: click.Context, inbox: Path, every_minutes: int) -> None:
    """Ingest everything dropped into INBOX every few minutes, until interrupted.

    \b
    Example:
      chidao flow serve /srv/scans/inbox --every 10
    """
    from flows import serve_inbox

    serve_inbox(str(inbox.resolve()), str(_config(ctx).home), every_minutes)
