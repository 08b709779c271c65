"""Ingest flows for archivists: each file is one task run of `chidao.ingest.ingest_file`, so
the flow has the library's guarantees (skip archived files by hash, atomic archive writes,
quarantine with a reason, index or mark pending) and adds a per-file run history.

A file refused for its content ends its task run Failed with the reason, at once; a transient
failure (one page's OCR timed out) is retried with exponential backoff first. The batch goes
on either way and the flow returns its summary. An environment error (tesseract missing, the
archive unwritable) fails the flow with that error once the files under way are done.

Records archived but not indexed (the index locked or unreachable: marked pending; or a run
killed between the two) are indexed by a catch-up task at the end, retried with backoff while
the index is still unavailable. Layout: `ingest_flow` (outer: list, fan out, catch up, report)
runs the files in `ingest_files`, a subflow whose task runner (threads or Dask) is chosen from
the `runner` parameter (see flows/runners.py)."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.tasks import exponential_backoff

from chidao.batch import walk
from chidao.config import Config
from chidao.errors import ChidaoError, IndexUnavailableError
from chidao.flows.runners import task_runner, worker_settings
from chidao.ingest import Outcome, Summary, ingest_file


class FileFailed(Exception):
    """A file's task run failed; `outcome` says why."""

    def __init__(self, outcome: dict):
        super().__init__(outcome["message"])
        self.outcome = outcome

    def __reduce__(self):  # travels back from Dask workers
        return type(self), (self.outcome,)


class TransientFailure(FileFailed):
    """Worth another try (Prefect retries only these)."""


class IndexStillUnavailable(Exception):
    def __init__(self, left: int, why: str = ""):
        super().__init__(f"{left} archived record(s) still wait for the index{f' ({why})' if why else ''}: "
                         "they are safe in the archive; the next run or `chidao reindex` indexes them")
        self.left, self.why = left, why

    def __reduce__(self):
        return type(self), (self.left, self.why)


class BatchStopped(ChidaoError):
    """An environment error stopped the batch (the CLI exits with the original error's code)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code

    def __reduce__(self):
        return type(self), (self.message, self.exit_code)


def _logger():
    """The run logger inside a flow; a plain logger when a task is called with `.fn()`."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("chidao.flows")


def _retry_on(kind: type[Exception]):
    def retry(task, task_run, state) -> bool:
        try:
            state.result()
        except kind:
            return True
        except Exception:  # noqa: BLE001 - anything else is final
            return False
        return False
    return retry


@contextlib.contextmanager
def _index(config: Config):
    """The index; one that cannot even be opened still takes `mark_pending` (its writes raise
    IndexUnavailableError, so ingest_file keeps the record archived and pending)."""
    from chidao.index import Index, open_index

    with contextlib.ExitStack() as stack:
        try:
            index = stack.enter_context(open_index(config))
        except IndexUnavailableError as err:
            _logger().warning("index unavailable, records will be marked pending: %s", err.message)
            index = stack.enter_context(contextlib.closing(Index(config)))
        yield index


@task(name="list-files", cache_policy=NO_CACHE)
def list_files(paths: list[str], settings: dict) -> list[tuple[str, str | None]]:
    """(file, None) for every file under `paths`, (path, why) for what cannot be read."""
    config = Config.from_settings(settings)
    return [(str(p), problem) for p, problem in walk([Path(p) for p in paths], config.home)]


@task(name="ingest-file", task_run_name="ingest {path}", cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=exponential_backoff(backoff_factor=5), retry_condition_fn=_retry_on(TransientFailure))
def ingest_one(path: str, settings: dict) -> dict:
    """One file end to end; its outcome, or FileFailed with it."""
    config = Config.from_settings(settings)
    with _index(config) as index:
        outcome = ingest_file(Path(path), config, index=index)
    result = outcome_dict(outcome)
    if outcome.status == "failed":
        _logger().error(outcome.line())
        raise (TransientFailure if outcome.transient else FileFailed)(result)
    _logger().info(outcome.line())
    return result


@task(name="index-catch-up", cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=exponential_backoff(backoff_factor=10), retry_condition_fn=_retry_on(IndexStillUnavailable))
def catch_up(settings: dict) -> int:
    """Index the records waiting for it; IndexStillUnavailable (retried) while any still wait."""
    from chidao.pipeline import Archive

    config = Config.from_settings(settings)
    archive = Archive(config.home)
    with _index(config) as index:
        try:
            # A run killed between archiving a file and indexing it left no pending marker.
            for record_id in set(archive.ids()) - index.store.ids():
                index.mark_pending(record_id)
            done, why = index.catch_up(archive), ""
        except (IndexUnavailableError, sqlite3.Error) as err:
            done, why = 0, getattr(err, "message", str(err))
        left = len(index.pending)
    if left:
        raise IndexStillUnavailable(left, why)
    if done:
        _logger().info("indexed %d record(s) that were waiting for the index", done)
    return done


