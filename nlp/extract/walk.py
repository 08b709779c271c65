"""One reading pass over a body's paragraphs: which are tasks, and which only head, open,
introduce or describe them.

The walker keeps what a reader keeps in mind: whether this part of the document assigns work
(a "NHIỆM VỤ, GIẢI PHÁP" heading switches it on, "MỤC ĐÍCH, YÊU CẦU" off), the Roman section
and numbered heading it is under, the item whose ":" introduced the sub-items below, and whom
the section's opening sentence addresses. Each kind of paragraph has a step of its own; the
first step that takes a paragraph ends its turn."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from chidao.nlp.extract.assignments import opener_bodies
from chidao.nlp.extract.deadlines import resolve_cell
from chidao.nlp.extract.fields import FIELD_RE
from chidao.nlp.extract.parties import BodyIndex, PartyRules, find_lead, heading_bodies
from chidao.nlp.extract.sections import describes, is_closing, is_heading, joined, section_state
from chidao.nlp.extract.table import TableVocabulary
from chidao.nlp.extract._text import ARTICLE_RE, DUTY_TITLE_RE, Paragraph, is_upper_line

# "nay": a repair slip; "Quyết djnh": an OCR slip
_ENFORCES_RE = re.compile(r"chịu trách nhiệm thi hành\s+(?:Quyết [dđ]\S{0,2}nh|Nghị quyết|Chỉ thị|Quy định)\s+n[àa]y")
# "Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các xã, phường nghiêm túc thực
# hiện Chỉ thị này.": every head told to carry out the whole document, no work of its own.
_EXECUTES_RE = re.compile(r"(?:(?:Yêu cầu|Đề nghị)\s+)?(?P<heads>(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng)\s+(?:các|UBND các|Ủy ban nhân dân các)\s[^.;]{0,200}?)\s+"
                          r"(?:(?:chịu|có) trách nhiệm\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?(?:nghiêm túc\s+)?"
                          r"(?:thực hiện|thi hành)(?:\s+nghiêm(?:\s+túc)?)?\s+(?:Ch[ỉi] thị|Quyết định|Nghị quyết|Kế hoạch|"
                          r"Công văn|Thông báo|Quy định)\s+này\W*")
_MEMBERS_RE = re.compile(r"(?:Các )?(?:[Tt]hành (?:viên|phần)|[ỦủUu]y viên)")  # "4. Các thành viên:", "4. Các Ủy viên:" over a member list
_SCOPE_LABEL_RE = re.compile(r"(?:Đối tượng|Phạm vi|Quy mô|Địa điểm|Thành phần)\s*:")  # what a plan covers, never work
_REQUEST_RE = re.compile(r"(?<!\w)(?:yêu cầu|đề nghị|giao)\s+(?:[Cc]ác|UBND|Ủy ban|Sở|Ban|Thủ trưởng|Giám đốc|Chủ tịch)(?!\w)")  # "… yêu cầu các phòng, ban …"
_SAU_END_RE = re.compile(r"\s(?:[Ss]au|SAU)\s*[.,;]?\s*$")  # "… các nhiệm vụ sau" with its colon lost
_DUTY_LABEL_RE = re.compile(r"([^:;.]{2,80}):\s*[a-zà-ỹđ]")  # "a) Sở Tài chính: tham mưu …"
_SPECK_END_RE = re.compile(r"\s+[|'‘’`]$|(?<=[:.;])[|'‘’`]+$")  # "như sau: |", "như sau:'"
_REPORTING_RE = re.compile(r"\b(?:báo cáo|gửi về|gửi)\b")
_PROSE_RE = re.compile(r"[a-zà-ỹđ]{2,}\s+[a-zà-ỹđ]{2,}\s+[a-zà-ỹđ]{2,}")  # three words: prose, not a period


@dataclass
class FoundTask:
    ordinal: str
    parts: list[tuple[int, int]]
    text: str = ""
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    implicit_lead: bool = False
    deadlines: list = field(default_factory=list)
    recurring: bool = False
    report_to: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    parent: "FoundTask | None" = None
    heading_lead: list[str] = field(default_factory=list)  # an item that only names who does its sub-items
    heading_deadlines: list = field(default_factory=list)  # an item that only names when: "Tháng 3/2024"
    section_lead: list[str] = field(default_factory=list)  # who the section's opening sentence addresses


@dataclass(frozen=True)
class TaskRules:
    """Everything the task finder reads from corpus/, loaded once by the component."""

    rules: dict
    party: PartyRules
    tables: TableVocabulary
    deadlines: list[dict]  # the deadline component's compiled patterns (table cells, periods)


def paragraph_text(text: str, p: Paragraph) -> tuple[str, list[int]]:
    """A paragraph's text and offsets, less a stray mark at its end ("… kết luận như sau: |")."""
    ptext, offsets = joined(text, p.parts)
    return _SPECK_END_RE.sub("", ptext), offsets


