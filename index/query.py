"""What a search asks (SearchQuery) and what it answers (SearchResult), the same for every
backend, and the one parser of the query language secretaries type:

    chỉ thị phòng chống "thiên tai"        words (all must match), a quoted phrase
    chuyen doi so                          without diacritics: matches with or without
    135-TB/BCĐ · 135/TB-BCĐ · TB 135       a document number as typed
    quy* loai:"Kế hoạch" co-quan:"Tỉnh ủy" a prefix; field filters (also in English:
    don-vi:"Sở Nội vụ" tu:2024-01-01        type: issuer: body: from: to: due-from: due-to:)

Anything else (FTS operators, stray quotes, `*` alone, `:`, `^`, NEAR) is read as plain words,
never as syntax; a date that is not a date is a clear error."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from chidao.errors import UsageError
from chidao.index.fold import fold, nfc, words

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
SORTS = ("relevance", "date")

_FIELDS = {
    "type": "type", "loai": "type", "loại": "type",
    "issuer": "issuer", "co-quan": "issuer", "cơ-quan": "issuer", "coquan": "issuer",
    "body": "body", "don-vi": "body", "đơn-vị": "body", "donvi": "body",
    "from": "date_from", "tu": "date_from", "từ": "date_from",
    "to": "date_to", "den": "date_to", "đến": "date_to",
    "due-from": "due_from", "han-tu": "due_from", "hạn-từ": "due_from",
    "due-to": "due_to", "han-den": "due_to", "hạn-đến": "due_to",
    "number": "number", "so": "number", "số": "number",
}
_FIELD_RE = re.compile(r'(?<!\S)([\w-]+):(?:"([^"]*)"|(\S+))', re.UNICODE)
_PHRASE_RE = re.compile(r'"([^"]+)"')
_NUMBER_RE = re.compile(r"^\s*(?:\d{1,6}\s*[-/]\s*[A-Za-zĐđ][\w/.\-Đđ]*|[A-Za-zĐđ]{1,8}\s+\d{1,6}|\d{1,6})\s*$")


@dataclass(frozen=True)
class Term:
    """One word, phrase or prefix of the query: `text` as typed (lower case, NFC) and
    `folded`; `accented` when the user typed diacritics (an exact match then ranks first)."""

    text: str
    folded: str
    phrase: bool = False
    prefix: bool = False

    @property
    def accented(self) -> bool:
        return self.text != self.folded


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    type: str | None = None
    issuer: str | None = None
    body: str | None = None
    role: str | None = None          # "lead" | "cooperating" with `body`
    date_from: str | None = None     # ISO dates, inclusive
    date_to: str | None = None
    due_from: str | None = None
    due_to: str | None = None
    number: str | None = None
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0
    terms: tuple[Term, ...] = field(default=(), compare=False)

    @property
    def number_like(self) -> bool:
        """The typed words look like a document number ("135-TB/BCĐ", "TB 135", "135")."""
        return bool(_NUMBER_RE.match(self.text or ""))

    @property
    def number_words(self) -> list[str]:
        """The words of the number typed as the query (a number-like query)."""
        return [w.lower() for w in words(fold(nfc(self.text)))] if self.number_like else []

    @property
    def filter_number_words(self) -> list[str]:
        """The words of the `number` filter (so:… / --number)."""
        return [w.lower() for w in words(fold(nfc(self.number or "")))]

    @property
    def has_filters(self) -> bool:
        return any((self.type, self.issuer, self.body, self.date_from, self.date_to,
                    self.due_from, self.due_to, self.number))


@dataclass(frozen=True)
class Hit:
    id: str
    number: str | None
    type: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    score: float
    snippet: str  # HTML-safe text with <mark>…</mark> around matched words


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # type, issuer, year, body → (value, documents)

    def to_dict(self) -> dict:
        return {"total": self.total, "hits": [h.__dict__ for h in self.hits],
                "facets": {k: [{"value": v, "count": n} for v, n in rows] for k, rows in self.facets.items()}}


def parse_query(text: str = "", **options) -> SearchQuery:
    """A SearchQuery from typed text and options (options win over fields in the text).
    Raises UsageError for a bad date, sort or limit."""
    text = nfc(text or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]  # a pasted page: its first words are the query
    found: dict[str, str] = {}

    def take(m: re.Match) -> str:
        name = _FIELDS.get(m.group(1).lower())
        if name is None:
            return m.group(0)
        found[name] = (m.group(2) if m.group(2) is not None else m.group(3)).strip()
        return " "

    rest = _FIELD_RE.sub(take, text)
    values = {**found, **{k: v for k, v in options.items() if v not in (None, "")}}
    for name in ("date_from", "date_to", "due_from", "due_to"):
        if values.get(name):
            values[name] = _iso(values[name], name, end=name.endswith("to"))
    sort = values.pop("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}: use relevance or date")
    limit, offset = int(values.pop("limit", 20) or 20), int(values.pop("offset", 0) or 0)
    if not 1 <= limit <= 1000 or offset < 0:
        raise UsageError("limit must be between 1 and 1000 and the page start not negative")
    query = SearchQuery(text=" ".join(rest.split()), sort=sort, limit=limit, offset=offset,
                        **{k: v for k, v in values.items() if k in SearchQuery.__dataclass_fields__})
    return replace(query, terms=tuple(_terms(query.text))[:MAX_TERMS])


def _terms(text: str) -> list[Term]:
    out: list[Term] = []
    for m in _PHRASE_RE.finditer(text):
        tokens = [w.lower() for w in words(m.group(1))]
        if tokens:
            joined = " ".join(tokens)
            out.append(Term(joined, fold(joined), phrase=len(tokens) > 1))
    plain = _PHRASE_RE.sub(" ", text)
    for raw in plain.split():
        prefix = raw.endswith("*")
        tokens = [w.lower() for w in words(raw)]
        for i, token in enumerate(tokens):
            out.append(Term(token, fold(token), prefix=prefix and i == len(tokens) - 1))
    return out


def _iso(value: str, name: str, end: bool) -> str:
    """YYYY-MM-DD, YYYY-MM or YYYY (a month or year runs to its end for `to` bounds), or
    dd/mm/yyyy as Vietnamese write dates."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):
            d, m, y = map(int, value.split("/"))
            return dt.date(y, m, d).isoformat()
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            first = dt.date(y, m, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return (last if end else first).isoformat()
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    label = name.replace("_", "-")
    raise UsageError(f"{label} {value!r} is not a date: write YYYY-MM-DD, YYYY-MM, YYYY or dd/mm/yyyy")
