"""One task per assignment (issue "every assignment, the right body"):

- `split_assignments`: a numbered or lettered item often gives its general work, then assigns
  parts to named bodies in later sentences ("… . Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp
  với Sở Y tế biên soạn tài liệu …; Báo Bắc Ninh, Đài Phát thanh và Truyền hình tỉnh tăng
  cường …"). Each sentence that opens with a body other than the item's own (or with one of
  its several leads alone) becomes a task
  of its own, ordinal "<item>.s1", "<item>.s2" …, with that sentence's bodies and deadlines;
  the item keeps its first part. A short closing "X chủ trì." only names the item's lead.
- `opener_bodies`: the bodies a section's opening sentence addresses ("Các cấp ủy, tổ chức
  đảng, chính quyền … tập trung thực hiện tốt các nhiệm vụ sau:", "… yêu cầu các sở, ngành
  …:"); the items of that section that name no body inherit them (implicit_lead).

Pure functions over the task finder's values; nothing here knows spaCy."""

from __future__ import annotations

import re

from chidao.nlp.extract._text import COOP_LABEL, LEAD_LABEL, TIME_LABEL
from chidao.nlp.extract.name_end import phrase_end
from chidao.nlp.extract.parties import BodyIndex, PartyRules, find_lead, split_bodies
from chidao.nlp.extract.party_rules import starts_with_head

_SENTENCE_RE = re.compile(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])")
# "…; UBND các huyện, thành phố đưa …", "…; giao Sở X …"; legacy OCR's comma for a period
# before a capital "Giao" / "Đề nghị" ("… năm 2026, Giao Văn phòng Tỉnh ủy chủ trì …")
CLAUSE_RE = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ]|giao\s)|(?<=,)\s+(?=(?:Giao|Đề nghị)\s+[A-ZĐÀ-Ỹ])")
_FIELD_RE = re.compile(rf"{LEAD_LABEL}\s*:|{COOP_LABEL}\s*:|{TIME_LABEL}")
_BODY_FIELD_RE = re.compile(rf"(?:{LEAD_LABEL}|{COOP_LABEL})\s*:")
_CHU_TRI_RE = re.compile(r"\s*chủ trì\s*(?:,\s*phối hợp với\s+)?")
# not "mục đích, yêu cầu trên"; "… sau hợp nhất tỉnh. Yêu cầu các sở, ngành …" opens a sentence
_ADDRESS_RE = re.compile(r"\b(?:[Yy]êu cầu|[Đđ]ề nghị)\s+(?!(?:trên|nêu trên|đề ra|của)\b)(?=\S)")
_DIRECTS_RE = re.compile(r"\bchỉ đạo\s+(?=\S)")
_BRIEF_LEAD_RE = re.compile(r"(?<!\w)(?:chủ trì|thực hiện|theo dõi)(?!\w)")


