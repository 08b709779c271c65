"""What a task's own text says beyond its opening words: labelled fields ("Cơ quan chủ trì:
Sở Tư pháp; Cơ quan phối hợp: …; Thời gian hoàn thành: quý II/2025"), the body that opens
the line under an item's title, and a later "X chủ trì." sentence. Pure functions over the
task finder's values."""

from __future__ import annotations

import re
from functools import lru_cache

from chidao.nlp.extract.assignments import CLAUSE_RE
from chidao.nlp.extract.deadlines import resolve_cell
from chidao.nlp.extract.parties import BodyIndex, PartyRules, find_lead, heading_bodies, split_bodies
from chidao.nlp.extract.party_rules import starts_with_head
from chidao.nlp.extract._text import COOP_LABEL, DUTY_TITLE_RE, LEAD_LABEL, TIME_LABEL
from chidao.nlp.extract.sections import joined

FIELD_RE = re.compile(rf"{LEAD_LABEL}\s*:|{COOP_LABEL}\s*:|{TIME_LABEL}(?: hoàn thành| thực hiện)?\s*:")
_FIELDS = {"lead": re.compile(rf"{LEAD_LABEL}\s*:\s*"),
           "cooperating": re.compile(rf"{COOP_LABEL}\s*:\s*"),
           "time": re.compile(rf"{TIME_LABEL}(?: hoàn thành| thực hiện)?\s*:\s*")}
_FIELD_END_RE = re.compile(rf"\.\s|\.$|;|{LEAD_LABEL}\s*:|{COOP_LABEL}\s*:|{TIME_LABEL}")


_TITLE_TAIL_RE = re.compile(r"(?:,|\b(?:với|và|của|cho|các|những|tại|trong|về|để|theo|đến|từ|có|được|là|do|thuộc))$")


@lru_cache(maxsize=8)
def _line_width(text: str) -> int:
    """The width the document's lines are wrapped to (its long lines' length)."""
    widths = sorted(len(line.strip()) for line in text.splitlines() if line.strip())
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0


def lead_under_title(text: str, parts: list[tuple[int, int]], index: BodyIndex, party_rules: PartyRules) -> list[str]:
    """An item whose first line is its title and whose work opens on the next line with a body
    ("3. Xây dựng chính quyền số, nâng cao chất lượng phục vụ người dân" / "UBND phường chỉ
    đạo …"): that body leads. A first line that wraps mid-sentence ("…, phối hợp với" / "Ủy ban
    MTTQ …") is not a title."""
    if len(parts) < 2:
        return []
    title = text[parts[0][0]:parts[0][1]].strip()
    b = parts[1][0]
    indented = text[text.rfind("\n", 0, b) + 1:b].startswith("  ")  # the next line opens a paragraph of its own
    if not title or (len(title.split()) > 15 and not indented) or title.endswith((".", ";", ":")) or _TITLE_TAIL_RE.search(title):
        return []
    a = parts[0][0]
    line_end = text.find("\n", a)
    line = text[text.rfind("\n", 0, a) + 1:line_end if line_end >= 0 else len(text)].strip()
    if (len(line) >= 0.8 * _line_width(text) and not indented) or title.startswith(tuple(party_rules.triggers)):
        return []  # a full line of a wrapped paragraph (a scan's), or a sentence: not a title
    rest, offsets = joined(text, parts[1:])
    found = find_lead(rest, offsets, index, party_rules) if rest[:1].isupper() else []
    if not found and DUTY_TITLE_RE.match(title):
        # "3. Trách nhiệm của Đảng ủy UBND tỉnh" / "Lãnh đạo UBND tỉnh chỉ đạo …": the title names who
        title_text, title_offsets = joined(text, parts[:1])
        found = heading_bodies(title_text, title_offsets, index, party_rules)
    return found


def field_deadlines(task_text: str, doc_date, patterns: list[dict]) -> list:
    """The deadline a "thời gian hoàn thành: tháng 11/2024" field gives, read as a table's time
    cell is (a bare month or quarter counts)."""
    m = _FIELDS["time"].search(task_text)
    if not m:
        return []
    end = _FIELD_END_RE.search(task_text, m.end())
    return resolve_cell(task_text[m.end(): end.start() if end else len(task_text)], doc_date, patterns)


def field_bodies(task_text: str, role: str, offsets: list[int], index: BodyIndex, party_rules: PartyRules) -> list[str]:
    """Bodies named in a labelled field of the task: "Cơ quan chủ trì: Sở Tư pháp.". A field
    naming both roles ("Đơn vị thực hiện: Văn phòng Sở chủ trì; Công an tỉnh phối hợp.") gives
    the lead before its "chủ trì" and the partners before the closing "phối hợp"."""
    span = _field_span(task_text, role, offsets, index, party_rules)
    if span is None and role == "cooperating":
        lead = _field_span(task_text, "lead", offsets, index, party_rules)
        chu_tri = _CHU_TRI_RE.search(task_text, *lead) if lead else None
        tail = _PHOI_HOP_TAIL_RE.search(task_text[:lead[1]], chu_tri.end()) if chu_tri else None
        span = (chu_tri.end(), tail.start()) if tail else None
    elif span is not None and role == "lead":
        chu_tri = _CHU_TRI_RE.search(task_text, *span)
        span = (span[0], chu_tri.start()) if chu_tri else span
    if span is None or span[1] <= span[0]:
        return []
    return split_bodies(task_text, *span, offsets, index, party_rules)


_CHU_TRI_RE = re.compile(r"\s+chủ trì(?!\w)\s*[;,]?\s*")
_PHOI_HOP_TAIL_RE = re.compile(r"\s+phối hợp\s*$")


def _field_span(task_text: str, role: str, offsets: list[int], index: BodyIndex, party_rules: PartyRules) -> tuple[int, int] | None:
    """Where the value of the task's `role` field lies, or None without one."""
    m = _FIELDS[role].search(task_text)
    if not m:
        return None
    end = _FIELD_END_RE.search(task_text, m.end())
    while end is not None and end.group() in (";", ". ") and _body_follows(task_text, end.end(), offsets, index, party_rules):
        # "…; UBND các xã, thị trấn.", and "Trạm Y tế xã. Công an xã." (legacy OCR read the comma as a period)
        end = _FIELD_END_RE.search(task_text, end.end())  # "Phòng Văn hóa và Thông tin; UBND các xã, thị trấn."
    return m.end(), end.start() if end else len(task_text)


def _body_follows(text: str, at: int, offsets: list[int], index: BodyIndex, party_rules: PartyRules) -> bool:
    """Whether a body's name follows `at` (not another field: "; cơ quan phối hợp: …")."""
    start = at + len(text[at:]) - len(text[at:].lstrip())
    if re.match(r"(?:\S+\s+){0,3}\S*:", text[start:]):
        return False
    return start < len(text) and (starts_with_head(text[start:], party_rules, any_case=True)
                                  or offsets[start] in index.body_starts)


def chu_tri_lead(task_text: str, offsets: list[int], index: BodyIndex, party_rules: PartyRules) -> list[str]:
    """The bodies of a later sentence "X chủ trì …" in a task ("Sơ kết … . Ban Tổ chức chủ trì.")."""
    for m in CLAUSE_RE.finditer(task_text):
        rest = task_text[m.end():]
        if re.search(r"(?<!\w)chủ trì(?!\w)", rest[:160]):
            found = find_lead(rest, offsets[m.end():], index, party_rules)
            if found:
                return found
    return []
