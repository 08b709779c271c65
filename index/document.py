"""The search document: what both backends index of a record (SCHEMA.md), computed once here
so SQLite and Elasticsearch see the same fields. Bodies are gathered under their canonical
names (chidao.nlp.bodies), so every spelling of a body finds the same documents and tasks."""

from __future__ import annotations

from dataclasses import dataclass, field

from chidao.index.fold import nfc, number_key
from chidao.nlp.bodies import canonical_body
from chidao.record import Record, Task

_OPEN_KINDS = ("by", "on")


@dataclass(frozen=True)
class TaskDoc:
    id: str
    ordinal: str
    position: int
    text: str
    lead: list[str]
    cooperating: list[str]
    lead_canonical: list[str]
    cooperating_canonical: list[str]
    implicit_lead: bool
    recurring: bool
    due: str | None            # the earliest dated deadline ("by" or "on")
    last_due: str | None       # the latest: after it, an unfinished task is overdue
    deadlines: list[dict]
    rrule: str | None


@dataclass(frozen=True)
class SearchDoc:
    id: str
    number: str | None
    number_key: str
    symbol: str | None
    type: str | None
    issuer: str | None
    parent_issuer: str | None
    issuer_canonical: str | None
    party: bool | None
    place: str | None
    date: str | None
    year: str | None
    subject: str
    signer: str | None
    recipients: list[str]
    bodies: list[str]          # canonical names of every lead and cooperating body
    task_text: str
    content: str
    raw: str                   # the text as read (legacy OCR), when restoration changed it
    text_method: str
    pages: int
    path: str
    media_type: str
    responds_to: list[str]
    references: list[str]
    tasks: list[TaskDoc] = field(default_factory=list)


def search_doc(record: Record) -> SearchDoc:
    doc = record.document
    tasks = [_task_doc(t, i) for i, t in enumerate(record.tasks)]
    bodies = sorted({b for t in tasks for b in t.lead_canonical + t.cooperating_canonical})
    signer = doc.signer.name if doc.signer else None
    return SearchDoc(
        id=record.id, number=doc.number, number_key=number_key(doc.number), symbol=doc.symbol,
        type=doc.type, issuer=doc.issuer, parent_issuer=doc.parent_issuer,
        issuer_canonical=canonical_body(doc.issuer) if doc.issuer else None, party=doc.party,
        place=doc.place, date=doc.date, year=doc.date[:4] if doc.date else None,
        subject=nfc(doc.subject or ""), signer=signer, recipients=list(doc.recipients), bodies=bodies,
        task_text="\n".join(t.text for t in tasks), content=nfc(record.text.content),
        raw=nfc(record.text.raw or ""), text_method=record.text.method, pages=record.source.pages,
        path=record.source.path, media_type=record.source.media_type,
        responds_to=list(doc.responds_to), references=[r.number for r in doc.references], tasks=tasks)


def dated_dues(task: Task) -> list[str]:
    """The task's due dates ("by" and "on" deadlines; "từ …" starts a period, no due)."""
    return sorted({d.due for d in task.deadlines if d.due and d.kind in _OPEN_KINDS})


def earliest_due(task: Task) -> str | None:
    dues = dated_dues(task)
    return dues[0] if dues else None


def _task_doc(task: Task, position: int) -> TaskDoc:
    # "định kỳ hằng quý, trước ngày 15 của tháng cuối quý": the most specific rule wins.
    rrule = max((d.rrule for d in task.deadlines if d.rrule), key=len, default=None)
    return TaskDoc(
        id=task.id, ordinal=task.ordinal, position=position, text=nfc(task.text), lead=list(task.lead),
        cooperating=list(task.cooperating), lead_canonical=_canonical(task.lead),
        cooperating_canonical=_canonical(task.cooperating), implicit_lead=task.implicit_lead,
        recurring=task.recurring, due=earliest_due(task), last_due=(dated_dues(task) or [None])[-1],
        deadlines=[{"raw": d.raw, "kind": d.kind, "due": d.due, "rrule": d.rrule} for d in task.deadlines],
        rrule=rrule)


def _canonical(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        c = canonical_body(name)
        if c not in out:
            out.append(c)
    return out
