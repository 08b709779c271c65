"""What Elasticsearch stores: the analysis, the mappings and the templates that apply them to
every versioned index, and the JSON of one search document and of its tasks.

Vietnamese words are space-separated syllables, so the analyser only splits on what is not a
letter, mark or digit (the same words `index.fold.words` gives the query parser) and lower-cases;
every searched text has a `folded` subfield that also takes tones, vowel marks and đ off
(`asciifolding`, or `icu_folding` when every node has the analysis-icu plugin). Keys used as
filters (type, bodies) are computed here exactly as the SQLite store computes them, so both
backends filter alike."""

from __future__ import annotations

from chidao.index.document import SearchDoc
from chidao.index.sqlite_schema import body_key, key

ANALYSIS_VERSION = 1  # bump when the analysis or the mappings change: `chidao reindex` applies them

_SYLLABLES = r"[^\p{L}\p{M}\p{N}]+"


def analysis_settings(folding: str) -> dict:
    """The `index.analysis` settings; `folding` is "asciifolding" or "icu_folding"."""
    return {
        "tokenizer": {"chidao_syllables": {"type": "pattern", "pattern": _SYLLABLES}},
        "filter": {"chidao_fold": {"type": folding}},
        "analyzer": {
            "chidao_text": {"type": "custom", "tokenizer": "chidao_syllables", "filter": ["lowercase"]},
            "chidao_folded": {"type": "custom", "tokenizer": "chidao_syllables",
                              "filter": ["lowercase", "chidao_fold"]},
        },
    }


def _text() -> dict:
    """Accented text (exact accents rank first) with its folded subfield."""
    return {"type": "text", "analyzer": "chidao_text",
            "fields": {"folded": {"type": "text", "analyzer": "chidao_folded"}}}


def _keyword(folded: bool = False) -> dict:
    field: dict = {"type": "keyword", "ignore_above": 2048}
    if folded:
        field["fields"] = {"folded": {"type": "text", "analyzer": "chidao_folded"}}
    return field


_KEYWORD = {"type": "keyword"}
_FOLDED_ONLY = {"type": "text", "analyzer": "chidao_folded"}
# "2023-08" (a day left blank) is a valid date; a malformed one is kept in _source, unindexed.
_DATE = {"type": "date", "format": "strict_date_optional_time", "ignore_malformed": True}

DOCUMENT_PROPERTIES = {
    "id": _KEYWORD,
    "number": _keyword(), "number_key": _FOLDED_ONLY, "number_words": _KEYWORD, "symbol": _keyword(),
    "type": _keyword(), "type_key": _KEYWORD,
    "issuer": _keyword(folded=True), "issuer_canonical": _keyword(folded=True),
    "parent_issuer": _keyword(folded=True),
    "party": {"type": "boolean"}, "place": _keyword(),
    "date": _DATE, "year": _KEYWORD,
    "subject": _text(), "signer": _keyword(), "recipients": _keyword(folded=True),
    "bodies": _keyword(folded=True), "body_keys": _KEYWORD, "lead_keys": _KEYWORD,
    "cooperating_keys": _KEYWORD,
    "dues": _DATE,
    "task_text": _text(), "content": _text(), "raw": _FOLDED_ONLY,
    "text_method": _KEYWORD, "pages": {"type": "integer"}, "path": _keyword(),
    "media_type": _KEYWORD, "responds_to": _keyword(), "references": _keyword(),
    "task_count": {"type": "integer"},
}

TASK_PROPERTIES = {
    "id": _KEYWORD, "document_id": _KEYWORD,
    "document_number": _keyword(), "document_type": _keyword(), "document_date": _DATE,
    "issuer_canonical": _keyword(),
    "ordinal": _KEYWORD, "position": {"type": "integer"}, "text": _text(),
    "lead": _keyword(folded=True), "cooperating": _keyword(folded=True),
    "lead_canonical": _keyword(), "cooperating_canonical": _keyword(),
    "lead_keys": _KEYWORD, "cooperating_keys": _KEYWORD,
    "implicit_lead": {"type": "boolean"}, "recurring": {"type": "boolean"},
    "due": _DATE, "last_due": _DATE, "rrule": _KEYWORD, "deadlines": {"type": "object", "enabled": False},
}