def executes(text: str, rules: dict, party: PartyRules) -> bool:
    """The heads told to carry out the document (naming nothing else they do: not "… căn cứ
    nhiệm vụ được giao, chủ động triển khai thực hiện Kế hoạch này"), and at most what a close
    adds ("Người đứng đầu … phải chịu trách nhiệm trước Chủ tịch UBND tỉnh")."""
    m = _EXECUTES_RE.match(text)
    if m is None or party.terminators.search(m.group("heads")):
        return False
    rest = text[m.end():].strip()
    return not rest or any(re.search(t, rest) for t in rules["closing_tails"])


def walk(text: str, paras: list[Paragraph], task_rules: TaskRules, index: BodyIndex, is_report: bool,
         dated: list[int], force: bool) -> list[FoundTask]:
    """The tasks among `paras`, in order. `dated`: where the text's dated deadlines start;
    `force`: read every part as assigning work (for a body with no heading that says so)."""
    walker = _Walker(text, task_rules, index, is_report, dated, force)
    for i, p in enumerate(paras):
        walker.step(p, paras[i + 1].kind if i + 1 < len(paras) else None)
    return walker.result()


class _Para(NamedTuple):
    p: Paragraph
    text: str
    offsets: list[int]
    next_kind: str | None
    trigger: bool  # opens with "Giao", "Đề nghị", "Yêu cầu" …


_OF_WHICH_RE = re.compile(r"\S(?:\s+\S+){7,}\s*[.;,]\s*(?:[Tt]rong đó|TRONG ĐÓ)\s*:\s*$")


def _depth(marker: str | None) -> int:
    """How deep a numbered marker is: "2" 1, "2.1" 2; no marker 0."""
    return len(marker.split(".")) if marker else 0


def _duty_item(text: str, offsets: list[int], index: BodyIndex, party: PartyRules) -> bool:
    """A member's duties, not a member: "a) Sở Tài chính: tham mưu …" under "4. Các thành viên
    Ban Chỉ đạo:" (a member is "- Ông …, Phó Giám đốc Sở …" or "- Lãnh đạo Văn phòng UBND tỉnh;")."""
    m = _DUTY_LABEL_RE.match(text)
    return m is not None and bool(heading_bodies(text[:m.end(1) + 1], offsets[:m.end(1) + 1], index, party))


