"""Prefect flows: thin wiring of library functions, and the only package that imports
prefect. Flows orchestrate, tasks wrap (a few lines calling one library function), plain
functions compute.

Public names:
- ingest_flow(paths, settings, runner): archive and index files and folders, one task run per file.
- inbox_flow(inbox, settings, settle_s, runner): one pass over a watched inbox (chidao.inbox).
- reindex_flow(settings): rebuild the index from the archive.
- digest_flow(settings, as_of, webhook): the daily deadline digest (chidao.digest).
- inbox_deployment, digest_deployment, serve: schedules served from this process.
- api_url(): the Prefect API in use (PREFECT_API_URL, else the ephemeral server, started).

Without PREFECT_API_URL every process starts its own ephemeral server (8-14 s on 2 cores);
with it, runs are recorded on that server."""

import os

# No network here and nothing to report to: keep Prefect from trying.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# The ephemeral server takes 8-14 s to start on an idle 2-core machine; give a busy one room.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from chidao.flows.digest import digest_flow  # noqa: E402
from chidao.flows.inbox import inbox_flow  # noqa: E402
from chidao.flows.ingest import BatchStopped, ingest_flow  # noqa: E402
from chidao.flows.reindex import reindex_flow  # noqa: E402
from chidao.flows.runners import api_url  # noqa: E402
from chidao.flows.serve import digest_deployment, inbox_deployment, serve  # noqa: E402

__all__ = ["BatchStopped", "api_url", "digest_deployment", "digest_flow", "inbox_deployment", "inbox_flow",
           "ingest_flow", "reindex_flow", "serve"]
