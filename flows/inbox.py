"""The watched inbox as a flow: one pass takes back what dead runs left, claims the files that
have settled, ingests them (flows/ingest.py's subflow, threads or Dask) and files each one
away: done/<date>/ when archived (indexed or pending), failed/ with the reason when refused.
Files are filed once the batch's task runs have ended; a file stopped by an environment error
stays claimed, and a pass killed before filing leaves its files claimed: the next pass takes
them back and ingests them again (a no-op for the archived ones: ingest skips by hash). The
file system work is chidao.inbox's; the date is the run's reference date."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE

from chidao import inbox as inbox_lib
from chidao.config import Config
from chidao.flows.ingest import _logger, report, run_catch_up, run_files


@task(name="take-files", cache_policy=NO_CACHE)
def take_files(inbox: str, run_id: str, settle_s: float, home: str) -> list[str]:
    """Files left by dead runs, then new files that have stopped changing, moved into this
    run's .processing/ folder; every file this run now holds."""
    back = inbox_lib.reclaim(Path(inbox), run_id)
    new = inbox_lib.claim(Path(inbox), run_id, inbox_lib.settled(Path(inbox), settle_s, skip=[Path(home)]))
    held = inbox_lib.claimed_files(Path(inbox), run_id)
    _logger().info("inbox %s: %d new file(s), %d taken back from a stopped run", inbox, len(new), len(back))
    return [str(p) for p in held]


@task(name="file-away", cache_policy=NO_CACHE)
def file_away(outcomes: list[dict], day: str) -> dict:
    """Move each claimed file to done/<day>/ or failed/ by its outcome; stopped ones stay."""
    done, failed, left = [], [], []
    for outcome in outcomes:
        path = Path(outcome["path"])
        if outcome["status"] in ("added", "unchanged"):
            done.append(str(inbox_lib.file_done(path, day)))
        elif outcome["status"] == "failed":
            failed.append(str(inbox_lib.file_failed(path, outcome["message"])))
        else:
            left.append(str(path))
    return {"done": done, "failed": failed, "left": left}


def _run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


@flow(name="chidao-inbox")
def inbox_flow(inbox: str, settings: dict | None = None, settle_s: float = 5.0, runner: dict | None = None,
               index_retry_s: float = 10.0) -> dict:
    """One pass over `inbox`; the ingest summary plus where each file went."""
    started = time.monotonic()
    settings = settings or Config().settings()
    config = Config.from_settings(settings)
    run_id = _run_id()
    with inbox_lib.hold(Path(inbox), run_id):
        held = take_files(inbox, run_id, settle_s, str(config.home))
        outcomes = run_files(held, settings, runner)
        filed = file_away(outcomes, config.reference_date.isoformat())
    result = report(outcomes, run_catch_up(settings, index_retry_s), started)
    return {**result, "inbox": filed}