def outcome_dict(outcome: Outcome) -> dict:
    return {"path": str(outcome.path), "status": outcome.status, "record_id": outcome.record_id,
            "pages": outcome.pages, "message": outcome.message, "indexed": outcome.indexed,
            "quarantined": str(outcome.quarantined) if outcome.quarantined else None}


def summary_of(outcomes: list[dict]) -> Summary:
    summary = Summary()
    for o in outcomes:
        if o["status"] in ("added", "unchanged", "failed"):
            copy = Path(o["quarantined"]) if o.get("quarantined") else None
            summary.add(Outcome(Path(o["path"]), o["status"], o["record_id"], o["pages"], o["message"],
                                o["indexed"], quarantined=copy))
    return summary


def _outcome(path: str, future) -> dict:
    """A task run's outcome; an environment error becomes status "stopped" with its exit code."""
    future.wait()
    try:
        result = future.state.result(raise_on_failure=False)
    except Exception as err:  # noqa: BLE001 - a crashed run has no result to give
        result = err
    if isinstance(result, dict):
        return result
    if isinstance(result, FileFailed):
        return result.outcome
    base = {"path": path, "record_id": None, "pages": 0, "indexed": None}
    if isinstance(result, ChidaoError) and not result.per_file:
        return {**base, "status": "stopped", "message": result.message, "exit_code": result.exit_code}
    return {**base, "status": "failed", "message": f"task run failed ({type(result).__name__}: {result})"}


@flow(name="chidao-ingest-files")
def ingest_files(files: list[str], settings: dict) -> list[dict]:
    """One task run per file on this flow's task runner; the outcomes in the files' order."""
    futures = [ingest_one.submit(path, settings) for path in files]
    return [_outcome(path, future) for path, future in zip(files, futures)]


def run_files(files: list[str], settings: dict, runner: dict | None) -> list[dict]:
    """`ingest_files` as a subflow on the chosen task runner (nothing to start for no files)."""
    if not files:
        return []
    jobs = int(settings.get("jobs") or 1)
    subflow = ingest_files.with_options(task_runner=task_runner(runner, jobs))
    return subflow(files, worker_settings(runner, settings))


def run_catch_up(settings: dict, index_retry_s: float) -> dict:
    """The catch-up task with backoff from `index_retry_s` (×1, ×2, ×4); how many still wait."""
    retrying = catch_up.with_options(retry_delay_seconds=exponential_backoff(backoff_factor=index_retry_s))
    state = retrying(settings, return_state=True)
    result = state.result(raise_on_failure=False)
    if isinstance(result, IndexStillUnavailable):
        _logger().warning(str(result))
        return {"pending": result.left, "catch_up": str(result)}
    return {"pending": 0, "catch_up": None}


def report(outcomes: list[dict], caught_up: dict, started: float) -> dict:
    """Log the run summary (files, pages, failures, time) and return it; raise BatchStopped
    if an environment error stopped files."""
    if not caught_up["pending"]:   # the catch-up indexed whatever the files left pending
        outcomes = [{**o, "indexed": True} if o.get("indexed") is False else o for o in outcomes]
    summary = summary_of(outcomes)
    summary.seconds = time.monotonic() - started
    files = len(summary.outcomes)
    line = f"{files} file{'s' if files != 1 else ''}: {summary.line()}"
    stopped = [o for o in outcomes if o["status"] == "stopped"]
    if stopped:
        line += f"; {len(stopped)} not done (stopped: {stopped[0]['message']})"
    _logger().info(line)
    if stopped:
        raise BatchStopped(stopped[0]["message"], stopped[0].get("exit_code", 1))
    return {"line": line, "files": files, "added": len(summary.of("added")),
            "unchanged": len(summary.of("unchanged")), "pages": summary.pages,
            "seconds": round(summary.seconds, 2), "failed": {str(o.path): o.message for o in summary.failed},
            **caught_up}


@flow(name="chidao-ingest")
def ingest_flow(paths: list[str], settings: dict | None = None, runner: dict | None = None,
                index_retry_s: float = 10.0) -> dict:
    """Archive and index every file under `paths`; the summary line, the counts, the failed
    files with their reasons and the records still waiting for the index."""
    started = time.monotonic()
    settings = settings or Config().settings()
    listed = list_files(paths, settings)
    refused = [{"path": p, "status": "failed", "record_id": None, "pages": 0, "message": why, "indexed": None}
               for p, why in listed if why]
    for outcome in refused:
        _logger().error("failed: %s: %s", outcome["path"], outcome["message"])
    outcomes = refused + run_files([p for p, why in listed if not why], settings, runner)
    return report(outcomes, run_catch_up(settings, index_retry_s), started)
