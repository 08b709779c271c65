"""The Elasticsearch backend at the wire: the official client talks to a recording stand-in on
127.0.0.1 (tests/es_wire.py), and the tests read back exactly what was sent — templates,
bulk lines, alias swaps, search bodies, deep paging, retries, auth — and how failures are
reported. The same behaviour against a live cluster is tests/test_index_contract.py."""

import base64
import re
import socket

import pytest
from elasticsearch import Elasticsearch

from chidao.config import Config
from chidao.errors import ConfigError, IndexUnavailableError
from chidao.index import Index, parse_query
from chidao.index.elastic import ElasticBackend
from chidao.index.sqlite_schema import body_key
from chidao.record import DocumentInfo, Record, Source, Task, TaskDeadline, Text
from tests.es_wire import EsWire

RID = "sha256:" + "ab" * 32


def _record(rid: str = RID, tasks: int = 2) -> Record:
    return Record(
        id=rid, source=Source("/in/2858.txt", rid[7:], "text/plain", 1),
        text=Text("plain", "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy Đảng xây dựng chính quyền thân thiện."),
        document=DocumentInfo(number="2858-CV/TU", type="Công văn", issuer="Tỉnh ủy Bắc Giang", date="2024-02-07",
                              subject="nâng cao chất lượng chính quyền thân thiện"),
        tasks=[Task(f"{rid}#{i}", str(i), f"Nhiệm vụ {i} của Sở Nội vụ", lead=["Sở Nội vụ"],
                    cooperating=["Sở Tài chính"] if i == 1 else [],
                    deadlines=[TaskDeadline("trước 30/6/2024", "by", f"2024-0{5 + i}-30")])
               for i in range(1, tasks + 1)])


@pytest.fixture
def wire():
    with EsWire() as w:
        yield w


def _backend(wire: EsWire, **config) -> ElasticBackend:
    return ElasticBackend.from_config(Config(es_url=wire.url, **config), initial_backoff=0.01)


def _searches(wire: EsWire):
    return wire.find("POST", r"(/[^/]+)?/_search")


def test_the_stand_in_looks_like_elasticsearch_8(wire):
    info = Elasticsearch(wire.url).info()
    assert info["version"]["number"] == "8.15.0" and info["tagline"] == "You Know, for Search"
    assert info["version"]["build_flavor"] == "default"


def test_first_write_puts_composable_templates_and_versioned_indices(wire):
    _backend(wire).add_many([_record()])
    analysis = wire.templates["_component_template/chidao-analysis"]["template"]["settings"]["analysis"]
    assert analysis["filter"]["chidao_fold"] == {"type": "asciifolding"}
    assert analysis["analyzer"]["chidao_folded"]["filter"] == ["lowercase", "chidao_fold"]
    assert analysis["analyzer"]["chidao_text"]["filter"] == ["lowercase"]
    assert analysis["tokenizer"]["chidao_syllables"]["type"] == "pattern"

    props = wire.templates["_component_template/chidao-documents-mappings"]["template"]["mappings"]["properties"]
    for name in ("subject", "task_text", "content"):
        assert props[name]["analyzer"] == "chidao_text"
        assert props[name]["fields"]["folded"]["analyzer"] == "chidao_folded"
    for name in ("number", "type", "type_key", "issuer", "issuer_canonical", "bodies", "body_keys", "year"):
        assert props[name]["type"] == "keyword", name
    assert props["issuer_canonical"]["fields"]["folded"]["analyzer"] == "chidao_folded"
    assert props["number_key"] == {"type": "text", "analyzer": "chidao_folded"}
    assert props["date"]["type"] == props["dues"]["type"] == "date"
    tasks = wire.templates["_component_template/chidao-tasks-mappings"]["template"]["mappings"]["properties"]
    assert tasks["due"]["type"] == "date" and tasks["document_id"]["type"] == "keyword"

    for kind in ("documents", "tasks"):
        template = wire.templates[f"_index_template/chidao-{kind}"]
        assert template["index_patterns"] == [f"chidao-{kind}-v*"]
        assert template["composed_of"] == ["chidao-analysis", f"chidao-{kind}-mappings"]
        [create] = wire.find("PUT", f"/chidao-{kind}-v1")
        assert create.body == {"aliases": {f"chidao-{kind}": {}}}
    assert wire.aliases() == {"chidao-documents": ["chidao-documents-v1"], "chidao-tasks": ["chidao-tasks-v1"]}


