"""`chidao_deadlines`: every deadline phrase, normalised to a due date (SCHEMA.md rules).

The phrases are regular expressions in corpus/extract/deadlines.jsonl, each with a name that
picks its resolver here. Relative periods resolve against the document's own date, never
the clock. OCR variants of quarter numerals ("Quy 1V/2024", "quý 1/2024", "I, 11/2024") are
read like the Roman ones."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import srsly
from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("deadlines", default=None, force=True)

# OCR reads Roman I as 1 or l; IV as 1V; II as 11.
_QUARTERS = {"I": 1, "1": 1, "L": 1, "II": 2, "11": 2, "2": 2, "III": 3, "111": 3, "3": 3, "IV": 4, "1V": 4, "LV": 4, "4": 4}


@dataclass
class FoundDeadline:
    start: int
    end: int
    raw: str
    kind: str
    due: str | None


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_working_days(day: dt.date, n: int) -> dt.date:
    """`n` working days (Monday to Friday) after `day`; public holidays are not known here."""
    while n > 0:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def _resolve(name: str, kind: str, m: re.Match, doc_date: dt.date | None) -> tuple[str, str | None] | None:
    g = m.groupdict()
    prep = (g.get("prep") or "").lower()
    if name == "recurring":
        return "recurring", None
    if name == "relative":
        if doc_date is None:
            return "by", None
        n, unit = int(g["n"]), g["unit"].lower()
        if g.get("work") and unit == "ngày":
            return "by", _add_working_days(doc_date, n).isoformat()
        due = doc_date + dt.timedelta(days=n * (7 if unit == "tuần" else 1)) if unit != "tháng" else _add_months(doc_date, n)
        return "by", due.isoformat()
    y = int(g["y"])
    if name in ("date", "date_words"):
        try:
            day = dt.date(y, int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        if prep == "từ":
            return "from", day.isoformat()
        return ("on" if prep == "trong" else "by"), day.isoformat()
    if name == "quarter":
        quarters = [_QUARTERS.get(re.sub(r"\s", "", q).upper()) for q in re.split(r"\s*(?:,|và|-|đến)\s*", g["qs"].strip())]
        if not quarters or None in quarters:
            return None
        if prep == "từ":
            return "from", dt.date(y, 3 * min(quarters) - 2, 1).isoformat()
        return "by", _last_day(y, 3 * max(quarters)).isoformat()
    if name == "month":
        month = int(g["m"])
        if not 1 <= month <= 12:
            return None
        if prep == "từ":
            return "from", dt.date(y, month, 1).isoformat()
        if prep == "trước":
            return "by", (dt.date(y, month, 1) - dt.timedelta(days=1)).isoformat()
        return "by", _last_day(y, month).isoformat()
    if name == "half":
        return "by", (dt.date(y, 6, 30) if g["half"].lower() == "đầu" else dt.date(y, 12, 31)).isoformat()
    if name == "year":
        if prep == "từ":
            return "from", dt.date(y, 1, 1).isoformat()
        if prep == "trước":
            return "by", dt.date(y - 1, 12, 31).isoformat()
        return "by", dt.date(y, 12, 31).isoformat()
    return None


def find_deadlines(text: str, patterns: list[dict], doc_date: dt.date | None) -> list[FoundDeadline]:
    """All deadline phrases in `text`, longest first where they overlap, in text order."""
    found: list[FoundDeadline] = []
    for p in patterns:
        for m in p["compiled"].finditer(text):
            resolved = _resolve(p["name"], p["kind"], m, doc_date)
            if resolved:
                found.append(FoundDeadline(m.start(), m.end(), re.sub(r"\s+", " ", m.group(0)), *resolved))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[FoundDeadline] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def parse_iso(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None  # "2023-08": no day, so no relative period can be resolved exactly
    return dt.date.fromisoformat(value)


@Language.factory("chidao_deadlines", default_config={"patterns": "corpus/extract/deadlines.jsonl"})
def make_deadlines(nlp: Language, name: str, patterns: str) -> "DeadlineComponent":
    return DeadlineComponent(name, patterns)


class DeadlineComponent:
    """Finds deadline phrases in the body; needs `doc._.directive` (the document date)."""

    def __init__(self, name: str, patterns: str):
        self.name = name
        self.path = patterns
        self.patterns: list[dict] = []

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        from nlp.extract._paths import corpus_path

        self.patterns = []
        for p in srsly.read_jsonl(corpus_path(self.path)):
            p["compiled"] = re.compile(rf"(?<![\w]){p['regex']}(?![\w])", re.IGNORECASE)
            self.patterns.append(p)

    def match(self, doc: Doc) -> list[FoundDeadline]:
        info = doc._.directive or {}
        start, end = info.get("body_start", 0), info.get("body_end", len(doc.text))
        found = find_deadlines(doc.text[start:end], self.patterns, parse_iso(info.get("date")))
        for f in found:
            f.start += start
            f.end += start
        return found

    def set_annotations(self, doc: Doc, found: list[FoundDeadline]) -> None:
        doc._.deadlines = found
        spans = [doc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand") for f in found]
        doc.spans["deadlines"] = [s for s in spans if s is not None]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc
