"""Rebuild the search index from the archive as a flow (`chidao flow reindex`): one task
calling `Index.reindex`, so a scheduled or remote rebuild has a run history."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE

from chidao.config import Config
from chidao.flows.ingest import _logger


@task(name="reindex", cache_policy=NO_CACHE)
def reindex_archive(settings: dict) -> dict:
    from chidao.index import open_index
    from chidao.pipeline import Archive

    config = Config.from_settings(settings)
    with open_index(config) as index:
        summary = index.reindex(Archive(config.home))
    for record_id, message in summary.failed:
        _logger().error("failed: %s: %s", record_id, message)
    _logger().info(summary.line())
    return {"line": summary.line(), "indexed": summary.indexed, "removed": summary.removed,
            "failed": dict(summary.failed), "backends": summary.backends}


@flow(name="chidao-reindex")
def reindex_flow(settings: dict | None = None) -> dict:
    """Every archived record written to the index again; records no longer archived removed."""
    return reindex_archive(settings or Config().settings())