def test_icu_folding_when_every_node_has_the_plugin(wire):
    wire.plugins = ["analysis-icu"]
    _backend(wire, es_prefix="arch").add_many([_record()])
    analysis = wire.templates["_component_template/arch-analysis"]["template"]["settings"]["analysis"]
    assert analysis["filter"]["chidao_fold"] == {"type": "icu_folding"}
    assert wire.find("GET", "/_nodes/plugins")
    assert set(wire.aliases()) == {"arch-documents", "arch-tasks"}


def test_setup_runs_once_and_an_existing_alias_is_kept(wire):
    backend = _backend(wire)
    backend.add_many([_record()])
    backend.add_many([_record()])
    assert len(wire.find("PUT", "/_index_template/chidao-documents")) == 1
    again = _backend(wire)
    again.add_many([_record()])
    assert len(wire.find("PUT", "/chidao-documents-v1")) == 1  # the alias existed: nothing created


def test_bulk_sends_one_document_and_one_line_per_task(wire):
    assert _backend(wire).add_many([_record()]) == 1
    [bulk] = wire.find("PUT", "/_bulk")
    assert bulk.query["require_alias"] == "true"  # never auto-create a concrete index
    assert bulk.headers["content-type"].startswith("application/vnd.elasticsearch+x-ndjson")
    lines = bulk.body
    assert lines[0] == {"index": {"_index": "chidao-documents", "_id": RID}}
    doc = lines[1]
    assert doc["number"] == "2858-CV/TU" and doc["number_words"] == ["2858", "cv", "tu"]
    assert doc["type_key"] == "cong van" and doc["year"] == "2024" and doc["date"] == "2024-02-07"
    assert doc["dues"] == ["2024-06-30", "2024-07-30"]
    assert doc["bodies"] == ["Sở Nội vụ", "Sở Tài chính"]
    assert doc["lead_keys"] == [body_key("Sở Nội vụ")] and doc["cooperating_keys"] == [body_key("Sở Tài chính")]
    assert lines[2] == {"index": {"_index": "chidao-tasks", "_id": f"{RID}#1"}}
    assert lines[3]["document_id"] == RID and lines[3]["due"] == "2024-06-30" and lines[3]["ordinal"] == "1"
    assert lines[3]["lead_canonical"] == ["Sở Nội vụ"] and lines[3]["recurring"] is False
    assert len(lines) == 6
    # tasks a re-extraction dropped are deleted, the current ones kept
    [stale] = wire.find("POST", "/chidao-tasks/_delete_by_query")
    assert stale.body["query"]["bool"]["must_not"] == [{"ids": {"values": [f"{RID}#1", f"{RID}#2"]}}]


def test_items_refused_with_429_are_retried_alone(wire):
    wire.bulk_429_once = {f"{RID}#2"}
    assert _backend(wire).add_many([_record()]) == 1
    first, retry = wire.find("PUT", "/_bulk")
    assert len(first.body) == 6
    assert retry.body == [{"index": {"_index": "chidao-tasks", "_id": f"{RID}#2"}}, first.body[5]]
    assert f"{RID}#2" in wire.documents["chidao-tasks-v1"]


def test_an_item_refused_for_good_is_an_error(wire):
    wire.bulk_refuse = {RID: (400, {"type": "document_parsing_exception",
                                    "reason": "[1:42] failed to parse field [date]\nof type [date]"})}
    with pytest.raises(IndexUnavailableError) as err:
        _backend(wire).add_many([_record()])
    message = str(err.value)
    assert "refused 1 of 3 writes" in message and RID in message and "failed to parse" in message
    assert "\n" not in message
    assert len(wire.find("PUT", "/_bulk")) == 1  # a 400 is not retried


