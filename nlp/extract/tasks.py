"""`chidao_tasks`: one task per assigned piece of work in the body.

Numbered items (1., 2.1.), lettered and dashed sub-items of an item that ends with ":"
(they inherit its lead), unnumbered paragraphs that open with a body or with "Giao"/"Đề
nghị", and "Giao …" sentences inside a paragraph. Items count only in task-bearing parts:
after an intro ("… yêu cầu:", "… nhiệm vụ sau:") or under a heading such as "NHIỆM VỤ, GIẢI
PHÁP"; headings such as "MỤC ĐÍCH, YÊU CẦU" or "KẾT QUẢ" switch task-reading off. In a Báo
cáo only task headings switch it on; its tasks belong to the issuer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from chidao.nlp.bodies import default_registry
from chidao.nlp.extract.assignments import addressed_bodies, assignment_cuts, opener_bodies
from chidao.nlp.extract.body_spans import body_index
from chidao.nlp.extract.deadlines import resolve_cell
from chidao.nlp.extract.fields import FIELD_RE, chu_tri_lead, field_bodies, field_deadlines, lead_under_title
from chidao.nlp.extract.sections import describes, is_closing, is_heading, joined, section_state, split_giao, without_findings
from chidao.nlp.extract.flat_table import find_flat_tables
from chidao.nlp.extract.party_rules import starts_with_head
from chidao.nlp.extract.table import TableRow, TableVocabulary, find_tables
from chidao.nlp.extract._text import ARTICLE_RE, DUTY_TITLE_RE, Paragraph, is_upper_line, paragraphs, split_lines
from chidao.nlp.extract.parties import (BodyIndex, PartyRules, canonical_piece, find_cooperating, find_lead,
                                        find_report_to, find_targets, heading_bodies, split_bodies)

Doc.set_extension("tasks", default=None, force=True)

# "nay": a repair slip; "Quyết djnh": an OCR slip
_ENFORCES_RE = re.compile(r"chịu trách nhiệm thi hành\s+(?:Quyết [dđ]\S{0,2}nh|Nghị quyết|Chỉ thị|Quy định)\s+n[àa]y")
# "Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các xã, phường nghiêm túc thực
# hiện Chỉ thị này.": every head told to carry out the whole document, no work of its own.
_EXECUTES_RE = re.compile(r"(?:(?:Yêu cầu|Đề nghị)\s+)?(?P<heads>(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng)\s+(?:các|UBND các|Ủy ban nhân dân các)\s[^.;]{0,200}?)\s+"
                          r"(?:(?:chịu|có) trách nhiệm\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?(?:nghiêm túc\s+)?"
                          r"(?:thực hiện|thi hành)(?:\s+nghiêm(?:\s+túc)?)?\s+(?:Ch[ỉi] thị|Quyết định|Nghị quyết|Kế hoạch|"
                          r"Công văn|Thông báo|Quy định)\s+này\W*")
_MEMBERS_RE = re.compile(r"(?:Các )?[Tt]hành (?:viên|phần)")  # "4. Các thành viên:" over a member list
_SAU_END_RE = re.compile(r"\s(?:[Ss]au|SAU)\s*[.,;]?\s*$")  # "… các nhiệm vụ sau" with its colon lost
_DUTY_LABEL_RE = re.compile(r"([^:;.]{2,80}):\s*[a-zà-ỹđ]")  # "a) Sở Tài chính: tham mưu …"
_FOOTNOTE_RE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹!]")


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


def find_tasks(doc: Doc, task_rules: TaskRules, index: BodyIndex) -> list[FoundTask]:
    """The tasks of the body and of each attached document (a Quyết định's Kế hoạch), then
    the rows of task tables anywhere in the text."""
    rules = task_rules.rules
    info = doc._.directive.document
    text = doc.text
    tables = find_tables(text, task_rules.tables)  # often a Phụ lục after the signature: the whole text
    # a table laid out with spaces that legacy OCR closed up: found where no table is
    tables += [t for t in find_flat_tables(text, task_rules.tables, lambda s: starts_with_head(s, task_rules.party),
                                           default_registry().names())
               if not any(u.start <= t.end and t.start <= u.end for u in tables)]
    all_lines = split_lines(text)
    tasks: list[FoundTask] = []
    addressees: list[str] = []
    for k, (start, end) in enumerate(doc._.directive.bodies):
        lines = [ln for ln in all_lines if start <= ln.start < end and not _FOOTNOTE_RE.match(ln.text)
                 and not any(t.start <= ln.start < t.end for t in tables)]
        found, found_addressees = _region_tasks(doc, lines, task_rules, index, attached=k > 0)
        if k == 0:
            addressees = found_addressees
        for task in found:
            task.ordinal = f"kt{k}.{task.ordinal}" if k else task.ordinal
        tasks += found
    tasks = without_findings(tasks, rules)
    if tables:
        # "Các nhiệm vụ cụ thể … được phân công tại Phụ lục kèm theo": a pointer to the rows;
        # "1. Phân công nhiệm vụ cụ thể như sau:" right over a table: its caption.
        tasks = [t for t in tasks if not _ANNEX_POINTER_RE.match(t.text) and not _is_caption(t, tables, text)]
    return tasks + [_row_task(r, text, info, task_rules, index, addressees) for t in tables for r in t.rows]


def _region_tasks(doc: Doc, lines, task_rules: TaskRules, index: BodyIndex, attached: bool):
    """The tasks of one body (the document's own, or an attached one), filled in, and the
    addressees its unnamed tasks fall to."""
    rules, party_rules = task_rules.rules, task_rules.party
    info = doc._.directive.document
    text = doc.text
    paras = split_giao(text, paragraphs(text, lines))
    is_report = info.type == "Báo cáo" and not attached
    dated = [d.start for d in doc._.deadlines or [] if d.due]
    tasks = _walk(text, paras, task_rules, index, is_report, dated, force=False)
    if not tasks and not is_report:
        tasks = _walk(text, paras, task_rules, index, is_report, dated, force=True)
    addressees = _addressees(text, paras, info, rules, party_rules, index, is_report)
    tasks = [piece for task in tasks for piece in _split(task, text, party_rules, index, rules)]
    for task in tasks:
        _fill(task, text, doc._.deadlines or [], party_rules, index, addressees)
        if not any(d.kind in ("by", "on") for d in task.deadlines):
            task.deadlines += [d for d in field_deadlines(task.text, info.date, task_rules.deadlines) if d.due]
    return tasks, addressees


def _split(task: FoundTask, text: str, party_rules: PartyRules, index: BodyIndex, rules: dict) -> list[FoundTask]:
    """The task and, cut off it, each later sentence assigning work to a body of its own."""
    task_text, offsets = joined(text, task.parts)
    inherited = task.section_lead
    if task.parent is not None:
        inherited = task.parent.heading_lead or find_lead(*joined(text, task.parent.parts), index, party_rules) or inherited
    cuts = assignment_cuts(task_text, offsets, index, party_rules, inherited)
    if not cuts:
        return [task]
    pieces, parts = [task], list(task.parts)
    task.parts = []
    for k, cut in enumerate(cuts + [None]):
        target = pieces[-1]
        while parts and (cut is None or parts[0][0] < cut):
            a, b = parts.pop(0)
            if cut is not None and b > cut:
                target.parts.append((a, cut))
                parts.insert(0, (cut, b))
                break
            target.parts.append((a, b))
        if cut is not None:
            pieces.append(FoundTask(f"{task.ordinal}.s{k + 1}", [], parent=task.parent,
                                    section_lead=list(task.section_lead)))
    # "… . Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./." closing the last item: courtesy;
    # so is the heads' execution clause that a page wrapped onto the last item.
    return [p for k, p in enumerate(pieces) if p.parts and not (k and (is_closing(piece := joined(text, p.parts)[0], rules)
                                                                          or _executes(piece, rules, party_rules)))]


def _row_task(row: TableRow, text: str, info, task_rules: TaskRules, index: BodyIndex, addressees: list[str]) -> FoundTask:
    """A table row: its cells say who leads, who cooperates and by when."""
    party_rules = task_rules.party
    task = FoundTask(row.ordinal, list(row.parts["task"]))
    task.text, offsets = joined(text, task.parts)
    for role in ("lead", "cooperating"):
        cell, cell_offsets = joined(text, list(row.parts.get(role, ())))
        if not cell:
            bodies = []
        elif default_registry().known(cell) is not None:
            # "Văn phòng HĐND và UBND / xã": a wrapped cell that is one registered name
            bodies = [name for name in [canonical_piece(cell, index, party_rules)] if name]
        else:
            bodies = split_bodies(cell, 0, len(cell), cell_offsets, index, party_rules)
        setattr(task, role, bodies)
    if not task.lead:
        task.lead, task.implicit_lead = list(addressees), True
    task.deadlines = resolve_cell(row.deadline, info.date, task_rules.deadlines) if row.deadline else []
    task.recurring = any(d.kind == "recurring" for d in task.deadlines)
    task.report_to = find_report_to(task.text, offsets, index, party_rules)
    task.targets = find_targets(task.text)
    return task


_SPECK_END_RE = re.compile(r"\s+[|'‘’`]$|(?<=[:.;])[|'‘’`]+$")  # "như sau: |", "như sau:'"


def _paragraph_text(text: str, p: Paragraph) -> tuple[str, list[int]]:
    """A paragraph's text and offsets, less a stray mark at its end ("… kết luận như sau: |")."""
    ptext, offsets = joined(text, p.parts)
    return _SPECK_END_RE.sub("", ptext), offsets


_REPORTING_RE = re.compile(r"\b(?:báo cáo|gửi về|gửi)\b")


def _walk(text, paras, task_rules: TaskRules, index, is_report, dated, force) -> list[FoundTask]:
    rules, party_rules = task_rules.rules, task_rules.party
    tasks: list[FoundTask] = []
    in_tasks = force
    top_state: bool | None = None
    current: FoundTask | None = None
    introducer: FoundTask | None = None
    counters: dict[str, int] = {}
    section = ""  # "II." under a Roman heading, so numbering restarting per section stays unique
    heading = ""  # "2." of the last numbered heading: its a), b) items are "2.a", "2.b"
    described = False  # that heading only describes ("1. Đối tượng kiểm điểm"): its paragraph is no task
    current_letter = current_dash = False
    describing = ""  # the last numbered item describes the plan: "plan", or "members" over a member list
    opener: list[str] = []  # bodies the section's opening sentence addresses
    opener_under_num = False  # that sentence sits under a numbered heading, not a Roman one

    def new(ordinal: str, p: Paragraph, parent: FoundTask | None = None) -> FoundTask:
        if parent is None and section:
            ordinal = f"{section}{ordinal}"
        base, k = ordinal, 1
        while any(t.ordinal == ordinal for t in tasks):
            k += 1
            ordinal = f"{base}-{k}"
        task = FoundTask(ordinal, list(p.parts), parent=parent, section_lead=list(opener))
        tasks.append(task)
        return task

    def count(key: str) -> int:
        counters[key] = counters.get(key, 0) + 1
        return counters[key]

    for i, p in enumerate(paras):
        ptext, offsets = _paragraph_text(text, p)
        next_kind = paras[i + 1].kind if i + 1 < len(paras) else None
        if not re.search(r"[^\W\d_]", ptext):
            continue  # "----------": a rule under the title, no text
        if p.kind not in ("letter", "dash"):
            describing = ""
        if any(ptext.startswith(s) for s in rules["body_stop_prefixes"]):
            in_tasks, current = False, None
            continue
        bodies = heading_bodies(ptext, offsets, index, party_rules) if (p.kind in ("num", "letter") or (
            p.kind is None and ptext.rstrip().endswith(":"))) and not describes(ptext, rules) else []  # not "4. Các thành viên:"
        if bodies and (in_tasks or p.kind == "num"):
            # "2. Sở Nông nghiệp và Phát triển nông thôn" over a) b) …: who leads the items below.
            in_tasks = True
            # "2. … Phó Chủ tịch UBND tỉnh yêu cầu:" over "a) UBND các huyện …:" and its dashes:
            # the lettered heading is under the request, which is then no task of its own
            up = introducer if p.kind == "letter" and introducer is not None and not introducer.heading_lead else None
            current = introducer = new(f"{up.ordinal}.{p.marker}" if up else p.marker or f"h{count('h')}", p, parent=up)
            current.heading_lead = bodies
            continue
        period = resolve_cell(ptext, None, task_rules.deadlines) if p.kind in ("num", None) and len(ptext.split()) <= 8 else []
        if period and all(d.due for d in period) and not re.search(r"[a-zà-ỹđ]{2,}\s+[a-zà-ỹđ]{2,}\s+[a-zà-ỹđ]{2,}", ptext) \
                and (in_tasks or top_state is not False):
            # "1. Tháng 01/2024" over the items of that month (a programme of work); not the
            # period of a section that holds no tasks ("II. THỜI GIAN THỰC HIỆN" / "Từ ngày …").
            in_tasks = True
            current = introducer = new(p.marker or f"t{count('t')}", p)
            current.heading_deadlines = period
            continue
        if is_heading(p, ptext, next_kind):
            # a step's title ("Bước 4. Khắc phục hạn chế, khuyết điểm") names work, not a kind of section
            state = None if p.step else section_state(ptext, rules)
            if p.kind == "roman":
                section = f"{p.marker}."
            # an article is a top-level section too: "Điều 1. Quy định chính sách …" over "2. Đối tượng áp dụng"
            if p.kind == "roman" or (p.kind is None and (is_upper_line(ptext) or ARTICLE_RE.match(ptext))):
                top_state = state if state is not None else (not is_report)
                in_tasks = top_state
            else:
                in_tasks = state if state is not None else (top_state if top_state is not None else in_tasks)
            current = introducer = None
            heading = f"{p.marker}." if p.kind == "num" else ""
            described = p.kind == "num" and describes(ptext, rules)
            describing = "plan" if described else ""  # "1. Nội dung" over "- Việc lãnh đạo …": what is reviewed
            if p.kind != "num" or opener_under_num:
                opener = []  # an opener holds until a heading of its own level or higher
            if p.kind == "roman" and state is None:
                # "I. Văn phòng HĐND và UBND xã" over numbered items: an annex grouped by who leads
                opener = heading_bodies(ptext, offsets, index, party_rules)
                opener_under_num = False
            article = ARTICLE_RE.match(ptext) if p.kind is None else None
            if article and DUTY_TITLE_RE.match(ptext, article.end() - 1):
                # "Điều 2. Nhiệm vụ của Tổ công tác" over items that name no body: the Tổ leads them
                opener = heading_bodies(ptext[article.end() - 1:], offsets[article.end() - 1:], index, party_rules)
            continue
        if re.match(rules["member_item_regex"], ptext):
            continue  # "1. Ông Đỗ Minh Tâm, Phó Chủ tịch … - Tổ trưởng;": a member list
        if p.kind is not None and re.match(rules["figure_item_regex"], ptext):
            current = introducer = None
            continue  # "1. Tổng thu ngân sách nhà nước trên địa bàn: 62.480 triệu đồng.": an amount adopted
        if (p.kind is None and _ENFORCES_RE.search(ptext)) or (p.kind in (None, "num") and _executes(ptext, rules, party_rules)):
            current = None
            continue  # "Chánh Văn phòng …, Giám đốc các Sở … chịu trách nhiệm thi hành Quyết định này./."
        if p.kind in (None, "num") and is_closing(ptext, rules, opens=p.kind == "num"):
            current = None
            continue  # "Đề nghị các đơn vị quan tâm, phối hợp thực hiện./.": courtesy, numbered or not
        trigger = ptext.startswith(tuple(f"{t} " for t in party_rules.triggers))
        # "… thực hiện tốt các nhiệm vụ sau:"; legacy OCR may lose its colon ("… các nhiệm vụ Sau")
        # where lettered or numbered items follow
        closed = ptext.rstrip().endswith(":") or (next_kind in ("num", "letter") and _SAU_END_RE.search(ptext) is not None)
        intro = p.kind is None and closed and any(w in ptext.lower() for w in rules["task_intro_words"])
        # "Đề nghị Ban Thường vụ Đảng ủy xã … thực hiện tốt một số nhiệm vụ sau:" over numbered
        # items addresses them all, as an opener without "Đề nghị" does.
        if intro and (not trigger or next_kind == "num") and (in_tasks or not is_report):
            # "Các cấp ủy … tập trung thực hiện tốt các nhiệm vụ sau:": opens the items below,
            # which inherit whom it addresses; not a task itself.
            addressed = opener_bodies(ptext, offsets, index, party_rules)
            if not addressed and introducer is not None and current is introducer and introducer.heading_lead:
                continue  # "2.1. Đối với Đảng ủy xã X" / "Tập trung lãnh đạo … các nhiệm vụ sau:": its subject
            in_tasks, current, introducer = True, None, None
            opener = addressed
            opener_under_num = bool(heading)
            continue
        if p.kind is None and not in_tasks and ptext.rstrip().endswith(":") and not is_report:
            if intro:
                in_tasks, current, introducer = True, None, None
            continue
        if not in_tasks:
            continue
        if p.kind == "num":
            introducer = None
            if describes(ptext, rules) and not trigger and not (
                    ptext.startswith("Thời gian") and find_lead(ptext, offsets, index, party_rules)):
                describing = "members" if _MEMBERS_RE.match(ptext) else "plan"
                current = None  # "2. Hình thức: Học tập tập trung tại Hội trường …", but not
                continue  # "3. Thời gian: Ban Thường vụ Đảng ủy tổ chức hội nghị …, hoàn thành trong tháng 12/2025"
            current = new(p.marker, p)
            if ptext.rstrip().endswith(":"):
                introducer = current
                if len(p.parts) > 1:  # "3. Nâng cao chất lượng phục vụ …" / "UBND các xã, phường:"
                    current.heading_lead = heading_bodies(*joined(text, p.parts[-1:]), index, party_rules)
            continue
        if p.kind == "dash" and current is not None and FIELD_RE.match(ptext):
            current.parts += p.parts  # "- Cơ quan chủ trì: Sở Y tế." under its item
            continue
        if p.kind == "letter" and introducer is None and describes(ptext, rules) and not trigger:
            current = None  # "b) Đối tượng kiểm tra, giám sát là …", "c) Nội dung trọng tâm: …"
            continue
        if p.kind in ("letter", "dash") and describing and introducer is None and current is None and (
                not _duty_item(ptext, offsets, index, party_rules) if describing == "members"
                else not find_lead(ptext, offsets, index, party_rules)):
            continue  # "4. Các thành viên:" / "- Lãnh đạo Văn phòng UBND tỉnh;": what the item describes
        if p.kind in ("letter", "dash"):
            if introducer is not None:
                key = p.marker if p.kind == "letter" else str(count(f"dash-{introducer.ordinal}"))
                current = new(f"{introducer.ordinal}.{key}", p, parent=introducer)
            elif current is not None and not (p.kind == "letter" and current_letter) and not (
                    p.kind == "dash" and current_dash):
                current.parts += p.parts
            else:
                # "b)" after "a)" under a heading: siblings, each a task of its own.
                current = new(f"{heading}{p.marker}" if p.kind == "letter" else f"d{count('dash')}", p)
            current_letter = p.kind == "letter" and introducer is None
            current_dash = p.kind == "dash" and introducer is None
            continue
        if current is not None and FIELD_RE.match(ptext):
            current.parts += p.parts  # "Cơ quan chủ trì: Sở Tư pháp. Thời gian hoàn thành: quý II/2025."
            continue
        # An unnumbered paragraph: a task of its own when it opens with "Giao"/"Đề nghị" or a body.
        # A closing "Kết quả … gửi về … trước ngày 30/6/2024": a reporting task with its own deadline.
        closing = (current is not None and _REPORTING_RE.search(ptext) is not None
                   and any(a <= d < b for a, b in p.parts for d in dated))
        # "2. Ủy ban Kiểm tra Đảng ủy phường" / "Đưa nội dung … vào chương trình kiểm tra": the work
        # of the body named above, a task under it (not the title's words run into its name)
        titled = p.kind is None and introducer is not None and current is introducer and bool(introducer.heading_lead)
        if described and p.kind is None and current is None and not trigger:
            continue  # "2. Đối tượng giám sát" / "Chi bộ bản Mường Phăng 1, Chi bộ bản Che Căn …": who is reviewed
        if trigger or closing or titled or find_lead(ptext, offsets, index, party_rules):
            word = ptext.split()[0]
            prefix = "giao" if word == "Giao" else "de-nghi" if word == "Đề" else (f"{current.ordinal}.p" if current and "." not in current.ordinal and not current.ordinal.startswith(("giao", "de-nghi", "p")) else "p")
            ordinal = f"{prefix}-{count(prefix)}" if prefix in ("giao", "de-nghi", "p") else f"{prefix}{count(prefix)}"
            # "2. Trách nhiệm của Ủy ban Kiểm tra Tỉnh ủy" / "Cung cấp …, gửi … trong 05 ngày": under it
            under = introducer if introducer is not None and current is introducer and introducer.heading_lead else None
            if under is not None:
                ordinal = f"{under.ordinal}.{count(f'dash-{under.ordinal}')}"
            current = new(ordinal, p, parent=under)
            if ptext.rstrip().endswith(":"):
                introducer = current
            elif not (introducer is not None and next_kind == "letter"):
                introducer = None  # "b) … . Giao Sở X …" / "c) …": c) is still under the item that opened b)
        elif current is None and heading and not described:
            # "1. Rà soát, chốt danh sách hộ được hỗ trợ" over its paragraph of work: item 1.
            current = new(heading.rstrip("."), p)
        elif current is not None:
            current.parts += p.parts
    # "2. … yêu cầu thực hiện các nhiệm vụ sau:" over 2.1., 2.2. …: their parent.
    by_ordinal = {t.ordinal: t for t in tasks}
    for t in tasks:
        up = by_ordinal.get(t.ordinal.rsplit(".", 1)[0]) if t.parent is None and "." in t.ordinal else None
        if up is not None and joined(text, up.parts)[0].rstrip().endswith(":"):
            t.parent = up
    # An introducer ("1. Các huyện ủy …:") whose sub-items became tasks is not itself a task;
    # nor is a title naming a body ("2. Đối với Đảng ủy xã Phú Định") over items 2.1, 2.2 …
    parents = {id(t.parent) for t in tasks if t.parent is not None}
    titles = {t.ordinal for t in tasks if t.heading_lead and len(t.parts) == 1
              and any(u.ordinal.startswith(f"{t.ordinal}.") for u in tasks)}
    return [t for t in tasks if id(t) not in parents and t.ordinal not in titles]


def _duty_item(text: str, offsets: list[int], index: BodyIndex, party: PartyRules) -> bool:
    """A member's duties, not a member: "a) Sở Tài chính: tham mưu …" under "4. Các thành viên
    Ban Chỉ đạo:" (a member is "- Ông …, Phó Giám đốc Sở …" or "- Lãnh đạo Văn phòng UBND tỉnh;")."""
    m = _DUTY_LABEL_RE.match(text)
    return m is not None and bool(heading_bodies(text[:m.end(1) + 1], offsets[:m.end(1) + 1], index, party))


def _executes(text: str, rules: dict, party: PartyRules) -> bool:
    """The heads told to carry out the document (naming nothing else they do: not "… căn cứ
    nhiệm vụ được giao, chủ động triển khai thực hiện Kế hoạch này"), and at most what a close
    adds ("Người đứng đầu … phải chịu trách nhiệm trước Chủ tịch UBND tỉnh")."""
    m = _EXECUTES_RE.match(text)
    if m is None or party.terminators.search(m.group("heads")):
        return False
    rest = text[m.end():].strip()
    return not rest or any(re.search(t, rest) for t in rules["closing_tails"])


def _addressees(text, paras, info, rules, party_rules, index, is_report) -> list[str]:
    if is_report:
        return [info.issuer] if info.issuer else []
    for i, p in enumerate(paras):
        ptext, offsets = _paragraph_text(text, p)
        if p.kind is None and ptext.rstrip().endswith(":"):
            found = addressed_bodies(ptext, offsets, index, party_rules)
            if found:
                return found
            break
    return list(info.recipients)


def _fill(task: FoundTask, text: str, deadlines: list, party_rules: PartyRules, index: BodyIndex, addressees: list[str]) -> None:
    task.text, offsets = joined(text, task.parts)
    task.lead = find_lead(task.text, offsets, index, party_rules) or lead_under_title(text, task.parts, index, party_rules)
    up = task.parent
    while not task.lead and up is not None:
        parent_text, parent_offsets = joined(text, up.parts)
        task.lead = list(up.heading_lead) or find_lead(parent_text, parent_offsets, index, party_rules)
        task.cooperating = find_cooperating(parent_text, parent_offsets, index, party_rules)
        up = up.parent
    named = field_bodies(task.text, "lead", offsets, index, party_rules) or chu_tri_lead(task.text, offsets, index, party_rules)
    if named:
        task.lead = named  # "… . Ban Tổ chức Đảng ủy Khối chủ trì.": the sentence that says who leads
    if not task.lead:
        task.lead, task.implicit_lead = list(task.section_lead or addressees), True
    for body in field_bodies(task.text, "cooperating", offsets, index, party_rules) + find_cooperating(task.text, offsets, index, party_rules):
        if body not in task.cooperating and body not in task.lead:
            task.cooperating.append(body)
    task.report_to = find_report_to(task.text, offsets, index, party_rules)
    task.targets = find_targets(task.text)
    task.deadlines = [d for d in deadlines if any(a <= d.start < b for a, b in task.parts)]
    if task.parent is not None and not any(d.kind in ("by", "on") for d in task.deadlines):
        task.deadlines += task.parent.heading_deadlines  # under "Tháng 3/2024", "Quý III/2024"
    task.recurring = any(d.kind == "recurring" for d in task.deadlines)


def _is_caption(task: FoundTask, tables: list, text: str) -> bool:
    """An item ending with ":" that only blank space parts from a table's header."""
    end = max(b for _, b in task.parts)
    return task.text.rstrip().endswith(":") and any(t.start >= end and not text[end:t.start].strip() for t in tables)


_ANNEX_POINTER_RE = re.compile(r"(?i)(?:các |những )?(?:nhiệm vụ|hoạt động|nội dung)[^.]{0,120}?(?:tại|theo|trong) (?:các )?phụ lục")


@Language.factory("chidao_tasks", default_config={"rules": "corpus/extract/rules.json", "bodies_pipe": "chidao_bodies",
                                                  "deadlines_pipe": "chidao_deadlines"})
def make_tasks(nlp: Language, name: str, rules: str, bodies_pipe: str, deadlines_pipe: str) -> "TaskComponent":
    return TaskComponent(name, rules, bodies_pipe, deadlines_pipe)


class TaskComponent:
    """Needs `doc._.directive` (chidao_header), `doc.spans["bodies"]` (chidao_bodies) and
    `doc._.deadlines` (chidao_deadlines)."""

    def __init__(self, name: str, rules: str, bodies_pipe: str, deadlines_pipe: str):
        self.name = name
        self.path = rules
        self.bodies_pipe = bodies_pipe
        self.deadlines_pipe = deadlines_pipe
        self.rules: TaskRules | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Reads rules.json; the gazetteer and the deadline patterns come from the components
        that already loaded them (chidao_bodies, chidao_deadlines), so each file is read once."""
        from chidao.nlp.extract._paths import corpus_path

        rules = srsly.read_json(corpus_path(self.path))
        bodies = nlp.get_pipe(self.bodies_pipe).patterns
        deadlines = nlp.get_pipe(self.deadlines_pipe).patterns
        self.rules = TaskRules(rules, PartyRules.from_rules(rules, bodies), TableVocabulary.from_rules(rules), deadlines)

    def match(self, doc: Doc) -> list[FoundTask]:
        return find_tasks(doc, self.rules, body_index(doc, self.rules.party))

    def set_annotations(self, doc: Doc, tasks: list[FoundTask]) -> None:
        doc._.tasks = tasks

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc
