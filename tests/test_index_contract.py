"""One behaviour, every search backend: the embedded SQLite store always, and a live
Elasticsearch when CHIDAO_ES_URL is set (with CHIDAO_ES_API_KEY / CHIDAO_ES_USER and
CHIDAO_ES_PASSWORD / CHIDAO_ES_CA_CERTS as needed; each run uses its own index prefix and
removes its indices and templates afterwards).

The records are real: the bundled plain-text samples and two small directives written here,
one about building the Đảng (Party), one about works đang (being) built, read, restored and
extracted by build_record. What the backends must return is computed from the same search
documents, not copied from either backend."""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from pathlib import Path

import pytest

from chidao.config import Config, load_config
from chidao.errors import ChidaoError
from chidao.index import SqliteStore, parse_query
from chidao.index.document import search_doc
from chidao.index.fold import fold
from chidao.index.query import SearchResult
from chidao.index.sqlite_schema import body_key, key
from chidao.recipe import build_record

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

PARTY = """TỈNH ỦY HÀ NAM
Số 15-CT/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nam, ngày 10 tháng 3 năm 2023

CHỈ THỊ
về tăng cường công tác xây dựng Đảng ở cơ sở

Ban Thường vụ Tỉnh ủy yêu cầu:

1. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ủy ban Kiểm tra Tỉnh ủy hướng dẫn các chi bộ Đảng rà soát
đảng viên, hoàn thành trước ngày 30/6/2023.

2. Các huyện ủy, thành ủy tổ chức quán triệt Chỉ thị này đến toàn thể cán bộ, đảng viên.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn An
"""