class _Walker:
    def __init__(self, text: str, task_rules: TaskRules, index: BodyIndex, is_report: bool, dated: list[int], force: bool):
        self.text, self.index, self.is_report, self.dated = text, index, is_report, dated
        self.rules, self.party, self.deadline_rules = task_rules.rules, task_rules.party, task_rules.deadlines
        self.tasks: list[FoundTask] = []
        self.in_tasks = force
        self.top_state: bool | None = None
        self.current: FoundTask | None = None
        self.introducer: FoundTask | None = None
        self.counters: dict[str, int] = {}
        self.section = ""  # "II." under a Roman heading, so numbering restarting per section stays unique
        self.heading = ""  # "2." of the last numbered heading: its a), b) items are "2.a", "2.b"
        self.described = False  # that heading only describes ("1. Đối tượng kiểm điểm"): its paragraph is no task
        self.current_letter = self.current_dash = False
        self.describing = ""  # the last numbered item describes the plan: "plan", or "members" over a member list
        self.opener: list[str] = []  # bodies the section's opening sentence addresses
        self.opener_depth = 0  # the depth of the numbered heading that sentence sits under ("2." 1, "2.1." 2), 0 under a Roman one

    def new(self, ordinal: str, p: Paragraph, parent: FoundTask | None = None) -> FoundTask:
        if parent is None and self.section:
            ordinal = f"{self.section}{ordinal}"
        base, k = ordinal, 1
        while any(t.ordinal == ordinal for t in self.tasks):
            k += 1
            ordinal = f"{base}-{k}"
        task = FoundTask(ordinal, list(p.parts), parent=parent, section_lead=list(self.opener))
        self.tasks.append(task)
        return task

    def count(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def step(self, p: Paragraph, next_kind: str | None) -> None:
        ptext, offsets = paragraph_text(self.text, p)
        if not re.search(r"[^\W\d_]", ptext):
            return  # "----------": a rule under the title, no text
        if p.kind not in ("letter", "dash"):
            self.describing = ""
        if any(ptext.startswith(s) for s in self.rules["body_stop_prefixes"]):
            self.in_tasks, self.current = False, None
            return
        para = _Para(p, ptext, offsets, next_kind, ptext.startswith(tuple(f"{t} " for t in self.party.triggers)))
        for take in (self._named_heading, self._period_heading, self._section_heading, self._no_work, self._opener):
            if take(para):
                return
        if not self.in_tasks:
            return
        for take in (self._numbered, self._field, self._sub_item, self._paragraph):
            if take(para):
                return

    def _named_heading(self, para: _Para) -> bool:
        """"2. Sở Nông nghiệp và Phát triển nông thôn" over a) b) …: who leads the items below."""
        p, ptext = para.p, para.text
        # not "4. Các thành viên:" over a member list; but in an article of duties ("Điều 3.
        # Trách nhiệm của Chủ tịch, Phó Chủ tịch và các thành viên Hội đồng") over a), b) it names who does them
        members = bool(self.opener) and _MEMBERS_RE.match(ptext) is not None and para.next_kind == "letter"
        if not (p.kind in ("num", "letter") or (p.kind is None and ptext.rstrip().endswith(":"))) or (
                describes(ptext, self.rules) and not members) or self._member(ptext):
            return False  # nor "6. Phó Chủ tịch UBND huyện Trần Đề … - thành viên.", a member
        bodies = heading_bodies(ptext, para.offsets, self.index, self.party)
        if not bodies or not (self.in_tasks or p.kind == "num"):
            return False
        self.in_tasks = True
        # "2. … Phó Chủ tịch UBND tỉnh yêu cầu:" over "a) UBND các huyện …:" and its dashes:
        # the lettered heading is under the request, which is then no task of its own
        introducer = self.introducer
        up = introducer if p.kind == "letter" and introducer is not None and (
            not introducer.heading_lead or _REQUEST_RE.search(joined(self.text, introducer.parts)[0])) else None
        self.current = self.introducer = self.new(f"{up.ordinal}.{p.marker}" if up else p.marker or f"h{self.count('h')}", p, parent=up)
        self.current.heading_lead = bodies
        return True

    def _member(self, ptext: str) -> bool:
        return re.match(self.rules["member_item_regex"], " ".join(ptext.split())) is not None

    def _period_heading(self, para: _Para) -> bool:
        """"1. Tháng 01/2024" over the items of that month (a programme of work); not the period
        of a section that holds no tasks ("II. THỜI GIAN THỰC HIỆN" / "Từ ngày …")."""
        p, ptext = para.p, para.text
        period = resolve_cell(ptext, None, self.deadline_rules) if p.kind in ("num", None) and len(ptext.split()) <= 8 else []
        if not (period and all(d.due for d in period) and not _PROSE_RE.search(ptext)
                and (self.in_tasks or self.top_state is not False)):
            return False
        self.in_tasks = True
        self.current = self.introducer = self.new(p.marker or f"t{self.count('t')}", p)
        self.current.heading_deadlines = period
        return True

    def _section_heading(self, para: _Para) -> bool:
        """A heading: whether the part below assigns work, and the section its items number under."""
        p, ptext = para.p, para.text
        if not is_heading(p, ptext, para.next_kind):
            return False
        # a step's title ("Bước 4. Khắc phục hạn chế, khuyết điểm") names work, not a kind of section
        state = None if p.step else section_state(ptext, self.rules)
        if p.kind == "roman":
            self.section = f"{p.marker}."
        # an article is a top-level section too: "Điều 1. Quy định chính sách …" over "2. Đối tượng áp dụng"
        if p.kind == "roman" or (p.kind is None and (is_upper_line(ptext) or ARTICLE_RE.match(ptext))):
            self.top_state = state if state is not None else (not self.is_report)
            self.in_tasks = self.top_state
        else:
            self.in_tasks = state if state is not None else (self.top_state if self.top_state is not None else self.in_tasks)
        self.current = self.introducer = None
        self.heading = f"{p.marker}." if p.kind == "num" else ""
        self.described = p.kind == "num" and describes(ptext, self.rules)
        self.describing = "plan" if self.described else ""  # "1. Nội dung" over "- Việc lãnh đạo …": what is reviewed
        if p.kind != "num" or _depth(p.marker) <= self.opener_depth:
            # an opener holds until a heading of its own level or higher: "2. Nhiệm vụ" / "Các tổ
            # chức cơ sở đảng … thực hiện tốt các nhiệm vụ sau:" holds over "2.1. Nâng cao …"
            self.opener = []
        if p.kind == "roman" and state is None:
            # "I. Văn phòng HĐND và UBND xã" over numbered items: an annex grouped by who leads
            self.opener = heading_bodies(ptext, para.offsets, self.index, self.party)
            self.opener_depth = 0
        article = ARTICLE_RE.match(ptext) if p.kind is None else None
        if article and DUTY_TITLE_RE.match(ptext, article.end() - 1):
            # "Điều 2. Nhiệm vụ của Tổ công tác" over items that name no body: the Tổ leads them
            cut = article.end() - 1
            self.opener = heading_bodies(ptext[cut:], para.offsets[cut:], self.index, self.party)
        return True

    def _no_work(self, para: _Para) -> bool:
        """A member, an amount adopted, the heads told to carry out the document, a courtesy."""
        p, ptext = para.p, para.text
        if self._member(ptext):
            return True  # "1. Ông Đỗ Minh Tâm, Phó Chủ tịch … - Tổ trưởng;": a member list
        if p.kind is not None and re.match(self.rules["figure_item_regex"], ptext):
            self.current = self.introducer = None
            return True  # "1. Tổng thu ngân sách nhà nước trên địa bàn: 62.480 triệu đồng.": an amount adopted
        if (p.kind is None and _ENFORCES_RE.search(ptext)) or (p.kind in (None, "num") and executes(ptext, self.rules, self.party)):
            self.current = None
            return True  # "Chánh Văn phòng …, Giám đốc các Sở … chịu trách nhiệm thi hành Quyết định này./."
        if p.kind in (None, "num") and is_closing(ptext, self.rules, opens=p.kind == "num"):
            self.current = None
            return True  # "Đề nghị các đơn vị quan tâm, phối hợp thực hiện./.": courtesy, numbered or not
        return False

    def _opener(self, para: _Para) -> bool:
        """"Các cấp ủy … tập trung thực hiện tốt các nhiệm vụ sau:": opens the items below, which
        inherit whom it addresses; not a task itself."""
        p, ptext = para.p, para.text
        # legacy OCR may lose its colon ("… các nhiệm vụ Sau") where lettered or numbered items follow
        closed = ptext.rstrip().endswith(":") or (para.next_kind in ("num", "letter") and _SAU_END_RE.search(ptext) is not None)
        intro = p.kind is None and closed and self._introduces(ptext)
        # "Đề nghị Ban Thường vụ Đảng ủy xã … thực hiện tốt một số nhiệm vụ sau:" over numbered
        # items addresses them all, as an opener without "Đề nghị" does.
        if intro and (not para.trigger or para.next_kind == "num") and (self.in_tasks or not self.is_report):
            addressed = opener_bodies(ptext, para.offsets, self.index, self.party)
            introducer = self.introducer
            if not addressed and introducer is not None and self.current is introducer and introducer.heading_lead:
                return True  # "2.1. Đối với Đảng ủy xã X" / "Tập trung lãnh đạo … các nhiệm vụ sau:": its subject
            self.in_tasks, self.current, self.introducer = True, None, None
            self.opener = addressed
            self.opener_depth = _depth(self.heading.rstrip("."))
            return True
        if p.kind is None and not self.in_tasks and ptext.rstrip().endswith(":") and not self.is_report:
            if intro:
                self.in_tasks, self.current, self.introducer = True, None, None
            return True
        return False

    def _introduces(self, ptext: str) -> bool:
        """Whether the text names the work below it: "… thực hiện tốt các nhiệm vụ sau:"."""
        return any(w in ptext.lower() for w in self.rules["task_intro_words"])

    def _numbered(self, para: _Para) -> bool:
        """"2. Sở Y tế chủ trì …": a task; one ending with ":" introduces the items below."""
        p, ptext = para.p, para.text
        if p.kind != "num":
            return False
        self.introducer = None
        if describes(ptext, self.rules) and not para.trigger and not (
                ptext.startswith("Thời gian") and find_lead(ptext, para.offsets, self.index, self.party)):
            self.describing = "members" if _MEMBERS_RE.match(ptext) else "plan"
            self.current = None  # "2. Hình thức: Học tập tập trung tại Hội trường …", but not
            return True  # "3. Thời gian: Ban Thường vụ Đảng ủy tổ chức hội nghị …, hoàn thành trong tháng 12/2025"
        self.current = self.new(p.marker, p)
        if ptext.rstrip().endswith(":"):
            self.introducer = self.current
            # "2. Để chủ động ứng phó …, Chủ tịch UBND huyện yêu cầu các phòng, ban … thực hiện
            # tốt các nhiệm vụ sau:" wrapped over lines: whom it addresses, as an opener's
            requests = self._introduces(ptext) and _REQUEST_RE.search(ptext) is not None
            addressed = opener_bodies(ptext, para.offsets, self.index, self.party) if requests else []
            if addressed:
                self.current.heading_lead = addressed
            elif len(p.parts) > 1:  # "3. Nâng cao chất lượng phục vụ …" / "UBND các xã, phường:"
                self.current.heading_lead = heading_bodies(*joined(self.text, p.parts[-1:]), self.index, self.party)
        return True

    def _field(self, para: _Para) -> bool:
        """"- Cơ quan chủ trì: Sở Y tế." under its item: part of it."""
        if para.p.kind == "dash" and self.current is not None and FIELD_RE.match(para.text):
            self.current.parts += para.p.parts
            return True
        return False

    def _sub_item(self, para: _Para) -> bool:
        """A lettered or dashed item: a task under its introducer, a sibling of the one before,
        or more of the current task."""
        p, ptext = para.p, para.text
        scope = p.kind == "dash" and self.current is None and (_SCOPE_LABEL_RE.match(ptext) is not None or (
            ptext.startswith("Thời gian") and not find_lead(ptext, para.offsets, self.index, self.party)))
        if (p.kind == "letter" or scope) and self.introducer is None and describes(ptext, self.rules) and not para.trigger:
            # "b) Đối tượng kiểm tra, giám sát là …", "c) Nội dung trọng tâm: …", "- Đối tượng: 1.236
            # nhà ở nhiều tầng …" and "- Thời gian thực hiện: từ …" right under "II. ĐỐI TƯỢNG, THỜI
            # GIAN" (a dash's "- Nội dung: …" may be the work itself)
            self.current = None
            return True
        if p.kind in ("letter", "dash") and self.describing and self.introducer is None and self.current is None and (
                not _duty_item(ptext, para.offsets, self.index, self.party) if self.describing == "members"
                else not find_lead(ptext, para.offsets, self.index, self.party)):
            return True  # "4. Các thành viên:" / "- Lãnh đạo Văn phòng UBND tỉnh;": what the item describes
        if p.kind not in ("letter", "dash"):
            return False
        introducer, current = self.introducer, self.current
        if introducer is not None:
            key = p.marker if p.kind == "letter" else str(self.count(f"dash-{introducer.ordinal}"))
            self.current = self.new(f"{introducer.ordinal}.{key}", p, parent=introducer)
        elif current is not None and not (p.kind == "letter" and self.current_letter) and not (
                p.kind == "dash" and self.current_dash):
            current.parts += p.parts
        else:
            # "b)" after "a)" under a heading: siblings, each a task of its own.
            self.current = self.new(f"{self.heading}{p.marker}" if p.kind == "letter" else f"d{self.count('dash')}", p)
        self.current_letter = p.kind == "letter" and introducer is None
        self.current_dash = p.kind == "dash" and introducer is None
        return True

    def _paragraph(self, para: _Para) -> bool:
        """An unnumbered paragraph: a task of its own when it opens with "Giao"/"Đề nghị" or a
        body, or reports back; else more of the current task."""
        p, ptext, current, introducer = para.p, para.text, self.current, self.introducer
        if current is not None and FIELD_RE.match(ptext):
            current.parts += p.parts  # "Cơ quan chủ trì: Sở Tư pháp. Thời gian hoàn thành: quý II/2025."
            return True
        # A closing "Kết quả … gửi về … trước ngày 30/6/2024": a reporting task with its own deadline.
        closing = (current is not None and _REPORTING_RE.search(ptext) is not None
                   and any(a <= d < b for a, b in p.parts for d in self.dated))
        # "2. Ủy ban Kiểm tra Đảng ủy phường" / "Đưa nội dung … vào chương trình kiểm tra": the work
        # of the body named above, a task under it (not the title's words run into its name)
        titled = p.kind is None and introducer is not None and current is introducer and bool(introducer.heading_lead)
        if self.described and p.kind is None and current is None and not para.trigger:
            return True  # "2. Đối tượng giám sát" / "Chi bộ bản Mường Phăng 1, Chi bộ bản Che Căn …": who is reviewed
        if para.trigger or closing or titled or find_lead(ptext, para.offsets, self.index, self.party):
            self._new_paragraph_task(para)
        elif current is None and self.heading and not self.described:
            # "1. Rà soát, chốt danh sách hộ được hỗ trợ" over its paragraph of work: item 1.
            self.current = self.new(self.heading.rstrip("."), p)
        elif current is not None:
            current.parts += p.parts
        return True

    def _new_paragraph_task(self, para: _Para) -> None:
        p, ptext, current, introducer = para.p, para.text, self.current, self.introducer
        word = ptext.split()[0]
        prefix = "giao" if word == "Giao" else "de-nghi" if word == "Đề" else (
            f"{current.ordinal}.p" if current and "." not in current.ordinal
            and not current.ordinal.startswith(("giao", "de-nghi", "p")) else "p")
        ordinal = f"{prefix}-{self.count(prefix)}" if prefix in ("giao", "de-nghi", "p") else f"{prefix}{self.count(prefix)}"
        # "2. Trách nhiệm của Ủy ban Kiểm tra Tỉnh ủy" / "Cung cấp …, gửi … trong 05 ngày": under it
        under = introducer if introducer is not None and current is introducer and introducer.heading_lead else None
        if under is not None:
            ordinal = f"{under.ordinal}.{self.count(f'dash-{under.ordinal}')}"
        self.current = self.new(ordinal, p, parent=under)
        if ptext.rstrip().endswith(":"):
            self.introducer = self.current
        elif not (introducer is not None and para.next_kind == "letter"):
            self.introducer = None  # "b) … . Giao Sở X …" / "c) …": c) is still under the item that opened b)

    def _bare_title(self, task: FoundTask, tasks: list[FoundTask]) -> bool:
        """A numbered line with no stop at its end, whose sub-items each name their own lead."""
        line = joined(self.text, task.parts)[0].rstrip()
        below = [u for u in tasks if u.ordinal.startswith(f"{task.ordinal}.")]
        return (bool(line) and line[-1] not in ".;:!?)" and len(line.split()) <= 20
                and all(find_lead(*joined(self.text, u.parts), self.index, self.party) for u in below))

    def result(self) -> list[FoundTask]:
        """The tasks, less those that only introduce or title items below them."""
        tasks, text = self.tasks, self.text
        # "2. … yêu cầu thực hiện các nhiệm vụ sau:" over 2.1., 2.2. …: their parent.
        by_ordinal = {t.ordinal: t for t in tasks}
        for t in tasks:
            up = by_ordinal.get(t.ordinal.rsplit(".", 1)[0]) if t.parent is None and "." in t.ordinal else None
            if up is not None and joined(text, up.parts)[0].rstrip().endswith(":"):
                t.parent = up
        # An introducer ("1. Các huyện ủy …:") whose sub-items became tasks is not itself a task,
        # unless it assigns work of its own before "trong đó:" ("2.1. Ban cán sự đảng … tháo gỡ
        # dứt điểm …; làm rõ trách nhiệm … . Trong đó:");
        parents = {id(t.parent) for t in tasks if t.parent is not None
                   and not _OF_WHICH_RE.search(joined(text, t.parent.parts)[0])}
        # nor is a title naming a body ("2. Đối với Đảng ủy xã Phú Định") over items 2.1, 2.2 …, or a
        # title with no stop whose items each name their own body ("3. Giao nhiệm vụ cho các cơ
        # quan tham mưu, giúp việc của Tỉnh ủy" over 3.1., 3.2. …)
        titles = {t.ordinal for t in tasks if len(t.parts) == 1 and any(u.ordinal.startswith(f"{t.ordinal}.") for u in tasks)
                  and (t.heading_lead or self._bare_title(t, tasks))}
        return [t for t in tasks if id(t) not in parents and t.ordinal not in titles]
