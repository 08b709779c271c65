"""`chidao_deadlines`: every deadline phrase, normalised to a due date (SCHEMA.md rules).

The phrases are regular expressions in corpus/extract/deadlines.jsonl, each with a name that
picks its resolver here. Relative periods resolve against the document's own date, never
the clock. OCR variants of quarter numerals ("Quy 1V/2024", "quý 1/2024", "I, 11/2024") are
read like the Roman ones. Patterns marked `"cell": true` match only in `resolve_cell`: a table's
deadline column may hold a bare date, month or year ("Tháng 9/2025", "Năm 2025"), which in running
text would be no deadline at all ("khen thưởng năm 2023")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import srsly
from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("deadlines", default=None, force=True)

_PATTERNS = "corpus/extract/deadlines.jsonl"
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
# Preposition → kind of a dated phrase; anything else ("trước", "chậm nhất", "đến hết") is "by".
_DATE_KINDS = {"từ": "from", "kể từ": "from", "bắt đầu từ": "from", "trong": "on", "vào": "on", "đúng": "on",
               "đúng vào": "on"}


@dataclass
class FoundDeadline:
    start: int
    end: int
    raw: str
    kind: str
    due: str | None
    rrule: str | None = None


_WEEKDAYS = {"hai": "MO", "ba": "TU", "tư": "WE", "năm": "TH", "sáu": "FR", "bảy": "SA",
             "2": "MO", "3": "TU", "4": "WE", "5": "TH", "6": "FR", "7": "SA"}


def recurrence_rule(raw: str) -> str | None:
    """The RFC 5545 RRULE of a recurring deadline phrase, or None when it names no period
    ("thường xuyên", "định kỳ" alone): "trước ngày 25 hằng tháng" → FREQ=MONTHLY;BYMONTHDAY=25,
    "ngày 15 của tháng cuối quý" → FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=15, "trước ngày 20
    tháng 12 hằng năm" → FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20, "thứ Sáu hằng tuần" →
    FREQ=WEEKLY;BYDAY=FR. A rule without a day falls due on its period's last day."""
    text = re.sub(r"\s+", " ", raw.lower())
    day = re.search(r"ngày (\d{1,2})(?!\s*/)", text)
    weekday = re.search(r"thứ (hai|ba|tư|năm|sáu|bảy|[2-7])\b", text)
    if re.search(r"tháng (?:cuối|đầu) (?:(?:của )?(?:mỗi|hằng|hàng) )?quý", text):
        months = "3,6,9,12" if "cuối" in text else "1,4,7,10"
        return f"FREQ=YEARLY;BYMONTH={months}" + (f";BYMONTHDAY={int(day.group(1))}" if day else "")
    yearly = re.search(r"ngày (\d{1,2})(?: tháng |/)(\d{1,2}) (?:của )?(?:hằng|hàng|mỗi) năm", text)
    if yearly:
        return f"FREQ=YEARLY;BYMONTH={int(yearly.group(2))};BYMONTHDAY={int(yearly.group(1))}"
    if weekday:
        return f"FREQ=WEEKLY;BYDAY={_WEEKDAYS[weekday.group(1)]}"
    period = re.search(r"(?:hằng|hàng|mỗi) (ngày|tuần|tháng|quý|năm)|định kỳ (\d+|sáu) tháng", text)
    if not period:
        return None
    if period.group(2):
        months = 6 if period.group(2) in ("6", "sáu") else int(period.group(2))
        return "FREQ=YEARLY;BYMONTH=6,12" if months == 6 else f"FREQ=MONTHLY;INTERVAL={months}"
    unit = period.group(1)
    if unit == "ngày":
        return "FREQ=DAILY"
    if unit == "tuần":
        return "FREQ=WEEKLY"
    if unit == "tháng":
        return "FREQ=MONTHLY" + (f";BYMONTHDAY={int(day.group(1))}" if day else "")
    if unit == "quý":
        return "FREQ=YEARLY;BYMONTH=3,6,9,12" + (f";BYMONTHDAY={int(day.group(1))}" if day else "")
    return "FREQ=YEARLY"


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_MAX_PERIOD = 36_600  # days (or weeks, months): a period past a century is an OCR slip, not a deadline


