"""The one directive record (see SCHEMA.md). Every part of chidao reads and writes this shape:
`pipeline/` fills `source` and `text`, `nlp/` fills `document` and `tasks`, the archive stores
it as JSON and the index backends are fed from it.

Absent facts are None (scalars) or [] (lists), never guessed."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

TextMethod = Literal["text-layer", "ocr", "plain", "legacy-ocr"]
DeadlineKind = Literal["by", "on", "from", "recurring"]


@dataclass
class Source:
    path: str
    sha256: str
    media_type: str
    pages: int


@dataclass
class PageText:
    number: int
    method: TextMethod
    confidence: float | None
    chars: int


@dataclass
class Text:
    method: TextMethod
    content: str
    restored: bool = False
    ocr_confidence: float | None = None
    pages: list[PageText] = field(default_factory=list)


@dataclass
class Signer:
    name: str | None = None
    title: str | None = None
    capacity: str | None = None


@dataclass
class Reference:
    number: str
    type: str | None = None
    date: str | None = None


@dataclass
class DocumentInfo:
    number: str | None = None
    symbol: str | None = None
    type: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    party: bool | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    marks: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    signer: Signer | None = None
    references: list[Reference] = field(default_factory=list)
    responds_to: list[str] = field(default_factory=list)


@dataclass
class TaskDeadline:
    raw: str
    kind: DeadlineKind
    due: str | None


@dataclass
class Task:
    id: str
    ordinal: str
    text: str
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    implicit_lead: bool = False
    deadlines: list[TaskDeadline] = field(default_factory=list)
    recurring: bool = False
    report_to: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass
class Record:
    id: str
    source: Source
    text: Text
    document: DocumentInfo = field(default_factory=DocumentInfo)
    tasks: list[Task] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        text = dict(data["text"])
        text["pages"] = [PageText(**p) for p in text.get("pages", [])]
        doc = dict(data.get("document") or {})
        if doc.get("signer") is not None:
            doc["signer"] = Signer(**doc["signer"])
        doc["references"] = [Reference(**r) for r in doc.get("references", [])]
        tasks = []
        for t in data.get("tasks", []):
            t = dict(t)
            t["deadlines"] = [TaskDeadline(**d) for d in t.get("deadlines", [])]
            tasks.append(Task(**t))
        return cls(
            id=data["id"],
            source=Source(**data["source"]),
            text=Text(**text),
            document=DocumentInfo(**doc),
            tasks=tasks,
        )

    @classmethod
    def from_json(cls, raw: str) -> "Record":
        return cls.from_dict(json.loads(raw))
