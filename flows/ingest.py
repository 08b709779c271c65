"""Ingest flows for archivists: each file is one task run of `chidao.ingest.ingest_file`, so
the flow has the library's guarantees (skip archived files by hash, atomic archive writes,
quarantine with a reason, index or mark pending) and adds a per-file run history.

A file refused for its content ends its task run Failed with the reason, at once; a transient
failure (one page's OCR timed out) is retried with exponential backoff first."""

from __future__ import annotations

import logging
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.tasks import exponential_backoff

from chidao.batch import walk
from chidao.config import Config
from chidao.ingest import Outcome, Summary, ingest_file


class FileFailed(Exception):
    """A file's task run failed; `outcome` says why."""

    def __init__(self, outcome: dict):
        super().__init__(outcome["message"])
        self.outcome = outcome


class TransientFailure(FileFailed):
    """Worth another try (Prefect retries only these)."""


def _logger():
    """The run logger inside a flow; a plain logger when a task is called with `.fn()`."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("chidao.flows")


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except TransientFailure:
        return True
    except Exception:  # noqa: BLE001 - anything else is final
        return False
    return False


@task(name="list-files", cache_policy=NO_CACHE)
def list_files(paths: list[str], settings: dict) -> list[tuple[str, str | None]]:
    """(file, None) for every file under `paths`, (path, why) for what cannot be read."""
    config = Config.from_settings(settings)
    return [(str(p), problem) for p, problem in walk([Path(p) for p in paths], config.home)]


@task(name="ingest-file", task_run_name="ingest {path}", cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=exponential_backoff(backoff_factor=5), retry_condition_fn=_retry_transient)
def ingest_one(path: str, settings: dict) -> dict:
    """One file end to end; its outcome, or FileFailed with it."""
    from chidao.index import open_index

    config = Config.from_settings(settings)
    with open_index(config) as index:
        outcome = ingest_file(Path(path), config, index=index)
    result = outcome_dict(outcome)
    if outcome.status == "failed":
        _logger().error(outcome.line())
        raise (TransientFailure if outcome.transient else FileFailed)(result)
    _logger().info(outcome.line())
    return result


def outcome_dict(outcome: Outcome) -> dict:
    return {"path": str(outcome.path), "status": outcome.status, "record_id": outcome.record_id,
            "pages": outcome.pages, "message": outcome.message, "indexed": outcome.indexed}


def summary_of(outcomes: list[dict]) -> Summary:
    summary = Summary()
    for o in outcomes:
        summary.add(Outcome(Path(o["path"]), o["status"], o["record_id"], o["pages"], o["message"], o["indexed"]))
    return summary


def _gather(states) -> list[dict]:
    outcomes = []
    for state in states:
        result = state.result(raise_on_failure=False)
        outcomes.append(result.outcome if isinstance(result, FileFailed) else result)
    return outcomes


@flow(name="chidao-ingest", log_prints=True)
def ingest_flow(paths: list[str], settings: dict | None = None) -> dict:
    """Archive and index every file under `paths`; the summary line, the counts and the
    failed files with their reasons."""
    settings = settings or Config().settings()
    listed = list_files(paths, settings)
    outcomes = [{"path": p, "status": "failed", "record_id": None, "pages": 0, "message": why,
                 "indexed": None} for p, why in listed if why]
    for outcome in outcomes:
        _logger().error("failed: %s: %s", outcome["path"], outcome["message"])
    outcomes += _gather([ingest_one(p, settings, return_state=True) for p, why in listed if not why])
    summary = summary_of(outcomes)
    _logger().info(summary.line())
    return {"line": summary.line(), "added": len(summary.of("added")),
            "unchanged": len(summary.of("unchanged")), "pages": summary.pages,
            "failed": {str(o.path): o.message for o in summary.failed}}
