"""The daily deadline digest as a flow (`chidao flow digest`): write the report for the date
(chidao.digest), then POST it — and any earlier digest a webhook has not taken yet — to the
webhook. The files are written before anything is sent; a webhook failure ends its task run
Failed with the reason, is shown in the flow's result, and is tried again next run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE

from chidao import digest as digest_lib
from chidao.config import Config
from chidao.flows.ingest import _logger


@task(name="write-digest", cache_policy=NO_CACHE)
def write_digest(settings: dict, as_of: str, soon_days: int) -> dict:
    from chidao.index import open_index

    config = Config.from_settings(settings)
    day = dt.date.fromisoformat(as_of)
    with open_index(config) as index:
        digest = digest_lib.build_digest(index.tracker, day, soon_days)
    files = digest_lib.write_digest(digest, digest_lib.digest_folder(config.home, day))
    _logger().info("%s → %s", digest.line(), files[0].parent)
    return {"line": digest.line(), "folder": str(files[0].parent), "files": [str(p) for p in files],
            "bodies": len(digest.bodies), "overdue": digest.overdue, "due_soon": digest.due_soon}


@task(name="send-digest", task_run_name="send {folder}", cache_policy=NO_CACHE)
def send_digest(folder: str, url: str, backoff_s: float) -> bool:
    """POST one digest (retried with backoff inside chidao.digest.post_json)."""
    sent = digest_lib.send_digest(Path(folder), url, backoff_s=backoff_s)
    _logger().info("%s %s to %s", "sent" if sent else "already sent:", folder, url)
    return sent


@flow(name="chidao-digest")
def digest_flow(settings: dict | None = None, as_of: str | None = None, webhook: str | None = None,
                soon_days: int = 7, backoff_s: float = 2.0) -> dict:
    """Write the digest as of `as_of` (default: the run's reference date) and send it."""
    settings = settings or Config().settings()
    config = Config.from_settings(settings)
    result = write_digest(settings, as_of or config.reference_date.isoformat(), soon_days)
    result.update(sent=[], not_sent={})
    if webhook:
        earlier = [str(f) for f in digest_lib.unsent_digests(config.home) if str(f) != result["folder"]]
        for folder in earlier + [result["folder"]]:
            state = send_digest(folder, webhook, backoff_s, return_state=True)
            outcome = state.result(raise_on_failure=False)
            if isinstance(outcome, Exception):
                result["not_sent"][folder] = str(outcome)
                _logger().error("not sent: %s", outcome)
            elif outcome:
                result["sent"].append(folder)
    return result