def test_rebuild_loads_new_indices_and_swaps_both_aliases_in_one_call(wire):
    backend = _backend(wire)
    backend.add_many([_record()])
    start = len(wire.requests)
    other = _record("sha256:" + "cd" * 32, tasks=1)
    assert backend.rebuild(iter([_record(), other])) == 2
    sent = [(r.method, r.path) for r in wire.requests[start:]]
    assert sent == [
        ("GET", "/_alias/chidao-documents"), ("GET", "/_alias/chidao-tasks"),
        ("PUT", "/chidao-documents-v2"), ("PUT", "/chidao-tasks-v2"),
        ("PUT", "/_bulk"),
        ("PUT", "/chidao-documents-v2,chidao-tasks-v2/_settings"),
        ("POST", "/chidao-documents-v2,chidao-tasks-v2/_refresh"),
        ("POST", "/_aliases"),
        ("DELETE", "/chidao-documents-v1,chidao-tasks-v1"),
    ]
    create = wire.find("PUT", "/chidao-documents-v2")[0]
    assert create.body == {"settings": {"index": {"refresh_interval": "-1"}}}
    bulk = wire.find("PUT", "/_bulk")[-1]
    assert {line["index"]["_index"] for line in bulk.body[::2] if "index" in line} == \
        {"chidao-documents-v2", "chidao-tasks-v2"}
    assert "require_alias" not in bulk.query
    [swap] = wire.find("POST", "/_aliases")
    assert swap.body["actions"] == [
        {"remove": {"index": "chidao-documents-v1", "alias": "chidao-documents"}},
        {"remove": {"index": "chidao-tasks-v1", "alias": "chidao-tasks"}},
        {"add": {"index": "chidao-documents-v2", "alias": "chidao-documents"}},
        {"add": {"index": "chidao-tasks-v2", "alias": "chidao-tasks"}},
    ]
    assert wire.aliases() == {"chidao-documents": ["chidao-documents-v2"], "chidao-tasks": ["chidao-tasks-v2"]}
    assert set(wire.indices) == {"chidao-documents-v2", "chidao-tasks-v2"}
    assert set(wire.documents["chidao-documents-v2"]) == {RID, other.id}


def test_a_failed_rebuild_leaves_the_old_index_in_place(wire):
    backend = _backend(wire)
    backend.add_many([_record()])
    wire.bulk_refuse = {RID: (400, {"type": "document_parsing_exception", "reason": "bad"})}
    with pytest.raises(IndexUnavailableError, match="refused 1 of 3"):
        backend.rebuild([_record()])
    assert not wire.find("POST", "/_aliases")
    assert wire.find("DELETE", "/chidao-documents-v2,chidao-tasks-v2")
    assert wire.aliases() == {"chidao-documents": ["chidao-documents-v1"], "chidao-tasks": ["chidao-tasks-v1"]}


def test_remove_deletes_the_document_and_its_tasks(wire):
    backend = _backend(wire)
    backend.add_many([_record()])
    backend.remove(RID)
    backend.remove(RID)  # already gone: not an error
    assert len(wire.find("DELETE", f"/chidao-documents/_doc/{RID}")) == 2
    drops = [r.body for r in wire.find("POST", "/chidao-tasks/_delete_by_query")][-2:]
    assert drops == [{"query": {"term": {"document_id": RID}}}] * 2


