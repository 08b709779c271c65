"""Prefect flows: thin wiring of pipeline/ and nlp/ functions, and the only package that imports
prefect. Flows orchestrate, tasks wrap (a few lines calling one library function), plain
functions compute.

Public names:
- ingest_flow(paths, home=None, reference_date=None): archive files and folders, one task run
  per file, so every file's outcome is in the Prefect run history.
- inbox_flow(inbox, home=None): ingest everything dropped in an inbox folder; `serve_inbox`
  runs it on a schedule.
"""

import os

# No network here and nothing to report to: keep Prefect from trying.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# The ephemeral server takes 8-14 s to start on an idle 2-core machine; give a busy one room.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from flows.ingest import inbox_flow, ingest_flow, serve_inbox  # noqa: E402

__all__ = ["inbox_flow", "ingest_flow", "serve_inbox"]