def component_templates(prefix: str, folding: str) -> dict[str, dict]:
    """name → body of `PUT _component_template/<name>`."""
    meta = {"managed_by": "chidao", "analysis_version": ANALYSIS_VERSION}

    def mappings(properties: dict) -> dict:
        # dynamic false: a field the code does not know yet is kept in _source, not refused.
        return {"template": {"mappings": {"dynamic": False, "properties": properties}}, "_meta": meta}

    return {
        f"{prefix}-analysis": {"template": {"settings": {"analysis": analysis_settings(folding)}},
                               "_meta": {**meta, "folding": folding}},
        f"{prefix}-documents-mappings": mappings(DOCUMENT_PROPERTIES),
        f"{prefix}-tasks-mappings": mappings(TASK_PROPERTIES),
    }


def index_templates(prefix: str) -> dict[str, dict]:
    """name → body of `PUT _index_template/<name>`: each versioned index (`<alias>-v<N>`) is
    made from the analysis and its own mappings."""
    return {
        f"{prefix}-{kind}": {
            "index_patterns": [f"{prefix}-{kind}-v*"],
            "composed_of": [f"{prefix}-analysis", f"{prefix}-{kind}-mappings"],
            "priority": 500,
            "_meta": {"managed_by": "chidao", "analysis_version": ANALYSIS_VERSION},
        }
        for kind in ("documents", "tasks")
    }


def _keys(names: list[str]) -> list[str]:
    return sorted({body_key(n) for n in names} - {""})


def document_source(doc: SearchDoc) -> dict:
    """The Elasticsearch document of one record."""
    lead = _keys([b for t in doc.tasks for b in t.lead_canonical])
    cooperating = _keys([b for t in doc.tasks for b in t.cooperating_canonical])
    return {
        "id": doc.id, "number": doc.number, "number_key": doc.number_key,
        "number_words": doc.number_key.split(), "symbol": doc.symbol,
        "type": doc.type, "type_key": key(doc.type) or None,
        "issuer": doc.issuer, "issuer_canonical": doc.issuer_canonical, "parent_issuer": doc.parent_issuer,
        "party": doc.party, "place": doc.place, "date": doc.date, "year": doc.year,
        "subject": doc.subject, "signer": doc.signer, "recipients": doc.recipients,
        "bodies": doc.bodies, "body_keys": sorted(set(lead) | set(cooperating)),
        "lead_keys": lead, "cooperating_keys": cooperating,
        "dues": sorted({t.due for t in doc.tasks if t.due}),
        "task_text": doc.task_text, "content": doc.content, "raw": doc.raw,
        "text_method": doc.text_method, "pages": doc.pages, "path": doc.path, "media_type": doc.media_type,
        "responds_to": doc.responds_to, "references": doc.references, "task_count": len(doc.tasks),
    }


def task_sources(doc: SearchDoc) -> list[dict]:
    """One Elasticsearch document per task of the record."""
    return [{
        "id": t.id, "document_id": doc.id, "document_number": doc.number, "document_type": doc.type,
        "document_date": doc.date, "issuer_canonical": doc.issuer_canonical,
        "ordinal": t.ordinal, "position": t.position, "text": t.text,
        "lead": t.lead, "cooperating": t.cooperating,
        "lead_canonical": t.lead_canonical, "cooperating_canonical": t.cooperating_canonical,
        "lead_keys": _keys(t.lead_canonical), "cooperating_keys": _keys(t.cooperating_canonical),
        "implicit_lead": t.implicit_lead, "recurring": t.recurring, "due": t.due, "last_due": t.last_due,
        "rrule": t.rrule, "deadlines": t.deadlines,
    } for t in doc.tasks]
