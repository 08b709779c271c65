"""A SearchQuery as an Elasticsearch search body, and the response as a SearchResult, with the
SQLite backend's semantics (index/sqlite_search.py):

- every word must match, its folded form in the folded fields, or, typed with diacritics, its
  exact form in the accented fields too (boosted), so "Đảng" ranks Đảng above đang;
  a quoted phrase is a phrase, `quy*` a prefix of the folded (or exact) word;
- a number-like query ("2858-CV/TU", "CV 2858", "2858") needs its words anywhere and puts the
  document whose own number has them all first (a constant boost, taken off the shown score);
  a number filter (`so:…`) with words keeps the documents whose number has its words and
  that match the words (SQLite, for now, drops the words there);
- filters sit in `bool.filter` (no scoring, cached), facets are `terms` aggregations;
- the snippet is the highlight of subject, tasks or text, HTML-escaped (`encoder: html`)
  with <mark> tags. A folded subfield is highlighted from its parent's accented text, so an
  unaccented query still marks the accented words."""

from __future__ import annotations

from dataclasses import replace

from chidao.index.query import Hit, SearchQuery, SearchResult, Term
from chidao.index.sqlite_schema import body_key, key

FACET_SIZE = 12
OWN_NUMBER_BOOST = 10_000.0
OWN_NUMBER = "own_number"
SNIPPET_CHARS = 220
SOURCE_FIELDS = ["id", "number", "type", "issuer", "date", "subject"]

# (field, boost), the SQLite bm25 weights: a document's own number first, then its subject,
# issuer and bodies, then tasks and full text; exact accents above folded; raw OCR last.
FOLDED_FIELDS = (("number_key", 30), ("subject.folded", 4), ("issuer_canonical.folded", 3),
                 ("issuer.folded", 3), ("parent_issuer.folded", 3), ("bodies.folded", 3),
                 ("recipients.folded", 3), ("task_text.folded", 1), ("content.folded", 0.6), ("raw", 0.2))
ACCENTED_FIELDS = (("subject", 8), ("task_text", 2), ("content", 1.2))
SNIPPET_FIELDS = ("subject", "task_text", "content")

_DATE_DESC = {"date": {"order": "desc", "missing": "_last"}}
_TIEBREAK = {"id": "desc"}


def _names(fields) -> list[str]:
    return [f"{name}^{boost}" for name, boost in fields]


def effective(query: SearchQuery) -> SearchQuery:
    """A number filter with no words searches for the number (as SQLite does)."""
    if query.number and not query.text:
        return replace(query, text=query.number, number=None)
    return query


def _term_clause(term: Term) -> dict:
    fields = FOLDED_FIELDS + (ACCENTED_FIELDS if term.accented else ())
    if term.prefix:
        # prefix queries are not analysed: the folded fields get the folded word.
        should = [{"prefix": {name: {"value": term.folded, "boost": boost}}} for name, boost in FOLDED_FIELDS]
        if term.accented:
            should += [{"prefix": {name: {"value": term.text, "boost": boost}}} for name, boost in ACCENTED_FIELDS]
        return {"bool": {"should": should, "minimum_should_match": 1}}
    if term.phrase:
        return {"multi_match": {"query": term.text, "fields": _names(fields), "type": "phrase"}}
    return {"multi_match": {"query": term.text, "fields": _names(fields), "type": "most_fields",
                            "operator": "and"}}


def _words_clauses(query: SearchQuery) -> tuple[list[dict], list[dict]]:
    """(must, should) for the query's words; no must clause means every document."""
    if not query.text:
        return [], []
    typed = replace(query, number=None)  # the words typed; a number filter is only a filter
    if typed.number_like:
        words = typed.number_words
        must = [{"multi_match": {"query": w, "fields": _names(FOLDED_FIELDS), "type": "most_fields",
                                 "operator": "and"}} for w in words]
        own = {"constant_score": {"filter": {"bool": {"filter": [{"term": {"number_words": w}} for w in words]}},
                                  "boost": OWN_NUMBER_BOOST, "_name": OWN_NUMBER}}
        return must, [own] if words else []
    return [_term_clause(t) for t in query.terms], []


