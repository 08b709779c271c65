"""A recording stand-in for an Elasticsearch 8 cluster on 127.0.0.1, for tests at the wire.

EsWire runs a ThreadingHTTPServer in a thread, records every request (method, path, query
string, headers, JSON body or NDJSON lines) and answers each route with JSON shaped like the
real server's, with the `X-Elastic-Product: Elasticsearch` header the client insists on. It
keeps just enough state (indices and their aliases, templates, documents written) for the
backend to behave as against a real cluster; what is searched is scripted by the test.

    with EsWire() as wire:
        wire.bulk_429_once = {"sha256:abc"}     # that item is rejected once with 429
        wire.search_responder = lambda req: wire.search_response(hits=[...])
        backend = ElasticBackend(Elasticsearch(wire.url), ...)
        ...
        [bulk] = wire.find("PUT", "/_bulk")
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote, urlsplit

HEADERS = {"X-Elastic-Product": "Elasticsearch",
           "Content-Type": "application/vnd.elasticsearch+json;compatible-with=8"}

INFO = {
    "name": "wire-node-1", "cluster_name": "wire", "cluster_uuid": "x6wsbD1UQRCy8Vt3tWmuYg",
    "version": {"number": "8.15.0", "build_flavor": "default", "build_type": "docker",
                "build_hash": "1a77947f34deddb41af25e6f0ddb8e830159c179",
                "build_date": "2024-08-05T10:05:34.233336849Z", "build_snapshot": False,
                "lucene_version": "9.11.1", "minimum_wire_compatibility_version": "7.17.0",
                "minimum_index_compatibility_version": "7.0.0"},
    "tagline": "You Know, for Search",
}
_SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
_ACK = {"acknowledged": True}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any          # a dict (JSON), a list of dicts (NDJSON), or None
    raw: bytes = b""


def error(status: int, kind: str, reason: str, **extra) -> tuple[int, dict]:
    cause = {"type": kind, "reason": reason, **extra}
    return status, {"error": {"root_cause": [cause], **cause}, "status": status}


@dataclass
class EsWire:
    plugins: list[str] = field(default_factory=list)         # e.g. ["analysis-icu"]
    bulk_429_once: set[str] = field(default_factory=set)     # ids refused with 429 on their first try
    bulk_refuse: dict[str, tuple[int, dict]] = field(default_factory=dict)  # ids always refused
    failures: list[tuple[str, str, int, dict]] = field(default_factory=list)  # (method, path regex, status, body)
    search_responder: Callable[[Request], dict] | None = None
    count: int = 0
    product: str | None = "Elasticsearch"                    # None: answer as a server that is not ES

    def __post_init__(self):
        self.requests: list[Request] = []
        self.indices: dict[str, set[str]] = {}     # index → its aliases
        self.templates: dict[str, dict] = {}       # "_component_template/x" → body
        self.documents: dict[str, dict[str, dict]] = {}  # index → id → source
        self.pits_open: set[str] = set()
        self._pit_counter = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> "EsWire":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        wire = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self):
                wire._handle(self)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- what was asked --------------------------------------------------------------
    def find(self, method: str, path: str) -> list[Request]:
        """The requests with this method whose path matches the regex `path` entirely."""
        return [r for r in self.requests if r.method == method and re.fullmatch(path, r.path)]

    def fail(self, method: str, path: str, status: int, body: dict | None = None) -> None:
        """Answer every `method path` (regex) with `status` from now on."""
        self.failures.append((method, path, status, body or error(status, "wire_failure", "scripted")[1]))

    def existing(self, *aliases: str) -> "EsWire":
        """Make `<alias>-v1` behind each alias, as a first write would."""
        for alias in aliases:
            self.indices.setdefault(f"{alias}-v1", set()).add(alias)
        return self

    def aliases(self) -> dict[str, list[str]]:
        """alias → the indices behind it."""
        out: dict[str, list[str]] = {}
        for index, names in sorted(self.indices.items()):
            for alias in names:
                out.setdefault(alias, []).append(index)
        return out

    # -- canned search answers -------------------------------------------------------
    @staticmethod
    def search_response(hits: list[dict] = (), total: int | None = None, aggregations: dict | None = None,
                        pit_id: str | None = None) -> dict:
        out = {"took": 3, "timed_out": False, "_shards": _SHARDS,
               "hits": {"total": {"value": len(hits) if total is None else total, "relation": "eq"},
                        "max_score": max((h.get("_score") or 0 for h in hits), default=None), "hits": list(hits)}}
        if aggregations is not None:
            out["aggregations"] = aggregations
        if pit_id:
            out["pit_id"] = pit_id
        return out

    @staticmethod
    def terms_agg(*buckets: tuple[str, int]) -> dict:
        return {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
                "buckets": [{"key": k, "doc_count": n} for k, n in buckets]}

    # -- serving ---------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        request = Request(handler.command, unquote(url.path), dict(parse_qsl(url.query)),
                          {k.lower(): v for k, v in handler.headers.items()}, _parse(raw), raw)
        with self._lock:
            self.requests.append(request)
            status, body = self._route(request)
        payload = b"" if body is None else json.dumps(body).encode()
        handler.send_response(status)
        for name, value in HEADERS.items():
            if name != "X-Elastic-Product" or self.product:
                handler.send_header(name, value if name != "X-Elastic-Product" else self.product)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(payload)

    def _route(self, r: Request) -> tuple[int, dict | None]:
        for method, pattern, status, body in self.failures:
            if r.method == method and re.fullmatch(pattern, r.path):
                return status, body
        m, parts = r.method, [p for p in r.path.split("/") if p]
        if m == "GET" and not parts:
            return 200, INFO
        if parts[:1] == ["_nodes"]:
            return 200, {"_nodes": {"total": 1, "successful": 1, "failed": 0}, "cluster_name": "wire",
                         "nodes": {"n1": {"name": "wire-node-1", "version": "8.15.0", "plugins": [
                             {"name": p, "version": "8.15.0", "classname": "x"} for p in self.plugins]}}}
        if parts[:1] == ["_cat"] and parts[1:2] == ["plugins"]:
            return 200, [{"name": "wire-node-1", "component": p, "version": "8.15.0"} for p in self.plugins]
        if m == "PUT" and parts[0] in ("_component_template", "_index_template"):
            self.templates[f"{parts[0]}/{parts[1]}"] = r.body
            return 200, _ACK
        if parts[0] == "_alias" and m in ("HEAD", "GET"):
            found = {i: {"aliases": {parts[1]: {}}} for i, names in self.indices.items() if parts[1] in names}
            if not found:
                return 404, None if m == "HEAD" else {"error": f"alias [{parts[1]}] missing", "status": 404}
            return 200, None if m == "HEAD" else found
        if m == "POST" and parts == ["_aliases"]:
            return self._update_aliases(r.body["actions"])
        if parts[-1:] == ["_bulk"]:
            return 200, self._bulk(r)
        if parts[0] == "_pit" and m == "DELETE":
            freed = r.body["id"] in self.pits_open
            self.pits_open.discard(r.body["id"])
            return 200, {"succeeded": True, "num_freed": int(freed)}
        if parts[-1:] == ["_pit"] and m == "POST":
            missing = self._missing(parts[0])
            if missing:
                return missing
            self._pit_counter += 1
            pit = f"pit-{self._pit_counter}"
            self.pits_open.add(pit)
            return 200, {"id": pit, "_shards": _SHARDS}
        if parts[-1:] == ["_search"]:
            missing = self._missing(parts[0]) if len(parts) == 2 else None
            if missing:
                return missing
            body = self.search_responder(r) if self.search_responder else self.search_response()
            return 200, body
        if parts[-1:] == ["_count"]:
            return self._missing(parts[0]) or (200, {"count": self.count, "_shards": _SHARDS})
        if parts[-1:] == ["_refresh"]:
            return 200, {"_shards": _SHARDS}
        if parts[-1:] == ["_settings"] and m == "PUT":
            return 200, _ACK
        if parts[-1:] == ["_delete_by_query"]:
            return 200, {"took": 1, "timed_out": False, "total": 0, "deleted": 0, "batches": 0,
                         "version_conflicts": 0, "noops": 0, "failures": []}
        if len(parts) == 3 and parts[1] == "_doc" and m == "DELETE":
            index = self._resolve(parts[0])
            found = index is not None and self.documents.get(index, {}).pop(parts[2], None) is not None
            return (200 if found else 404), {"_index": index or parts[0], "_id": parts[2], "_version": 2,
                                             "result": "deleted" if found else "not_found", "_shards": _SHARDS}
        if len(parts) == 3 and parts[1] == "_alias" and m == "PUT":
            self.indices.setdefault(parts[0], set()).add(parts[2])
            return 200, _ACK
        if len(parts) == 1 and m == "PUT":
            return self._create(parts[0], r.body or {})
        if len(parts) == 1 and m == "DELETE":
            names = parts[0].split(",")
            if not any(n in self.indices for n in names) and "ignore_unavailable" not in r.query:
                return error(404, "index_not_found_exception", f"no such index [{names[0]}]", index=names[0])
            for name in names:
                self.indices.pop(name, None)
                self.documents.pop(name, None)
            return 200, _ACK
        return error(400, "wire_unrouted", f"the wire has no route for {m} {r.path}")

    def _resolve(self, name: str) -> str | None:
        if name in self.indices:
            return name
        behind = [i for i, names in self.indices.items() if name in names]
        return behind[0] if len(behind) == 1 else None

    def _missing(self, name: str) -> tuple[int, dict] | None:
        if any(self._resolve(n) for n in name.split(",")):
            return None
        return error(404, "index_not_found_exception", f"no such index [{name}]", index=name)

    def _create(self, index: str, body: dict) -> tuple[int, dict]:
        if index in self.indices:
            return error(400, "resource_already_exists_exception", f"index [{index}/uuid] already exists",
                         index=index)
        self.indices[index] = set(body.get("aliases", {}))
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": index}

    def _update_aliases(self, actions: list[dict]) -> tuple[int, dict]:
        for action in actions:   # all or nothing, as the real call
            (kind, spec), = action.items()
            if kind == "remove" and spec["alias"] not in self.indices.get(spec["index"], set()):
                return error(404, "aliases_not_found_exception", f"aliases [{spec['alias']}] missing")
            if spec["index"] not in self.indices:
                return error(404, "index_not_found_exception", f"no such index [{spec['index']}]")
        for action in actions:
            (kind, spec), = action.items()
            aliases = self.indices[spec["index"]]
            (aliases.discard if kind == "remove" else aliases.add)(spec["alias"])
        return 200, _ACK

    def _bulk(self, r: Request) -> dict:
        lines, items = list(r.body or []), []
        while lines:
            action = lines.pop(0)
            (op, meta), = action.items()
            source = lines.pop(0) if op in ("index", "create", "update") else None
            doc_id = meta.get("_id")
            item = {"_index": meta.get("_index"), "_id": doc_id, "_version": 1, "result": "created",
                    "_shards": _SHARDS, "_seq_no": 0, "_primary_term": 1, "status": 201}
            index = self._resolve(meta.get("_index", ""))
            if doc_id in self.bulk_429_once:
                self.bulk_429_once.discard(doc_id)
                item = {**item, "status": 429, "error": {
                    "type": "es_rejected_execution_exception",
                    "reason": "rejected execution of coordinating operation [shard_detail=[wire][0][P], "
                              "coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, "
                              "coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]"}}
            elif doc_id in self.bulk_refuse:
                status, err = self.bulk_refuse[doc_id]
                item = {**item, "status": status, "error": err}
            elif r.query.get("require_alias") == "true" and meta.get("_index") not in self.aliases():
                item = {**item, "status": 404, "error": {
                    "type": "index_not_found_exception", "index": meta.get("_index"),
                    "reason": f"no such index [{meta.get('_index')}] and [require_alias] request flag is "
                              "[true] and [{meta.get('_index')}] is not an alias"}}
            elif index is not None and source is not None:
                self.documents.setdefault(index, {})[doc_id] = source
            for key in ("result", "_shards", "_seq_no", "_primary_term", "_version"):
                if "error" in item:
                    item.pop(key, None)
            items.append({op: item})
        return {"took": 2, "errors": any("error" in i[next(iter(i))] for i in items), "items": items}


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