WORKS = """UBND HUYỆN LẠNG GIANG
Số 42/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Giang, ngày 05 tháng 9 năm 2022

KẾ HOẠCH
nạo vét kênh mương và các công trình đang thi công

Để bảo đảm tiến độ các công trình đang thi công trên địa bàn huyện, UBND huyện ban hành Kế hoạch như sau:

1. Phòng Nông nghiệp và Phát triển nông thôn chủ trì nạo vét kênh mương nội đồng, hoàn thành trước
ngày 31/12/2022.

2. Phòng Tài chính - Kế hoạch bố trí kinh phí cho các công trình đang thi công.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""

BACKENDS = ["sqlite", "elasticsearch"]
ALL = 50  # a limit above the number of records


# -- records and backends ----------------------------------------------------------------
@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """name → Record: the samples by their number ("004"), and "party", "works"."""
    folder = tmp_path_factory.mktemp("directives")
    config = Config(home=folder / "home")
    out = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        out[path.name[:3]] = build_record(path, config)
    for name, text in (("party", PARTY), ("works", WORKS)):
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out[name] = build_record(path, config)
    return out


@pytest.fixture(scope="module")
def docs(records):
    return {name: search_doc(r) for name, r in records.items()}


def _open(kind: str, folder: Path):
    if kind == "sqlite":
        return SqliteStore(folder / "chidao.db")
    if not os.environ.get("CHIDAO_ES_URL"):
        pytest.skip("set CHIDAO_ES_URL to run the contract suite against a live cluster")
    from chidao.index.elastic import ElasticBackend

    config = load_config(home=folder, es_prefix=f"chidao-test-{uuid.uuid4().hex[:12]}")
    return ElasticBackend.from_config(config, refresh=True, initial_backoff=0.5)


def _close(backend) -> None:
    if backend.name == "elasticsearch":
        client, prefix = backend.client, backend.prefix
        names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}-*").body)
        if names:  # by name: clusters refuse wildcard deletes (action.destructive_requires_name)
            client.indices.delete(index=",".join(names))
        for kind in ("documents", "tasks"):
            client.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-{kind}")
        for name in ("analysis", "documents-mappings", "tasks-mappings"):
            client.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-{name}")
    backend.close()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request, records, tmp_path_factory):
    """A backend holding every record (read-only tests share it)."""
    store = _open(request.param, tmp_path_factory.mktemp(request.param))
    try:
        assert store.add_many(records.values()) == len(records)
        yield store
    finally:
        _close(store)


@pytest.fixture(params=BACKENDS)
def fresh(request, tmp_path):
    """An empty backend of its own (tests that write)."""
    store = _open(request.param, tmp_path)
    yield store
    _close(store)


def _search(backend, text: str = "", **options) -> SearchResult:
    return backend.search(parse_query(text, limit=options.pop("limit", ALL), **options))


def _ids(result: SearchResult) -> list[str]:
    return [h.id for h in result.hits]


def _rank(result: SearchResult, record_id: str) -> int:
    ids = _ids(result)
    assert record_id in ids
    return ids.index(record_id)


# -- words -------------------------------------------------------------------------------
@pytest.mark.parametrize("accented, folded, name", [
    ("kênh mương", "kenh muong", "works"),
    ("chính quyền thân thiện", "chinh quyen than thien", "004"),
    ("Ủy ban Kiểm tra", "uy ban kiem tra", "party"),
])
def test_a_query_finds_its_document_with_and_without_diacritics(backend, records, accented, folded, name):
    assert records[name].id in _ids(_search(backend, accented))
    assert records[name].id in _ids(_search(backend, folded))
    assert records[name].id in _ids(_search(backend, folded.upper()))


def test_exact_accents_rank_first(backend, records):
    party, works = records["party"].id, records["works"].id
    for query in ("Đảng", "đảng"):
        found = _search(backend, query)
        assert _rank(found, party) < _rank(found, works), query
    found = _search(backend, "đang")
    assert _rank(found, works) < _rank(found, party)
    both = _ids(_search(backend, "dang"))  # without diacritics: both, and the samples
    assert {party, works} <= set(both)


def test_every_word_must_match(backend, records):
    assert _ids(_search(backend, "kênh mương quán triệt")) == []  # "quán triệt" is in the Party directive
    assert _ids(_search(backend, "kênh mương nội đồng")) == [records["works"].id]


@pytest.mark.parametrize("typed", ["2858-CV/TU", "2858/CV-TU", "CV 2858", "cv 2858", "2858", "số:2858-CV/TU"])
def test_a_document_number_puts_its_document_first(backend, records, typed):
    found = _search(backend, typed)
    assert _ids(found)[0] == records["004"].id


@pytest.mark.parametrize("typed, name", [("135-TB/BCĐ", "000"), ("135/TB-BCD", "000"), ("TB 135", "000"),
                                         ("15-CT/TU", "party"), ("42/KH-UBND", "works")])
def test_other_numbers_as_typed(backend, records, typed, name):
    assert _ids(_search(backend, typed))[0] == records[name].id


def test_a_number_filter_alone(backend, records):
    found = _search(backend, number="2858-CV/TU")
    assert _ids(found)[0] == records["004"].id


def test_words_and_a_number_filter_both_apply(backend, records):
    assert _ids(_search(backend, "thân thiện", number="2858-CV/TU")) == [records["004"].id]
    assert _ids(_search(backend, "kênh mương", number="2858-CV/TU")) == []


def test_a_quoted_phrase(backend, records):
    works = records["works"].id
    assert works in _ids(_search(backend, '"công trình đang thi công"'))
    assert works in _ids(_search(backend, '"cong trinh dang thi cong"'))
    assert works not in _ids(_search(backend, '"thi công công trình"'))  # the same words, not in order


@pytest.mark.parametrize("typed", ["mươ*", "muo*", "kênh mươ*", "kenh muo*", "nạo vé*"])
def test_a_prefix(backend, records, typed):
    assert records["works"].id in _ids(_search(backend, typed))


def test_a_prefix_is_not_a_word(backend, records):
    assert records["works"].id not in _ids(_search(backend, "kênh mươx*"))
    assert records["works"].id not in _ids(_search(backend, "mươ"))


# -- filters -----------------------------------------------------------------------------
def _expect(docs, keep) -> set[str]:
    return {d.id for d in docs.values() if keep(d)}


@pytest.mark.parametrize("typed", ["Chỉ thị", "chỉ thị", "CHI THI", "Công văn", "cong van", "Báo cáo", "Kế hoạch"])
def test_filter_by_type(backend, docs, typed):
    expected = _expect(docs, lambda d: key(d.type) == key(typed))
    assert expected
    found = _search(backend, type=typed)
    assert set(_ids(found)) == expected and found.total == len(expected)


@pytest.mark.parametrize("typed", ["Tỉnh ủy Bắc Giang", "tinh uy bac giang", "Tỉnh ủy Hà Nam", "Lạng Giang"])
def test_filter_by_issuer(backend, docs, typed):
    expected = _expect(docs, lambda d: key(typed) in key(d.issuer_canonical))
    assert expected
    assert set(_ids(_search(backend, issuer=typed))) == expected


def test_filter_by_body_and_role(backend, docs):
    def has(d, name, role):
        tasks = [(t.lead_canonical if role == "lead" else t.cooperating_canonical) for t in d.tasks]
        return any(body_key(name) == body_key(b) for names in tasks for b in names)

    # the bodies the extractor found in the two small directives and in sample 004, as named
    # there and folded ("ủy ban kiểm tra tỉnh ủy")
    names = {b for name in ("party", "works", "004") for t in docs[name].tasks
             for b in t.lead_canonical + t.cooperating_canonical}
    assert any(t.cooperating_canonical for t in docs["party"].tasks)
    for name in sorted(names) + [fold(n).lower() for n in sorted(names)[:2]]:
        lead = _expect(docs, lambda d: has(d, name, "lead"))
        cooperating = _expect(docs, lambda d: has(d, name, "cooperating"))
        assert lead | cooperating, name
        assert set(_ids(_search(backend, body=name, role="lead"))) == lead, name
        assert set(_ids(_search(backend, body=name, role="cooperating"))) == cooperating, name
        assert set(_ids(_search(backend, body=name))) == lead | cooperating, name


@pytest.mark.parametrize("start, end", [("2024-01-01", "2024-12-31"), ("2023-01", "2023-06"), (None, "2022"),
                                        ("2024-02-07", "2024-02-07")])
def test_filter_by_date(backend, docs, start, end):
    query = parse_query("", date_from=start, date_to=end, limit=ALL)
    lo, hi = query.date_from or "0000", query.date_to or "9999"
    expected = _expect(docs, lambda d: bool(d.date) and lo <= d.date <= hi)
    assert expected
    assert set(_ids(backend.search(query))) == expected


@pytest.mark.parametrize("start, end", [("2022-12-01", "2022-12-31"), ("2023-06", "2023-06"), ("2024", "2024")])
def test_filter_by_due_date(backend, docs, start, end):
    query = parse_query("", due_from=start, due_to=end, limit=ALL)
    expected = _expect(docs, lambda d: any(t.due and query.due_from <= t.due <= query.due_to for t in d.tasks))
    assert expected
    assert set(_ids(backend.search(query))) == expected


def test_words_and_filters_together(backend, docs, records):
    found = _search(backend, "thân thiện", type="Công văn", date_from="2024-01-01")
    assert _ids(found) == [records["004"].id]


# -- facets, sorting, paging, hits -------------------------------------------------------
def test_facets_count_documents(backend, docs):
    found = _search(backend)
    assert found.total == len(docs)
    assert dict(found.facets["type"]) == dict(Counter(d.type for d in docs.values() if d.type))
    assert dict(found.facets["issuer"]) == dict(Counter(d.issuer_canonical for d in docs.values()
                                                        if d.issuer_canonical))
    years = Counter(d.year for d in docs.values() if d.year)
    assert found.facets["year"] == sorted(years.items(), reverse=True)
    bodies = Counter(b for d in docs.values() for b in d.bodies)
    assert len(found.facets["body"]) == min(12, len(bodies))
    assert all(bodies[b] == n for b, n in found.facets["body"])
    assert [n for _, n in found.facets["body"]] == sorted((n for _, n in found.facets["body"]), reverse=True)

    narrowed = _search(backend, "kênh mương")
    assert narrowed.facets["type"] == [("Kế hoạch", 1)] and narrowed.facets["year"] == [("2022", 1)]
    assert _search(backend, "zzzqqq").facets == {}


@pytest.mark.parametrize("text", ["", "thân thiện"])
def test_sort_by_date(backend, text):
    found = _search(backend, text, sort="date")
    dates = [h.date for h in found.hits]
    assert len(dates) >= 3
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated  # undated last


@pytest.mark.parametrize("text, sort", [("", "date"), ("", "relevance"), ("xã", "relevance")])
def test_pages_are_disjoint_and_cover_the_result(backend, text, sort):
    whole = _search(backend, text, sort=sort)
    pages = [_ids(_search(backend, text, sort=sort, limit=3, offset=start)) for start in range(0, whole.total, 3)]
    flat = [i for page in pages for i in page]
    assert len(flat) == len(set(flat)) == whole.total >= 4
    assert set(flat) == set(_ids(whole))
    assert _ids(_search(backend, text, sort=sort, offset=whole.total + 5)) == []


def test_a_hit_carries_its_facts_and_a_marked_snippet(backend, records):
    found = _search(backend, "chính quyền thân thiện")
    [hit] = [h for h in found.hits if h.id == records["004"].id]
    assert (hit.number, hit.type, hit.issuer, hit.date) == \
        ("2858-CV/TU", "Công văn", "Tỉnh ủy Bắc Giang", "2024-02-07")
    assert hit.subject.startswith("nâng cao chất lượng")
    marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
    assert marked and all(fold(m).lower() in {"chinh", "quyen", "than", "thien", "chinh quyen than thien"}
                          for m in marked)
    assert "<" not in re.sub(r"</?mark>", "", hit.snippet)  # everything else escaped

    # SQLite's bm25 gives ~0 to words in over half the documents: a rarer pair has a real score
    [unaccented] = _search(backend, "kenh muong").hits
    assert unaccented.id == records["works"].id and unaccented.score > 0
    assert "<mark>kênh</mark>" in unaccented.snippet or "<mark>mương</mark>" in unaccented.snippet


@pytest.mark.parametrize("typed", ["", "   ", "!!!", '"', '""', "*", "**", "NEAR", "NEAR(a b)", "^", ":", "a:b",
                                   "AND OR NOT", "(", ")", "-", "'", "\\", "loai:", 'chính "quyền', "đ" * 10_000,
                                   "thân thiện " * 1_000, "<script>alert(1)</script>", "Đảng^2 title:x OR y*"])
def test_bad_input_gives_a_sensible_result(backend, docs, typed):
    try:
        query = parse_query(typed)
    except ChidaoError:
        return
    try:
        found = backend.search(query)
    except ChidaoError as err:  # allowed, never anything else
        assert "\n" not in str(err)
        return
    assert 0 <= found.total <= len(docs) and len(found.hits) <= query.limit
    if not typed.strip():
        assert found.total == len(docs)
    for hit in found.hits:
        assert "<script>" not in hit.snippet


def test_count(backend, records):
    assert backend.count() == len(records)


# -- writing -----------------------------------------------------------------------------
def test_removing_a_document_removes_it_from_results(fresh, records):
    party, works = records["party"], records["works"]
    assert fresh.add_many([party, works]) == 2
    assert fresh.add_many([party]) == 1  # the same record again replaces it
    assert fresh.count() == 2
    fresh.remove(party.id)
    fresh.remove(party.id)  # gone already: nothing happens
    assert fresh.count() == 1
    assert party.id not in _ids(_search(fresh, "Đảng"))
    assert _ids(_search(fresh, "15-CT/TU")) != [party.id]
    assert _ids(_search(fresh, "")) == [works.id]


def test_an_empty_backend_answers_empty(fresh):
    found = _search(fresh, "Đảng")
    assert found.total == 0 and found.hits == [] and fresh.count() == 0


def test_facets_follow_writes_from_another_connection(tmp_path, records):
    """SQLite keeps facet columns in memory: a second store on the same file (another process's
    connection) adding, replacing or removing documents shows in the next search's facets."""
    reader, writer = SqliteStore(tmp_path / "chidao.db"), SqliteStore(tmp_path / "chidao.db")
    try:
        party, works = records["party"], records["works"]
        writer.add_many([works])
        assert dict(_search(reader).facets["type"]) == {"Kế hoạch": 1}
        writer.add_many([party])
        assert dict(_search(reader).facets["type"]) == {"Kế hoạch": 1, "Chỉ thị": 1}
        writer.remove(works.id)
        found = _search(reader)
        assert found.total == 1 and dict(found.facets["type"]) == {"Chỉ thị": 1}
        assert dict(found.facets["year"]) == {"2023": 1}
    finally:
        reader.close()
        writer.close()


