"""Where the per-file task runs go: a few threads in the flow's process by default, or Dask —
an existing cluster (`dask_address`) or a local one started for the run (`dask_workers`).

The choice travels as a plain `runner` parameter ({"workers": …, "dask_address": …,
"dask_workers": …}) because a served deployment runs its flow from the module, where options
set on the flow object at serve time are gone."""

from __future__ import annotations

import logging

from prefect.task_runners import ThreadPoolTaskRunner

# Files in flight at once with threads: enough to keep the cores busy on one-page scans; each
# file's tesseract processes are capped per process by `jobs` (pipeline.tesseract), as in
# chidao.batch.
MAX_FILES_AT_ONCE = 4


def task_runner(runner: dict | None, jobs: int):
    runner = runner or {}
    if runner.get("dask_address"):
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=runner["dask_address"])
    if runner.get("dask_workers"):
        from distributed import LocalCluster
        from prefect_dask import DaskTaskRunner

        # One file per worker process at a time; the workers report to this run's Prefect API
        # rather than each starting an ephemeral server of its own.
        return DaskTaskRunner(cluster_class=LocalCluster, cluster_kwargs={
            "n_workers": int(runner["dask_workers"]), "threads_per_worker": 1, "processes": True,
            "dashboard_address": None, "silence_logs": logging.WARNING, "env": worker_env()})
    return ThreadPoolTaskRunner(max_workers=int(runner.get("workers") or max(1, min(jobs, MAX_FILES_AT_ONCE))))


def worker_settings(runner: dict | None, settings: dict) -> dict:
    """The settings each task sees: on a local cluster of N worker processes, the cores are
    shared out (`jobs` // N tesseract processes each), so the machine still runs one per core."""
    workers = int((runner or {}).get("dask_workers") or 0)
    if workers > 1 and settings.get("jobs"):
        return {**settings, "jobs": max(1, int(settings["jobs"]) // workers)}
    return settings


def api_url() -> str:
    """The Prefect API this process talks to: PREFECT_API_URL when set, else the ephemeral
    server (started now if it is not running yet)."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if url:
        return url
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    return server.api_url


def worker_env() -> dict[str, str]:
    return {"PREFECT_API_URL": api_url(), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