def filters(query: SearchQuery) -> list[dict]:
    out: list[dict] = []
    if query.type:
        out.append({"term": {"type_key": key(query.type)}})
    if query.issuer:
        phrase = {"query": query.issuer, "zero_terms_query": "all"}
        out.append({"match_phrase": {"issuer_canonical.folded": phrase}})
    if query.body:
        field = {"lead": "lead_keys", "cooperating": "cooperating_keys"}.get(query.role or "", "body_keys")
        out.append({"term": {field: body_key(query.body)}})
    if query.date_from or query.date_to:
        out.append({"range": {"date": _bounds(query.date_from, query.date_to)}})
    if query.due_from or query.due_to:
        out.append({"range": {"dues": _bounds(query.due_from, query.due_to)}})
    if query.number:
        out += [{"term": {"number_words": w}} for w in query.filter_number_words]
    return out


def _bounds(start: str | None, end: str | None) -> dict:
    return {k: v for k, v in (("gte", start), ("lte", end)) if v}


def search_body(query: SearchQuery) -> dict:
    """The body of `POST <alias>/_search` for one page (without from/size or a PIT)."""
    query = effective(query)
    must, should = _words_clauses(query)
    scored = bool(must)
    body: dict = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "should": should, "filter": filters(query)}},
        "sort": ([{"_score": "desc"}] if scored and query.sort == "relevance" else []) + [_DATE_DESC, _TIEBREAK],
        "track_total_hits": True,
        "_source": SOURCE_FIELDS,
        "aggs": {
            "type": {"terms": {"field": "type", "size": FACET_SIZE}},
            "issuer": {"terms": {"field": "issuer_canonical", "size": FACET_SIZE}},
            "year": {"terms": {"field": "year", "size": FACET_SIZE, "order": {"_key": "desc"}}},
            "body": {"terms": {"field": "bodies", "size": FACET_SIZE}},
        },
        "highlight": {
            "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html",
            "fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
            # below index.highlight.max_analyzed_offset (1,000,000): a longer text is
            # highlighted in its first part instead of failing the search
            "max_analyzed_offset": 900_000,
            "fields": {"subject.folded": {"number_of_fragments": 0}, "subject": {"number_of_fragments": 0},
                       "task_text.folded": {}, "task_text": {},
                       "content.folded": {}, "content": {"no_match_size": SNIPPET_CHARS}},
        },
    }
    if scored and query.sort != "relevance":
        body["track_scores"] = True
    return body


def result(response: dict, query: SearchQuery) -> SearchResult:
    """The SearchResult of a search response (a plain dict)."""
    total = response["hits"]["total"]
    total = total["value"] if isinstance(total, dict) else int(total)
    hits = [_hit(h) for h in response["hits"]["hits"]]
    aggs = response.get("aggregations") or {}
    facets = {name: [(b["key"], b["doc_count"]) for b in aggs.get(name, {}).get("buckets", []) if b["key"]]
              for name in ("type", "issuer", "year", "body")} if total else {}
    return SearchResult(total=total, hits=hits, facets=facets)


def _hit(raw: dict) -> Hit:
    source = raw.get("_source") or {}
    score = raw.get("_score") or 0.0
    if OWN_NUMBER in (raw.get("matched_queries") or ()):
        score -= OWN_NUMBER_BOOST
    return Hit(id=source.get("id") or raw["_id"], number=source.get("number"), type=source.get("type"),
               issuer=source.get("issuer"), date=source.get("date"), subject=source.get("subject"),
               score=round(max(score, 0.0), 4), snippet=_snippet(raw.get("highlight") or {}))


def _snippet(highlight: dict) -> str:
    """The first highlighted field in the order subject, tasks, text (a folded subfield marks
    every form of the words); the start of the text when nothing matched there."""
    for name in SNIPPET_FIELDS:
        for field in (f"{name}.folded", name):
            fragments = highlight.get(field)
            if fragments and "<mark>" in fragments[0]:
                return " ".join(fragments[0].split())
    fallback = highlight.get("content")
    return " ".join(fallback[0].split()) if fallback else ""
