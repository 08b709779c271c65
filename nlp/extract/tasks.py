"""`chidao_tasks`: one task per assigned piece of work in the body.

Numbered items (1., 2.1.), lettered and dashed sub-items of an item that ends with ":"
(they inherit its lead), unnumbered paragraphs that open with a body or with "Giao"/"Đề
nghị", and "Giao …" sentences inside a paragraph. Items count only in task-bearing parts:
after an intro ("… yêu cầu:", "… nhiệm vụ sau:") or under a heading such as "NHIỆM VỤ, GIẢI
PHÁP"; headings such as "MỤC ĐÍCH, YÊU CẦU" or "KẾT QUẢ" switch task-reading off. In a Báo
cáo only task headings switch it on; its tasks belong to the issuer.

The reading pass over the paragraphs is `walk` (walk.py); here each task it finds is cut at
later assignments and filled in (lead, cooperating bodies, deadlines), and table rows join."""

from __future__ import annotations

import re

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from chidao.nlp.bodies import default_registry
from chidao.nlp.extract.assignments import addressed_bodies, assignment_cuts
from chidao.nlp.extract.body_spans import body_index
from chidao.nlp.extract.deadlines import resolve_cell
from chidao.nlp.extract.fields import chu_tri_lead, field_bodies, field_deadlines, lead_under_title
from chidao.nlp.extract.sections import is_closing, joined, split_giao, without_findings
from chidao.nlp.extract.flat_table import find_flat_tables
from chidao.nlp.extract.party_rules import starts_with_head
from chidao.nlp.extract.table import TableRow, TableVocabulary, find_tables
from chidao.nlp.extract.walk import FoundTask, TaskRules, executes, paragraph_text, walk
from chidao.nlp.extract._text import paragraphs, split_lines
from chidao.nlp.extract.parties import (BodyIndex, PartyRules, canonical_piece, find_cooperating, find_lead,
                                        find_report_to, find_targets, split_bodies)

Doc.set_extension("tasks", default=None, force=True)

_FOOTNOTE_RE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹!]")


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
                 and not any(ln.start < t.end and t.start < ln.end for t in tables)]
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
        # "b) Giám sát chuyên đề (03 cuộc): theo Phụ lục kèm theo.": an item the rows spell out.
        tasks = [t for t in tasks if not _ANNEX_POINTER_RE.match(t.text) and not _ANNEX_TAIL_RE.search(t.text)
                 and not _is_caption(t, tables, text)]
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
    tasks = walk(text, paras, task_rules, index, is_report, dated, force=False)
    if not tasks and not is_report:
        tasks = walk(text, paras, task_rules, index, is_report, dated, force=True)
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
                                                                          or executes(piece, rules, party_rules)))]


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





def _addressees(text, paras, info, rules, party_rules, index, is_report) -> list[str]:
    if is_report:
        return [info.issuer] if info.issuer else []
    for i, p in enumerate(paras):
        ptext, offsets = paragraph_text(text, p)
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
_ANNEX_TAIL_RE = re.compile(r"(?i):[^:.;]{0,80}?(?:tại|theo) (?:các )?phụ lục(?: (?:số )?[IVX\d]+)?(?: kèm theo)?\W*$")


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