def test_search_body_words_phrase_prefix_filters_facets_highlight(wire):
    query = parse_query('Đảng "thiên tai" quy* loai:"Chỉ thị" co-quan:"Tỉnh ủy" don-vi:"Sở Nội vụ" '
                        "tu:2024-01-01 den:2024-06 han-tu:2024-03 han-den:2024-12",
                        role="lead", limit=5, offset=10)
    _backend(wire).search(query)
    [search] = _searches(wire)
    assert search.path == "/chidao-documents/_search"
    body = search.body
    assert body["from"] == 10 and body["size"] == 5 and body["track_total_hits"] is True
    phrase, word, prefix = body["query"]["bool"]["must"]  # phrases first, as parse_query gives them
    fields = word["multi_match"]["fields"]
    assert word["multi_match"]["query"] == "đảng" and word["multi_match"]["operator"] == "and"
    assert "subject^8" in fields and "content.folded^0.6" in fields and "number_key^30" in fields
    assert phrase["multi_match"]["query"] == "thiên tai" and phrase["multi_match"]["type"] == "phrase"
    assert "content^1.2" in phrase["multi_match"]["fields"] and "operator" not in phrase["multi_match"]
    assert {"prefix": {"content.folded": {"value": "quy", "boost": 0.6}}} in prefix["bool"]["should"]
    assert all("content" not in s["prefix"] for s in prefix["bool"]["should"])  # unaccented: folded only
    assert body["query"]["bool"]["filter"] == [
        {"term": {"type_key": "chi thi"}},
        {"match_phrase": {"issuer_canonical.folded": {"query": "Tỉnh ủy", "zero_terms_query": "all"}}},
        {"term": {"lead_keys": body_key("Sở Nội vụ")}},
        {"range": {"date": {"gte": "2024-01-01", "lte": "2024-06-30"}}},
        {"range": {"dues": {"gte": "2024-03-01", "lte": "2024-12-31"}}},
    ]
    assert body["aggs"]["type"] == {"terms": {"field": "type", "size": 12}}
    assert body["aggs"]["issuer"]["terms"]["field"] == "issuer_canonical"
    assert body["aggs"]["year"]["terms"] == {"field": "year", "size": 12, "order": {"_key": "desc"}}
    assert body["aggs"]["body"]["terms"]["field"] == "bodies"
    highlight = body["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert {"subject", "task_text", "content", "content.folded"} <= set(highlight["fields"])
    assert body["sort"][0] == {"_score": "desc"} and body["sort"][1]["date"]["order"] == "desc"


def test_number_queries_boost_the_documents_own_number(wire):
    _backend(wire).search(parse_query("2858-CV/TU"))
    body = _searches(wire)[0].body["query"]["bool"]
    assert [c["multi_match"]["query"] for c in body["must"]] == ["2858", "cv", "tu"]
    assert all(not f.startswith(("subject^", "content^")) for f in body["must"][0]["multi_match"]["fields"])
    [own] = body["should"]
    assert own["constant_score"]["_name"] == "own_number"
    assert own["constant_score"]["filter"]["bool"]["filter"] == [
        {"term": {"number_words": "2858"}}, {"term": {"number_words": "cv"}}, {"term": {"number_words": "tu"}}]


def test_words_and_a_number_filter_both_apply(wire):
    _backend(wire).search(parse_query("thân thiện so:2858-CV/TU"))
    body = _searches(wire)[0].body["query"]["bool"]
    assert [c["multi_match"]["query"] for c in body["must"]] == ["thân", "thiện"] and body["should"] == []
    assert body["filter"] == [{"term": {"number_words": w}} for w in ("2858", "cv", "tu")]


def test_sort_by_date_and_an_empty_query(wire):
    backend = _backend(wire)
    backend.search(parse_query("thân thiện", sort="date"))
    backend.search(parse_query(""))
    by_date, empty = (r.body for r in _searches(wire))
    assert by_date["sort"][0] == {"date": {"order": "desc", "missing": "_last"}} and by_date["track_scores"]
    assert empty["query"]["bool"]["must"] == [{"match_all": {}}]
    assert "_score" not in str(empty["sort"])


def test_hits_facets_and_snippets_are_read_back(wire):
    hits = [
        {"_index": "chidao-documents-v1", "_id": RID, "_score": 10_012.5, "matched_queries": ["own_number"],
         "_source": {"id": RID, "number": "2858-CV/TU", "type": "Công văn", "issuer": "Tỉnh ủy Bắc Giang",
                     "date": "2024-02-07", "subject": "nâng cao chất lượng"},
         "highlight": {"content": ["các cấp ủy <mark>Đảng</mark> &amp;\n  xây dựng"],
                       "content.folded": ["cấp ủy <mark>Đảng</mark>, <mark>đang</mark>\n<mark>xây</mark>"]},
         "sort": [10_012.5, 1707264000000, RID]},
        {"_index": "chidao-documents-v1", "_id": "sha256:2", "_score": 3.25, "_source": {"id": "sha256:2"},
         "highlight": {"content": ["Văn bản không có từ khớp &lt;x&gt;"]}},
    ]
    aggs = {"type": EsWire.terms_agg(("Công văn", 1), ("Báo cáo", 1)),
            "issuer": EsWire.terms_agg(("Tỉnh ủy Bắc Giang", 1)),
            "year": EsWire.terms_agg(("2024", 2)), "body": EsWire.terms_agg(("Sở Nội vụ", 2))}
    wire.existing("chidao-documents").search_responder = \
        lambda request: EsWire.search_response(hits, total=42, aggregations=aggs)
    found = _backend(wire).search(parse_query("Đảng xây"))
    assert found.total == 42
    first, second = found.hits
    assert (first.id, first.number, first.type, first.issuer, first.date, first.subject) == \
        (RID, "2858-CV/TU", "Công văn", "Tỉnh ủy Bắc Giang", "2024-02-07", "nâng cao chất lượng")
    assert first.score == 12.5  # the own-number boost is not shown
    assert first.snippet == "cấp ủy <mark>Đảng</mark>, <mark>đang</mark> <mark>xây</mark>"  # the folded field marks more
    assert second.snippet == "Văn bản không có từ khớp &lt;x&gt;" and second.number is None
    assert found.facets == {"type": [("Công văn", 1), ("Báo cáo", 1)], "issuer": [("Tỉnh ủy Bắc Giang", 1)],
                            "year": [("2024", 2)], "body": [("Sở Nội vụ", 2)]}


def _pages(wire: EsWire, total: int):
    """Answer PIT searches with consecutive hits, `size` at a time, after `search_after`."""
    def respond(request):
        start = request.body["search_after"][0] + 1 if "search_after" in request.body else 0
        hits = [{"_index": "chidao-documents-v1", "_id": f"d{i}", "_score": None, "sort": [i, f"d{i}"],
                 **({"_source": {"id": f"d{i}"}} if request.body.get("_source") is not False else {})}
                for i in range(start, min(total, start + request.body["size"]))]
        aggs = {"type": EsWire.terms_agg(("Công văn", total))} if "aggs" in request.body else None
        return EsWire.search_response(hits, total=total, aggregations=aggs, pit_id=request.body["pit"]["id"])
    wire.existing("chidao-documents").search_responder = respond


def test_pages_past_10000_walk_a_point_in_time_with_search_after(wire):
    _pages(wire, total=30_000)
    found = _backend(wire).search(parse_query("", sort="date", offset=25_000, limit=20))
    assert [h.id for h in found.hits] == [f"d{i}" for i in range(25_000, 25_020)]
    assert found.total == 30_000 and found.facets["type"] == [("Công văn", 30_000)]
    [pit] = wire.find("POST", "/chidao-documents/_pit")
    assert pit.query["keep_alive"] == "1m"
    walks = _searches(wire)
    assert all(r.path == "/_search" and r.body["pit"]["id"] == "pit-1" and "from" not in r.body for r in walks)
    assert [r.body["size"] for r in walks] == [10_000, 10_000, 5_000, 20]
    assert [r.body.get("search_after") for r in walks] == [None, [9_999, "d9999"], [19_999, "d19999"],
                                                          [24_999, "d24999"]]
    assert walks[0].body["track_total_hits"] is True
    assert all(r.body["_source"] is False and "highlight" not in r.body for r in walks[:3])
    assert "aggs" in walks[0].body and all("aggs" not in r.body for r in walks[1:])
    assert "highlight" in walks[3].body and walks[3].body["_source"] == ["id", "number", "type", "issuer", "date",
                                                                         "subject"]
    [close] = wire.find("DELETE", "/_pit")
    assert close.body == {"id": "pit-1"} and not wire.pits_open


def test_a_page_past_the_last_hit_is_empty_and_the_pit_closed(wire):
    _pages(wire, total=12_000)
    found = _backend(wire).search(parse_query("", offset=15_000, limit=10))
    assert found.total == 12_000 and found.hits == []
    assert [r.body["size"] for r in _searches(wire)] == [10_000, 5_000]
    assert not wire.pits_open


def test_pages_within_10000_use_from_and_size(wire):
    _backend(wire).search(parse_query("", offset=9_980, limit=20))
    [search] = _searches(wire)
    assert search.body["from"] == 9_980 and search.body["size"] == 20
    assert not wire.find("POST", "/chidao-documents/_pit")


def test_api_key_and_basic_auth_headers(wire):
    _backend(wire, es_api_key="c2VjcmV0").search(parse_query("x"))
    _backend(wire, es_api_key="kid:secret").search(parse_query("x"))
    _backend(wire, es_user="elastic", es_password="pä").search(parse_query("x"))
    encoded, pair, basic = (r.headers["authorization"] for r in _searches(wire))
    assert encoded == "ApiKey c2VjcmV0"
    assert pair == "ApiKey " + base64.b64encode(b"kid:secret").decode()
    assert basic == "Basic " + base64.b64encode("elastic:pä".encode()).decode()


def test_a_refused_connection_is_one_clear_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    backend = ElasticBackend.from_config(Config(es_url=f"http://elastic:hunter2@127.0.0.1:{port}"))
    for call in (lambda: backend.search(parse_query("Đảng")), lambda: backend.add_many([_record()]),
                 lambda: backend.count()):
        with pytest.raises(IndexUnavailableError) as err:
            call()
        message = str(err.value)
        assert "\n" not in message and f"http://127.0.0.1:{port}" in message and "unreachable" in message
        assert "hunter2" not in message
    # through the Index: the record stays archived and pending
    index = Index(Config(home=tmp_path, es_url=f"http://127.0.0.1:{port}"))
    try:
        assert index.backends == ["sqlite", "elasticsearch"]
        assert index.add_or_mark_pending(_record()) is False
        assert index.is_pending(RID)
    finally:
        index.close()


@pytest.mark.parametrize("settings, words", [
    ({"es_url": "not a url"}, "CHIDAO_ES_URL 'not a url' cannot be used"),
    ({"es_url": "127.0.0.1:9200"}, "write it as https://host:9200"),
    ({"es_url": "http://elastic:hunter2@[::1:9200"}, "CHIDAO_ES_URL 'http://[::1:9200' cannot be used"),
    ({"es_url": "https://127.0.0.1:9200", "es_ca_certs": "/nowhere/http_ca.crt"}, "CHIDAO_ES_CA_CERTS"),
])
def test_settings_that_cannot_work_are_config_errors(settings, words):
    with pytest.raises(ConfigError, match=re.escape(words)) as err:
        ElasticBackend.from_config(Config(**settings))
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize("status, words", [(503, "503"), (401, "CHIDAO_ES_API_KEY"), (429, "429")])
def test_server_errors_are_index_unavailable(wire, status, words):
    wire.existing("chidao-documents").fail("POST", "/chidao-documents/_search", status)
    with pytest.raises(IndexUnavailableError, match=words) as err:
        _backend(wire).search(parse_query("Đảng"))
    assert "\n" not in str(err.value)


def test_a_server_that_is_not_elasticsearch_is_refused(wire):
    wire.product = None
    for call in (lambda backend: backend.add_many([_record()]), lambda backend: backend.search(parse_query("x"))):
        wire.existing("chidao-documents")
        with pytest.raises(IndexUnavailableError, match="is not Elasticsearch"):
            call(_backend(wire))


def test_nothing_indexed_yet_searches_empty(wire):
    backend = _backend(wire)
    assert backend.search(parse_query("Đảng")).total == 0
    assert backend.count() == 0
    assert not wire.find("PUT", r"/_index_template/.*")  # reading needs no write privileges


def test_the_index_facade_writes_both_backends(wire, tmp_path):
    index = Index(Config(home=tmp_path, es_url=wire.url))
    try:
        index.add(_record())
        assert index.store.count() == 1
        [bulk] = wire.find("PUT", "/_bulk")
        assert bulk.body[0]["index"]["_id"] == RID
        wire.count = 1
        assert index.search_backend.count() == 1
    finally:
        index.close()