@pytest.mark.parametrize("typed", ["quy chế dân chủ", "quy che dan chu", "Đảng bộ", "chuyen doi so", "thân thiện",
                                   "135-TB/BCĐ", "UBND tỉnh", "xã phường"])
def test_the_unfiltered_match_ranks_as_the_folded_columns_do(tmp_path, records, typed):
    """SQLite matches without naming columns (faster) and weighs the accented columns zero: the
    hits and bm25 scores must be those of a match held to the folded columns, and the words as
    typed must find what a match held to the accented columns finds."""
    from chidao.index.sqlite_search import _quote, _term_expr, match_expression
    from chidao.index.sqlite_schema import WEIGHTS

    store = SqliteStore(tmp_path / "chidao.db")
    try:
        store.add_many(list(records.values()))
        conn, query = store.connection(), parse_query(typed)
        words = query.number_words or [t.folded for t in query.terms]
        held = " AND ".join(f"{{number subject_f issuer_f bodies_f tasks_f content_f raw_f}} : {_quote(w)}"
                            for w in words)
        bm25 = f"SELECT rowid, bm25(doc_fts, {', '.join(map(str, WEIGHTS))}) FROM doc_fts WHERE doc_fts MATCH ?"
        expected = conn.execute(bm25, (held,)).fetchall()
        assert expected and conn.execute(bm25, (match_expression(query),)).fetchall() == expected
        accented = [t for t in query.terms if t.accented]
        if accented and not query.number_like:
            plain = "SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?"
            held = " AND ".join(f"{{subject tasks content}} : {_quote(t.text)}" for t in accented)
            assert conn.execute(plain, (" AND ".join(_term_expr(t, exact=True) for t in accented),)).fetchall() == \
                conn.execute(plain, (held,)).fetchall()
    finally:
        store.close()
