"""The one directive record (see SCHEMA.md). Every part of chidao reads and writes this shape:
`pipeline/` fills `source` and `text`, `nlp/` fills `document` and `tasks`, the archive stores
it as JSON and the index backends are fed from it.

Absent facts are None (scalars) or [] (lists), never guessed.

Records are derived data: each says which chidao and which schema made it, and keeps the text
as read before restoration (`text.raw`, when restoration changed it), so `chidao reprocess`
can bring an archive up to a newer extractor without OCR'ing anything again.

Schema versions: 1 (chidao 0.1): the SCHEMA.md record. 2: adds `chidao_version`,
`schema_version`, `text.raw`, `document.issuer_inferred` and `deadlines[].rrule`."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from chidao import __version__

SCHEMA_VERSION = 2

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
    raw: str | None = None  # the text as read (OCR, text layer, file), when `content` differs


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
    issuer_inferred: bool = False  # the header omits the issuer; symbol and place name it


@dataclass
class TaskDeadline:
    raw: str
    kind: DeadlineKind
    due: str | None
    rrule: str | None = None  # RFC 5545 rule of a recurring deadline ("FREQ=MONTHLY;BYMONTHDAY=25")


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
    chidao_version: str = __version__
    schema_version: int = SCHEMA_VERSION

    @property
    def raw_text(self) -> str:
        """The text before restoration: what reprocessing starts from."""
        return self.text.raw if self.text.raw is not None else self.text.content

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        """Any schema version's record; a record without versions is schema 1 (chidao 0.1)."""
        text = _known(Text, data["text"])
        text["pages"] = [PageText(**_known(PageText, p)) for p in text.get("pages", [])]
        doc = _known(DocumentInfo, data.get("document") or {})
        if doc.get("signer") is not None:
            doc["signer"] = Signer(**_known(Signer, doc["signer"]))
        doc["references"] = [Reference(**_known(Reference, r)) for r in doc.get("references", [])]
        tasks = []
        for t in data.get("tasks", []):
            t = _known(Task, t)
            t["deadlines"] = [TaskDeadline(**_known(TaskDeadline, d)) for d in t.get("deadlines", [])]
            tasks.append(Task(**t))
        return cls(
            id=data["id"],
            source=Source(**_known(Source, data["source"])),
            text=Text(**text),
            document=DocumentInfo(**doc),
            tasks=tasks,
            chidao_version=data.get("chidao_version", "0.1.0"),
            schema_version=data.get("schema_version", 1),
        )

    @classmethod
    def from_json(cls, raw: str) -> "Record":
        return cls.from_dict(json.loads(raw))


def _known(kind, values: dict[str, Any]) -> dict[str, Any]:
    """The fields of `values` that `kind` has (a newer schema's extra keys are dropped)."""
    names = {f.name for f in dataclasses.fields(kind)}
    return {k: v for k, v in values.items() if k in names}
