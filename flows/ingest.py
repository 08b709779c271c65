"""Ingest flows for archivists. Each file is one task run calling `chidao.batch.ingest_paths`
on that file alone, so the flow inherits the batch's guarantees (skip unchanged files by hash,
atomic archive writes, quarantine with a reason for failures) and adds a per-file run history.
Files run one after another: each file's OCR already uses every core."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.exceptions import MissingContextError

from chidao.batch import expand_paths, ingest_paths
from chidao.config import Config


def _config(home: str | None, reference_date: str | None) -> Config:
    changes = {}
    if home:
        changes["home"] = Path(home)
    if reference_date:
        changes["reference_date"] = dt.date.fromisoformat(reference_date)
    return Config().with_(**changes)


def _logger():
    """The run logger inside a flow; a plain logger when a task is called with `.fn()`."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("chidao.flows")


@task(name="list-files", cache_policy=NO_CACHE)
def list_files(paths: list[str], config: Config) -> list[str]:
    def missing(path: Path, message: str) -> None:
        _logger().error("%s: %s", path, message)

    return [str(p) for p in expand_paths([Path(p) for p in paths], config.home, missing)]


@task(name="ingest-file", task_run_name="ingest {path}", cache_policy=NO_CACHE)
def ingest_file(path: str, config: Config) -> dict:
    summary = ingest_paths([Path(path)], config, show_progress=False)
    failed = summary.failed[0][1] if summary.failed else None
    if failed:
        _logger().error("%s: %s", path, failed)
    return {"path": path, "added": bool(summary.added), "failed": failed, "pages": summary.pages}


@flow(name="chidao-ingest", log_prints=True)
def ingest_flow(paths: list[str], home: str | None = None, reference_date: str | None = None) -> dict:
    """Archive every file under `paths`; returns counts and the failed files with reasons."""
    config = _config(home, reference_date)
    outcomes = [ingest_file(path, config) for path in list_files(paths, config)]
    result = {
        "added": sum(o["added"] for o in outcomes),
        "unchanged": sum(not o["added"] and not o["failed"] for o in outcomes),
        "failed": {o["path"]: o["failed"] for o in outcomes if o["failed"]},
        "pages": sum(o["pages"] for o in outcomes),
    }
    _logger().info("added %(added)d, unchanged %(unchanged)d, failed %(n)d, %(pages)d pages",
                          {**result, "n": len(result["failed"])})
    return result


@flow(name="chidao-inbox")
def inbox_flow(inbox: str, home: str | None = None) -> dict:
    """Ingest whatever has been dropped into `inbox`. Files stay where they are (an archivist
    never loses a scan); already archived ones are skipped by hash, so re-runs are cheap."""
    return ingest_flow([inbox], home=home)


def serve_inbox(inbox: str, home: str | None, every_minutes: int) -> None:
    """Run `inbox_flow` every `every_minutes` until interrupted (Prefect's serve loop)."""
    inbox_flow.serve(
        name="chidao-inbox",
        parameters={"inbox": inbox, "home": home},
        interval=dt.timedelta(minutes=every_minutes),
    )
