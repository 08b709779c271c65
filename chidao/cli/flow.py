"""`chidao flow …`: the same work as Prefect flows (run history, per-file task runs,
schedules). Every global option reaches the flow through the one Config, as parameters.

Without PREFECT_API_URL each command starts Prefect's ephemeral server for itself (8-14 s);
with it, runs are recorded on that server and show in its UI."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from chidao.cli import config_of, main


@main.group()
def flow() -> None:
    """Run ingest, the inbox, reindex and the digest as Prefect flows (run history, schedules)."""


def _runner_options(command):
    """--workers / --dask-address / --dask-workers, passed on as `runner`."""
    @click.option("--workers", type=click.IntRange(1, 64), default=None,
                  help="Files ingested at once with threads (default: min(jobs, 4)).")
    @click.option("--dask-address", metavar="tcp://HOST:PORT",
                  help="Run the per-file tasks on this existing Dask cluster (its workers need chidao and "
                       "the same --home, and PREFECT_API_URL to report to).")
    @click.option("--dask-workers", type=click.IntRange(1, 256), default=None,
                  help="Start a local Dask cluster of N worker processes for the run (the cores are shared out).")
    @functools.wraps(command)
    def wrapper(*args, workers, dask_address, dask_workers, **kwargs):
        runner = {"workers": workers, "dask_address": dask_address, "dask_workers": dask_workers}
        return command(*args, runner={k: v for k, v in runner.items() if v}, **kwargs)
    return wrapper


def _settings(ctx: click.Context, scheduled: bool = False) -> dict:
    """The run's settings; a schedule leaves the reference date out (each run uses its day)
    unless --today or CHIDAO_TODAY fixed one."""
    import os

    given = ctx.find_root().obj       # the global options, until config_of replaces them
    fixed = bool(isinstance(given, dict) and given.get("today")) or bool(os.environ.get("CHIDAO_TODAY"))
    settings = config_of(ctx).settings()
    if scheduled and not fixed:
        settings.pop("reference_date")
    return settings


def _finish(result: dict) -> None:
    click.echo(result["line"])
    if result.get("catch_up"):
        click.echo(result["catch_up"], err=True)
    if result["failed"]:
        sys.exit(2)


@flow.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_runner_options
@click.pass_context
def flow_ingest(ctx: click.Context, paths: tuple[Path, ...], runner: dict) -> None:
    """Archive PATHS through the Prefect ingest flow (one task run per file).

    A refused file's task run ends Failed with the reason and the batch goes on; an OCR
    timeout is retried with backoff; a re-run skips archived files by content hash. Records
    the index could not take wait as pending and are indexed by a catch-up at the end.

    \b
    Example:
      chidao flow ingest ~/scans/inbox
      chidao flow ingest ~/scans --dask-workers 4
    """
    from chidao.flows import ingest_flow

    _finish(ingest_flow([str(p) for p in paths], settings=_settings(ctx), runner=runner))


@flow.command(name="inbox")
@click.argument("inbox", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--once", is_flag=True, help="One pass (what this command does; `chidao flow serve` repeats it).")
@click.option("--settle", type=click.FloatRange(0), default=5.0, show_default=True, metavar="SECONDS",
              help="A file is taken once its size and mtime stay the same this long.")
@_runner_options
@click.pass_context
def flow_inbox(ctx: click.Context, inbox: Path, once: bool, settle: float, runner: dict) -> None:
    """One pass over the watched folder INBOX: ingest what has finished arriving.

    Files are claimed into INBOX/.processing/<run-id>/, then moved to INBOX/done/<date>/
    (date: --today, else the day of the run) or to INBOX/failed/ with NAME.error.txt. Files a
    killed run left in .processing/ are taken back. Nothing is ever deleted.

    \b
    Example:
      chidao flow inbox ~/scans/inbox --once
    """
    from chidao.flows import inbox_flow

    result = inbox_flow(str(inbox), settings=_settings(ctx), settle_s=settle, runner=runner)
    for path in result["inbox"]["failed"]:
        click.echo(f"failed: {path} (see {Path(path).name}.error.txt)", err=True)
    _finish(result)


@flow.command(name="serve")
@click.argument("inbox", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--every", type=click.FloatRange(0.1), default=10.0, show_default=True, metavar="MINUTES",
              help="Minutes between passes.")
@click.option("--settle", type=click.FloatRange(0), default=5.0, show_default=True, metavar="SECONDS",
              help="A file is taken once its size and mtime stay the same this long.")
@_runner_options
@click.pass_context
def flow_serve(ctx: click.Context, inbox: Path, every: float, settle: float, runner: dict) -> None:
    """Serve a Prefect deployment that runs `chidao flow inbox INBOX` every MINUTES.

    Runs until interrupted. The settings (home, jobs, …) are the deployment's parameters;
    each run uses the day it runs as its date unless --today is given.

    \b
    Example:
      chidao flow serve ~/scans/inbox --every 10
    """
    from chidao.flows import inbox_deployment, serve

    serve(inbox_deployment(str(inbox), _settings(ctx, scheduled=True), every, settle, runner))


@flow.command(name="reindex")
@click.pass_context
def flow_reindex(ctx: click.Context) -> None:
    """Rebuild the search index from the archive, as a flow run.

    \b
    Example:
      chidao flow reindex
    """
    from chidao.flows import reindex_flow

    result = reindex_flow(settings=_settings(ctx))
    click.echo(result["line"])
    if result["failed"]:
        sys.exit(2)


@flow.command(name="digest")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day of the digest (default: --today, else today).")
@click.option("--webhook", metavar="URL", help="POST the digest as JSON here (retried with backoff).")
@click.option("--soon-days", type=click.IntRange(0, 366), default=7, show_default=True,
              help="'Due soon' means due within this many days.")
@click.option("--serve", "serve_it", is_flag=True, help="Serve a daily schedule instead of running once.")
@click.option("--at", default="07:00", show_default=True, metavar="HH:MM",
              help="With --serve: the time of day (this machine's time zone).")
@click.pass_context
def flow_digest(ctx: click.Context, as_of, webhook: str | None, soon_days: int, serve_it: bool, at: str) -> None:
    """Per body, the tasks overdue and due soon: XLSX + Markdown under HOME/digests/<date>/,
    and POSTed to --webhook. Digests a webhook did not take are sent again next run.

    \b
    Example:
      chidao flow digest --webhook https://chat.example.org/hooks/deadlines
      chidao flow digest --serve --at 07:00 --webhook https://chat.example.org/hooks/deadlines
    """
    if serve_it:
        from chidao.errors import UsageError
        from chidao.flows import digest_deployment, serve

        try:
            hour, minute = (int(x) for x in at.split(":"))
            assert 0 <= hour < 24 and 0 <= minute < 60
        except (ValueError, AssertionError):
            raise UsageError(f"--at {at!r}: write the time as HH:MM, e.g. 07:00") from None
        serve(digest_deployment(_settings(ctx, scheduled=True), f"{hour:02d}:{minute:02d}", webhook, soon_days))
        return
    from chidao.flows import digest_flow

    result = digest_flow(settings=_settings(ctx), as_of=as_of.date().isoformat() if as_of else None,
                         webhook=webhook, soon_days=soon_days)
    click.echo(f"{result['line']}: {result['folder']}")
    for folder in result["sent"]:
        click.echo(f"sent {folder}")
    for folder, why in result["not_sent"].items():
        click.echo(f"not sent: {folder}: {why}", err=True)
    if result["not_sent"]:
        sys.exit(1)