def opener_bodies(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    """Who an opening sentence addresses: its subject ("Các cấp ủy … tập trung …:") or the
    bodies after "yêu cầu" / "đề nghị" ("Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy …:")."""
    found = addressed_bodies(text, offsets, index, rules)
    return find_lead(text, offsets, index, rules) if found is None else found


def addressed_bodies(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str] | None:
    """The bodies named after "yêu cầu" / "đề nghị", or after "chỉ đạo" when a body follows it
    (None when the text has none of these; [] when "yêu cầu" / "đề nghị" name no body: "Sở GD&ĐT yêu cầu triển khai ngay các nội dung sau:" addresses
    the recipients, not the Sở that asks)."""
    m = _ADDRESS_RE.search(text)
    # "UBND tỉnh chỉ đạo các sở, ban, ngành tỉnh … tập trung thực hiện …:" addresses those it directs.
    directs = m is None
    m = m or _DIRECTS_RE.search(text)
    if not m:
        return None
    if not (starts_with_head(text[m.end():], rules, any_case=True) or offsets[m.end()] in index.body_starts):
        return None if directs else []
    end = phrase_end(text, m.end(), offsets, index, rules)
    return split_bodies(text, m.end(), end, offsets, index, rules) or None


def assignment_cuts(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules, inherited: list[str] = ()) -> list[int]:
    """Document offsets where a later sentence of an item assigns work to a body of its own.
    `inherited`: who leads the item when it names nobody (its opener's or heading's bodies)."""
    named_own = find_lead(text, offsets, index, rules)
    own = {b.lower() for b in named_own or inherited}
    cuts = []
    previous = 0
    for m in CLAUSE_RE.finditer(text):
        rest = text[m.end():]
        if text[m.start() - 1] == ";" and not (_acts(rest, offsets[m.end():], index, rules)
                                                and _acts(text[previous:m.start()], offsets[previous:], index, rules)):
            continue  # "…; Giám đốc Kho bạc Nhà nước huyện; …": a list of bodies, not clauses
        if _FIELD_RE.match(rest):
            continue  # "Cơ quan phối hợp: …": a field of the item
        if _in_body_field(text, m.start()):
            continue  # "- Phối hợp: Trạm Y tế xã. Công an xã.": inside a field (legacy OCR's period for a comma)
        found = find_lead(rest, offsets[m.end():], index, rules)
        named = {b.lower() for b in found}
        # The item's own lead again continues its work; one of its several leads alone ("Báo
        # Bắc Ninh, Đài PT&TH tỉnh mở chuyên mục … . Đài PT&TH tỉnh sản xuất 01 phim …") is
        # an assignment of its own.
        if not found or (named == own and (text[m.start() - 1] == ";" or (
                not named_own and _only_reports(rest, offsets[m.end():], index, rules)))):
            # "a) Tập trung tháo gỡ … . Đảng ủy UBND tỉnh báo cáo Thường trực Tỉnh ủy … hằng
            # tuần." under the opener that gave a) to that Đảng ủy: who reports, no new work
            continue
        if _names_lead_only(rest, offsets[m.end():], index, rules):
            continue
        before = text[previous:m.start()]
        if find_lead(before, offsets[previous:], index, rules) and not _acts(before, offsets[previous:], index, rules):
            continue  # "Sở Tài chính. Sở Kế hoạch và Đầu tư … rút ngắn …": legacy OCR's period for a comma
        cuts.append(offsets[m.end()])
        previous = m.end()
    return cuts


def _in_body_field(text: str, at: int) -> bool:
    """Whether the sentence break at `at` is the first one after a "Chủ trì:" / "Phối hợp:" label:
    its field's list of bodies goes on after it."""
    label = None
    for label in _BODY_FIELD_RE.finditer(text, 0, at):
        pass
    return label is not None and not re.search(r"[.;]", text[label.end():at].rstrip(".;"))


_REPORTS_RE = re.compile(r"\s*(?:(?:định kỳ|thường xuyên|hằng (?:tuần|tháng|quý))\s+)?(?:tổng hợp,?\s+)?báo cáo\s")


def _only_reports(sentence: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> bool:
    """A sentence whose body goes straight on to report ("X báo cáo Y …")."""
    sentence = _SENTENCE_RE.split(sentence, maxsplit=1)[0]
    start = len(sentence) - len(sentence.lstrip())
    return _REPORTS_RE.match(sentence, phrase_end(sentence, start, offsets, index, rules)) is not None


def _acts(clause: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> bool:
    """Whether a clause opening with a body goes on to say what it does (four words or more)."""
    clause = re.split(r"[;.]", clause, maxsplit=1)[0]
    end = phrase_end(clause, 0, offsets, index, rules)
    return len(clause[end:].split()) >= 4


def _names_lead_only(sentence: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> bool:
    """"Văn phòng Đảng ủy Khối chủ trì, phối hợp với Ban Tổ chức Đảng ủy Khối (tham mưu)."
    only says who leads the item's work: no work of its own follows."""
    sentence = _SENTENCE_RE.split(sentence, maxsplit=1)[0]
    start = len(sentence) - len(sentence.lstrip())
    end = phrase_end(sentence, start, offsets, index, rules)
    m = _CHU_TRI_RE.match(sentence, end)
    if not m:
        return len(sentence.split()) <= 12 and bool(_BRIEF_LEAD_RE.search(sentence))
    after = m.end()
    if sentence[end:m.end()].rstrip().endswith("với"):
        after = phrase_end(sentence, m.end(), offsets, index, rules)
    return len(sentence[after:].strip(" .;").split()) <= 8
