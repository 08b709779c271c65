"""Prefect flows: thin wiring of library functions, and the only package that imports
prefect. Flows orchestrate, tasks wrap (a few lines calling one library function), plain
functions compute.

Public names:
- ingest_flow(paths, settings): archive and index files and folders, one task run per file.
"""

import os

# No network here and nothing to report to: keep Prefect from trying.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# The ephemeral server takes 8-14 s to start on an idle 2-core machine; give a busy one room.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from chidao.flows.ingest import ingest_flow  # noqa: E402

__all__ = ["ingest_flow"]