def _relative_due(start: dt.date, n: int, unit: str, work: bool) -> dt.date | None:
    """The day a period of `n` units from `start` runs out; None when it runs off the calendar
    ("trong 99999999 ngày": an OCR slip)."""
    if unit == "giờ":  # "trong vòng 24 giờ kể từ khi nhận được": by the end of the day it runs out
        n, unit = -(-n // 24), "ngày"
    if n > _MAX_PERIOD:
        return None
    try:
        if work and unit == "ngày":
            return _add_working_days(start, n)
        if unit == "tháng":
            return _add_months(start, n)
        return start + dt.timedelta(days=n * (7 if unit == "tuần" else 1))
    except (OverflowError, ValueError):
        return None


def _add_working_days(day: dt.date, n: int) -> dt.date:
    """`n` working days (Monday to Friday) after `day`; public holidays are not known here."""
    while n > 0:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def _quarter(numeral: str) -> int | None:
    """A quarter numeral, Roman or Arabic; OCR reads Roman I as 1, l, | or [, and the I of IV
    also as T ("1V", "11", "lII", "TV", "[V")."""
    q = re.sub(r"[\s']", "", numeral).upper()
    if q in ("2", "3", "4"):
        return int(q)
    if q == "H":  # OCR reads II as H
        return 2
    if q == "TV":  # whitespace is gone already
        q = "IV"
    return _ROMAN_QUARTERS.get(re.sub(r"[1L|\[]", "I", q))


def _resolve(name: str, kind: str, m: re.Match, doc_date: dt.date | None) -> tuple[str, str | None] | None:
    g = m.groupdict()
    prep = re.sub(r"^tr[ưu][ớơoó]c$", "trước", (g.get("prep") or "").lower())  # OCR's "truớc"
    if name == "recurring":
        return "recurring", None
    if name == "relative":
        if g.get("fd"):  # "trong 10 ngày làm việc kể từ ngày 21/10/2024": from that date
            try:
                doc_date = dt.date(int(g["fy"]), int(g["fm"]), int(g["fd"]))
            except ValueError:
                return "by", None
        if doc_date is None:
            return "by", None
        due = _relative_due(doc_date, int(g["n"]), g["unit"].lower(), bool(g.get("work")))
        return "by", due.isoformat() if due else None
    if name == "today":  # "hoàn thành ngay trong ngày": the document's own date
        return "by", doc_date.isoformat() if doc_date else None
    if name == "this_year":  # a table's "Cả năm": by the end of the document's year
        return "by", dt.date(doc_date.year, 12, 31).isoformat() if doc_date else None
    if name == "bare_month":
        if doc_date is None:
            return "by", None  # no date to find the month's year from
        # "Tháng 3" in a plan dated 08/01/2025 is March 2025; in one dated 20/12/2024, too (a
        # month past 12 is refused below, with the dated months)
        month = int(g["m"])
        y = doc_date.year + (1 <= month <= 12 and _last_day(doc_date.year, month) < doc_date)
    else:
        y = int(g["y"])
    if name in ("date", "date_words"):
        try:
            day = dt.date(y, int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        kind = _DATE_KINDS.get(re.sub(r"\s+", " ", prep), "by") if prep else kind  # no preposition: the pattern's kind
        if kind == "on" and re.sub(r"\s+", " ", m.group(0).lower()).startswith(("hoàn thành", "xong")):
            kind = "by"  # "hoàn thành trong ngày 21/7/2025": done within that day
        return kind, day.isoformat()
    if name == "quarter":
        quarters = [_quarter(q) for q in re.split(r"\s*(?:,|và|-|đến)\s*", g["qs"].strip())]
        # "quý I, 1/2025": OCR dropped a stroke of II; a listed quarter follows the one before.
        quarters = [q if k == 0 or q is None or quarters[k - 1] is None or q > quarters[k - 1] else min(4, quarters[k - 1] + 1)
                    for k, q in enumerate(quarters)]
        if not quarters or None in quarters:
            return None
        if prep == "từ":
            return "from", dt.date(y, 3 * min(quarters) - 2, 1).isoformat()
        return "by", _last_day(y, 3 * max(quarters)).isoformat()
    if name in ("month", "bare_month"):
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


_AS_OF_RE = re.compile(r"\s*,|\s+(?:đã|đạt)(?!\w)")


_EFFECTIVE_RE = re.compile(r"có hiệu lực(?:\s+thi hành)?(?:\s+kể)?\s+từ\s+ngày\s+(?P<d>\d{1,2})(?:\s*/\s*|\s+tháng\s+)(?P<m>\d{1,2})"
                           r"(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4})")


def _effective_date(text: str) -> dt.date | None:
    """"Nghị quyết này có hiệu lực từ ngày 06 tháng 10 năm 2025": the day the document takes effect."""
    m = _EFFECTIVE_RE.search(text)
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
    except ValueError:
        return None


def _as_of(resolved: tuple[str, str | None], doc_date: dt.date | None, text: str, end: int) -> bool:
    """A limit fronted before a comma, or before what was done ("đến hết tháng 9/2024 đã trồng
    …"), that falls before the document was signed is no deadline but the date of a result
    ("Đến ngày 20/10/2025, toàn tỉnh giải ngân được …"); a start ("từ ngày") may lie in the past."""
    kind, due = resolved
    return (kind in ("by", "on") and due is not None and doc_date is not None and due < doc_date.isoformat()
            and _AS_OF_RE.match(text, end) is not None)


def find_deadlines(text: str, patterns: list[dict], doc_date: dt.date | None, cell: bool = False) -> list[FoundDeadline]:
    """All deadline phrases in `text`, longest first where they overlap, in text order; the
    bare-cell patterns only when `cell`."""
    found: list[FoundDeadline] = []
    effective = _effective_date(text) or doc_date
    for p in patterns:
        if p.get("cell") and not cell:
            continue
        for m in p["compiled"].finditer(text):
            # "trong 30 ngày kể từ ngày Nghị quyết này có hiệu lực": from the date it says it takes effect
            start = effective if p["name"] == "relative" and "hiệu lực" in m.group(0) else doc_date
            resolved = _resolve(p["name"], p["kind"], m, start)
            if resolved and not _as_of(resolved, doc_date, text, m.end()):
                raw = re.sub(r"\s+", " ", m.group(0))
                rule = recurrence_rule(raw) if resolved[0] == "recurring" else None
                found.append(FoundDeadline(m.start(), m.end(), raw, *resolved, rule))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[FoundDeadline] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def compile_patterns(rows) -> list[dict]:
    """A space in a pattern matches any run of whitespace: wrapped lines cut phrases anywhere
    ("chậm / nhất ngày 30 tháng 6 năm 2025")."""
    return [{**p, "compiled": re.compile(rf"(?<![\w]){_any_space(p['regex'])}(?![\w])", re.IGNORECASE)} for p in rows]


def _any_space(regex: str) -> str:
    return re.sub(r"(?<!\\) ", r"\\s+", regex)


def resolve_cell(text: str, doc_date: dt.date | str | None, patterns: list[dict]) -> list[FoundDeadline]:
    """The deadlines in one cell of a table's time column ("Quý III/2025", "Tháng 9/2025",
    "Năm 2025", "Hằng năm"): a bare date, month or year counts here. Offsets are the cell's.
    `patterns` are the deadline component's (compile_patterns)."""
    if isinstance(doc_date, str):
        doc_date = parse_iso(doc_date)
    return find_deadlines(text, patterns, doc_date, cell=True)


def parse_iso(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None  # "2023-08": no day, so no relative period can be resolved exactly
    return dt.date.fromisoformat(value)


@Language.factory("chidao_deadlines", default_config={"patterns": _PATTERNS})
def make_deadlines(nlp: Language, name: str, patterns: str) -> "DeadlineComponent":
    return DeadlineComponent(name, patterns)


class DeadlineComponent:
    """Finds deadline phrases in the body; needs `doc._.directive` (the document date)."""

    def __init__(self, name: str, patterns: str):
        self.name = name
        self.path = patterns
        self.patterns: list[dict] = []

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        from chidao.nlp.extract._paths import corpus_path

        self.patterns = compile_patterns(srsly.read_jsonl(corpus_path(self.path)))

    def match(self, doc: Doc) -> list[FoundDeadline]:
        info = doc._.directive
        bodies = info.bodies if info else [(0, len(doc.text))]
        doc_date = parse_iso(info.document.date if info else None)
        out: list[FoundDeadline] = []
        for start, end in bodies:
            for f in find_deadlines(doc.text[start:end], self.patterns, doc_date):
                f.start += start
                f.end += start
                out.append(f)
        return out

    def set_annotations(self, doc: Doc, found: list[FoundDeadline]) -> None:
        doc._.deadlines = found
        spans = [doc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand") for f in found]
        doc.spans["deadlines"] = [s for s in spans if s is not None]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc
