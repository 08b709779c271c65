"""The Elasticsearch search backend (CHIDAO_ES_URL set); SQLite stays the store of record.

Indices are versioned behind aliases: `<prefix>-documents` → `<prefix>-documents-v<N>`, and
the tasks (one ES document per task) `<prefix>-tasks` → `<prefix>-tasks-v<N>`. Both are made
from composable templates (index/elastic_mapping.py) put at the first write. `rebuild` loads
`v<N+1>` of both, refreshes, swaps both aliases in one atomic `POST _aliases` and deletes
the old indices: searches see the old index or the new one, never a half-built one.

Whatever goes wrong on the way to the cluster (refused connection, timeout, 5xx, 429 after
retries, bad credentials, an item refused by a bulk) is one IndexUnavailableError with a
one-line message: the caller keeps the record archived and marks it pending."""

from __future__ import annotations

import base64
import contextlib
import re
from pathlib import Path
from typing import Iterable, Iterator

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, UnsupportedProductError, helpers

from chidao.config import Config
from chidao.errors import ConfigError, IndexUnavailableError
from chidao.index.document import search_doc
from chidao.index.elastic_mapping import component_templates, document_source, index_templates, task_sources
from chidao.index.elastic_query import result, search_body
from chidao.index.query import SearchQuery, SearchResult
from chidao.record import Record

MAX_WINDOW = 10_000      # index.max_result_window: from + size beyond it needs search_after
PIT_KEEP_ALIVE = "1m"
_VERSION = re.compile(r"-v(\d+)$")


class ElasticBackend:
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch, *, prefix: str = "chidao", url: str = "",
                 refresh: bool = False, bulk_retries: int = 3, initial_backoff: float = 1.0,
                 max_backoff: float = 30.0, chunk_size: int = 200, max_chunk_bytes: int = 20 * 1024 * 1024):
        self.client = client
        self.prefix = prefix
        self.documents = f"{prefix}-documents"
        self.tasks = f"{prefix}-tasks"
        self.where = _redact(url) or "the configured cluster"
        self.refresh = refresh  # wait until a write is searchable (tests); off: visible within ~1 s
        self.bulk_options = {"max_retries": bulk_retries, "initial_backoff": initial_backoff,
                             "max_backoff": max_backoff, "chunk_size": chunk_size,
                             "max_chunk_bytes": max_chunk_bytes}
        self.folding: str | None = None
        self._ready = False

    @classmethod
    def from_config(cls, config: Config, **options) -> "ElasticBackend":
        """A backend for config.es_url (with its API key, or user and password, and CA
        certificates); nothing is sent until the first write or search."""
        kwargs: dict = {"request_timeout": 30, "retry_on_timeout": True, "max_retries": 3}
        if config.es_api_key:
            api_key = config.es_api_key
            kwargs["api_key"] = tuple(api_key.split(":", 1)) if ":" in api_key else api_key
        if config.es_user:  # encoded here: the client would refuse a non-ASCII password
            pair = f"{config.es_user}:{config.es_password or ''}".encode()
            kwargs["basic_auth"] = base64.b64encode(pair).decode("ascii")
        if config.es_ca_certs:
            if not Path(config.es_ca_certs).is_file():
                raise ConfigError(f"CHIDAO_ES_CA_CERTS {config.es_ca_certs!r} is not a file: point it at the "
                                  "cluster's CA certificate (PEM), e.g. config/certs/http_ca.crt")
            kwargs["ca_certs"] = config.es_ca_certs
        try:
            client = Elasticsearch(config.es_url, **kwargs)
        except (ValueError, TypeError, OSError) as err:
            raise ConfigError(f"CHIDAO_ES_URL {_redact(config.es_url)!r} cannot be used ({_one_line(err)}): "
                              "write it as https://host:9200 and check CHIDAO_ES_CA_CERTS") from err
        return cls(client, prefix=config.es_prefix, url=config.es_url, **options)

    # -- errors ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _unavailable(self, doing: str) -> Iterator[None]:
        try:
            yield
        except UnsupportedProductError as err:
            raise IndexUnavailableError(f"the server at {self.where} is not Elasticsearch; point CHIDAO_ES_URL "
                                        "at an Elasticsearch 8 or 9 cluster") from err
        except ApiError as err:
            status = err.meta.status
            if status in (401, 403):
                hint = "check CHIDAO_ES_API_KEY or CHIDAO_ES_USER/CHIDAO_ES_PASSWORD and the key's privileges"
            else:
                hint = "records stay archived and pending; `chidao reindex` catches up"
            raise IndexUnavailableError(f"Elasticsearch at {self.where} could not {doing} "
                                        f"({status} {_reason(err)}): {hint}") from err
        except TransportError as err:
            raise IndexUnavailableError(f"Elasticsearch at {self.where} is unreachable while trying to {doing} "
                                        f"({type(err).__name__}: {_one_line(err)}): records stay archived "
                                        "and pending; `chidao reindex` catches up") from err

    # -- setup -------------------------------------------------------------------------
    def setup(self) -> None:
        """Put the templates and make sure both aliases point at an index (once per backend)."""
        if self._ready:
            return
        with self._unavailable("set up its indices"):
            self.folding = self._folding()
            for name, body in component_templates(self.prefix, self.folding).items():
                self.client.cluster.put_component_template(name=name, body=body)
            for name, body in index_templates(self.prefix).items():
                self.client.indices.put_index_template(name=name, body=body)
            for alias in (self.documents, self.tasks):
                if not self.client.indices.exists_alias(name=alias):
                    self._create_first(alias)
        self._ready = True

    def _folding(self) -> str:
        """icu_folding when every node has the analysis-icu plugin, else asciifolding."""
        try:
            nodes = self.client.nodes.info(metric="plugins").body.get("nodes", {})
        except ApiError as err:
            if err.meta.status < 500:  # no monitor privilege, or no nodes API (serverless)
                return "asciifolding"
            raise
        has_icu = [any(p.get("name") == "analysis-icu" for p in n.get("plugins", [])) for n in nodes.values()]
        return "icu_folding" if has_icu and all(has_icu) else "asciifolding"

    def _create_first(self, alias: str) -> None:
        index = f"{alias}-v1"
        try:
            self.client.indices.create(index=index, aliases={alias: {}})
        except ApiError as err:
            if err.meta.status != 400 or "already_exists" not in str(err.message):
                raise
            self.client.indices.put_alias(index=index, name=alias)  # another process made it first

    def _indices(self, alias: str) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias).body)
        except NotFoundError:
            return []

    # -- writing -----------------------------------------------------------------------
    def _actions(self, records: Iterable[Record], documents: str, tasks: str,
                 docs_seen: list | None = None) -> Iterator[dict]:
        for record in records:
            doc = search_doc(record)
            if docs_seen is not None:
                docs_seen.append(doc)
            yield {"_op_type": "index", "_index": documents, "_id": doc.id, "_source": document_source(doc)}
            for task in task_sources(doc):
                yield {"_op_type": "index", "_index": tasks, "_id": task["id"], "_source": task}

    def _bulk(self, actions: Iterable[dict], doing: str, **options) -> int:
        """Send actions with streaming_bulk (429s retried with backoff); the number written.
        Any item still refused is an error naming the first few."""
        written, failed = 0, []
        with self._unavailable(doing):
            for ok, info in helpers.streaming_bulk(self.client, actions, raise_on_error=False,
                                                   **self.bulk_options, **options):
                if ok:
                    written += 1
                    continue
                item = next(iter(info.values()))
                error = item.get("error")
                reason = error.get("reason") if isinstance(error, dict) else error
                failed.append(f"{item.get('_id')}: {item.get('status')} {_one_line(reason or '')}".strip())
        if failed:
            raise IndexUnavailableError(f"Elasticsearch at {self.where} refused {len(failed)} of "
                                        f"{written + len(failed)} writes while trying to {doing} "
                                        f"({'; '.join(failed[:3])}): records stay archived and pending")
        return written

    def add_many(self, records: Iterable[Record]) -> int:
        """Index records and their tasks; the number of records written."""
        docs: list = []
        self.setup()
        refresh = {"refresh": "wait_for"} if self.refresh else {}
        self._bulk(self._actions(records, self.documents, self.tasks, docs), "index documents",
                   require_alias=True, **refresh)
        if docs:
            # A record indexed again (reprocessed) may have fewer tasks than before.
            keep = [t.id for d in docs for t in d.tasks]
            with self._unavailable("drop outdated tasks"):
                self.client.delete_by_query(
                    index=self.tasks, conflicts="proceed", refresh=self.refresh,
                    query={"bool": {"filter": [{"terms": {"document_id": [d.id for d in docs]}}],
                                    "must_not": [{"ids": {"values": keep}}]}})
        return len(docs)

    def remove(self, record_id: str) -> None:
        self.setup()
        with self._unavailable("remove a document"):
            self.client.options(ignore_status=404).delete(index=self.documents, id=record_id,
                                                          refresh="true" if self.refresh else "false")
            self.client.delete_by_query(index=self.tasks, conflicts="proceed", refresh=self.refresh,
                                        query={"term": {"document_id": record_id}})

    def rebuild(self, records: Iterable[Record]) -> int:
        """Load every record into new versioned indices and swap the aliases to them in one
        atomic call; the old indices are deleted afterwards. On any failure the new indices
        are dropped and the aliases left as they were. The number of records loaded."""
        self.setup()
        with self._unavailable("rebuild the index"):
            old = {alias: self._indices(alias) for alias in (self.documents, self.tasks)}
            version = 1 + max((int(m.group(1)) for names in old.values() for n in names
                               if (m := _VERSION.search(n))), default=0)
            new = {alias: f"{alias}-v{version}" for alias in old}
            for index in new.values():
                # no refreshes while loading; the template gives the analysis and mappings
                self.client.indices.create(index=index, settings={"index": {"refresh_interval": "-1"}})
        try:
            docs: list = []
            self._bulk(self._actions(records, new[self.documents], new[self.tasks], docs), "rebuild the index")
            with self._unavailable("rebuild the index"):
                targets = ",".join(new.values())
                self.client.indices.put_settings(index=targets, settings={"index": {"refresh_interval": None}})
                self.client.indices.refresh(index=targets)
                actions = [{"remove": {"index": index, "alias": alias}} for alias, names in old.items()
                           for index in names]
                actions += [{"add": {"index": new[alias], "alias": alias}} for alias in old]
                self.client.indices.update_aliases(actions=actions)
        except BaseException:
            with contextlib.suppress(ApiError, TransportError):
                self.client.options(ignore_status=404).indices.delete(index=",".join(new.values()))
            raise
        stale = [index for names in old.values() for index in names]
        if stale:
            with self._unavailable("delete the previous index"):
                self.client.options(ignore_status=404).indices.delete(index=",".join(stale))
        return len(docs)

    # -- reading -----------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        body = search_body(query)
        try:
            with self._unavailable("search"):
                if query.offset + query.limit <= MAX_WINDOW:
                    response = self.client.search(index=self.documents,
                                                  body={**body, "from": query.offset, "size": query.limit}).body
                else:
                    response = self._deep_search(body, query.offset, query.limit)
        except IndexUnavailableError as err:
            if _index_missing(err.__cause__):
                return SearchResult(total=0, hits=[], facets={})  # nothing indexed yet
            raise
        return result(response, query)

    def _deep_search(self, body: dict, offset: int, limit: int) -> dict:
        """A page past the first 10,000 hits: a point in time, walked with search_after in
        pages of up to 10,000 (sort values only) to the offset, then the page itself."""
        pit = self.client.open_point_in_time(index=self.documents, keep_alive=PIT_KEEP_ALIVE)["id"]
        try:
            first: dict = {}  # the first page's answer: the total and the facets
            after, seen = None, 0
            exhausted = False
            while seen < offset:
                size = min(MAX_WINDOW, offset - seen)
                page = {"query": body["query"], "sort": body["sort"], "size": size, "_source": False,
                        "track_total_hits": not first,
                        "pit": {"id": pit, "keep_alive": PIT_KEEP_ALIVE}}
                if not first:
                    page["aggs"] = body["aggs"]
                if after is not None:
                    page["search_after"] = after
                response = self.client.search(body=page).body
                pit = response.get("pit_id", pit)
                first = first or response
                hits = response["hits"]["hits"]
                seen += len(hits)
                if hits:
                    after = hits[-1]["sort"]
                if len(hits) < size:
                    exhausted = True
                    break
            last = {k: v for k, v in body.items() if k not in ("aggs", "track_total_hits")}
            last.update(size=limit, track_total_hits=False, pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE})
            if after is not None:
                last["search_after"] = after
            hits = [] if exhausted else self.client.search(body=last).body["hits"]["hits"]
            total = first["hits"]["total"] if first else 0
            return {"hits": {"total": total, "hits": hits}, "aggregations": first.get("aggregations", {})}
        finally:
            with contextlib.suppress(ApiError, TransportError):
                self.client.close_point_in_time(id=pit)

    def count(self) -> int:
        try:
            with self._unavailable("count documents"):
                return int(self.client.count(index=self.documents)["count"])
        except IndexUnavailableError as err:
            if _index_missing(err.__cause__):
                return 0
            raise

    def close(self) -> None:
        self.client.close()


def _index_missing(err: BaseException | None) -> bool:
    return isinstance(err, NotFoundError) and "index_not_found" in str(err.message)


def _reason(err: ApiError) -> str:
    body = err.body if isinstance(err.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        causes = error.get("root_cause") or [error]
        return _one_line(f"{causes[0].get('type', '')}: {causes[0].get('reason', '')}".strip(": "))
    return _one_line(error or err.message)


def _one_line(text, limit: int = 240) -> str:
    """`text` on one line, shortened, without credentials of any URL in it."""
    text = re.sub(r"://[^/@\s'\"]*@", "://", " ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _redact(url: str | None) -> str:
    """The URL without any user:password in it."""
    return re.sub(r"^([A-Za-z][\w+.-]*://)?[^/@]*@", r"\1", url or "")
