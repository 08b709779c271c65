"""One document as the web app shows it: metadata, text, tasks and the documents it cites or
that cite or answer it. The record comes from the archive; when only the store has the
document (an index built without its archive, as the benchmark corpus is), the store's row
and indexed text stand in and there is no original to show."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from chidao.errors import ChidaoError, NotFoundError
from chidao.index import TaskQuery
from chidao.record import Record

ID_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
# What an original may be served as; anything else is application/octet-stream. Never HTML.
SAFE_MEDIA = {"application/pdf", "image/png", "image/jpeg", "image/tiff", "text/plain"}


@dataclass
class Link:
    """A document named by number: `id` when it is in the archive."""

    number: str
    id: str | None = None
    type: str | None = None
    date: str | None = None
    subject: str | None = None
    responds: bool = False


@dataclass
class DocumentView:
    id: str
    number: str | None
    type: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    signer: str | None
    recipients: list[str]
    media_type: str
    pages: int
    file_name: str
    text: str
    raw: str | None
    text_method: str | None
    ocr_confidence: float | None
    has_original: bool
    tasks: list = field(default_factory=list)
    cites: list[Link] = field(default_factory=list)
    cited_by: list[Link] = field(default_factory=list)
    record: Record | None = None

    @property
    def page_images(self) -> bool:
        return self.has_original and self.media_type in ("application/pdf", "image/png", "image/jpeg", "image/tiff")


def check_id(doc_id: str) -> str:
    if not ID_RE.match(doc_id or ""):
        raise NotFoundError(f"no document {doc_id!r}: document ids look like sha256:<64 hex digits>")
    return doc_id


def load_record(archive, doc_id: str) -> Record | None:
    """The archived record, or None when the archive lacks it."""
    check_id(doc_id)
    try:
        return archive.get(doc_id)
    except ChidaoError:
        return None


def document_view(index, archive, doc_id: str, as_of: dt.date) -> DocumentView:
    check_id(doc_id)
    conn = index.store.connection()
    row = conn.execute("SELECT rowid, number, number_key, type, issuer, date, subject, signer, recipients, "
                       "media_type, pages, path, text_method FROM documents WHERE id = ?", (doc_id,)).fetchone()
    record = load_record(archive, doc_id)
    if row is None and record is None:
        raise NotFoundError(f"no document {doc_id!r}: search for it by number or words")
    view = _from_record(record) if record else _from_store(conn, doc_id, row)
    view.record = record
    view.has_original = record is not None and _has_original(archive, doc_id)
    tasks = index.tracker.page(TaskQuery(as_of=as_of, document=doc_id, limit=10_000))
    order = {t.id: i for i, t in enumerate(record.tasks)} if record else {}
    view.tasks = sorted(tasks, key=lambda t: order.get(t.id, len(order)))
    if row is not None:
        view.cites = _cites(conn, row[0], doc_id)
        view.cited_by = _cited_by(conn, row[2], doc_id)
    elif record is not None:
        view.cites = [Link(r.number, type=r.type, date=r.date) for r in record.document.references]
    return view


def _from_record(record: Record) -> DocumentView:
    doc = record.document
    signer = None
    if doc.signer:
        signer = " — ".join(x for x in (" ".join(y for y in (doc.signer.capacity, doc.signer.title) if y),
                                        doc.signer.name) if x) or None
    return DocumentView(
        id=record.id, number=doc.number, type=doc.type, issuer=doc.issuer, date=doc.date, subject=doc.subject,
        signer=signer, recipients=list(doc.recipients), media_type=record.source.media_type,
        pages=record.source.pages, file_name=_file_name(record.source.path), text=record.text.content,
        raw=record.text.raw, text_method=record.text.method, ocr_confidence=record.text.ocr_confidence,
        has_original=False)


def _from_store(conn, doc_id: str, row) -> DocumentView:
    import json

    rowid, number, _, type_, issuer, date, subject, signer, recipients, media, pages, path, method = row
    text = conn.execute("SELECT content FROM doc_fts WHERE rowid = ?", (rowid,)).fetchone()
    return DocumentView(
        id=doc_id, number=number, type=type_, issuer=issuer, date=date, subject=subject, signer=signer,
        recipients=json.loads(recipients or "[]"), media_type=media or "", pages=pages or 0,
        file_name=_file_name(path or ""), text=(text[0] if text else "") or "", raw=None, text_method=method,
        ocr_confidence=None, has_original=False)


def _has_original(archive, doc_id: str) -> bool:
    try:
        archive.original(doc_id)
        return True
    except ChidaoError:
        return False


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path or "")[-1] or "original"


def _cites(conn, rowid: int, doc_id: str) -> list[Link]:
    out = []
    for number, key, responds in conn.execute(
            "SELECT number, number_key, max(responds) FROM refs WHERE document_rowid = ? GROUP BY number_key "
            "ORDER BY min(rowid)", (rowid,)):
        found = conn.execute("SELECT id, type, date, subject FROM documents WHERE number_key = ? AND id != ? "
                             "AND number_key != '' ORDER BY date DESC LIMIT 1", (key, doc_id)).fetchone()
        link = Link(number, responds=bool(responds))
        if found:
            link.id, link.type, link.date, link.subject = found
        out.append(link)
    return out


def _cited_by(conn, key: str | None, doc_id: str) -> list[Link]:
    if not key:
        return []
    rows = conn.execute(
        "SELECT d.id, d.number, d.type, d.date, d.subject, max(r.responds) FROM refs r "
        "JOIN documents d ON d.rowid = r.document_rowid WHERE r.number_key = ? AND d.id != ? "
        "GROUP BY d.id ORDER BY max(r.responds) DESC, d.date DESC LIMIT 200", (key, doc_id)).fetchall()
    return [Link(number or "không số", id_, type_, date, subject, bool(responds))
            for id_, number, type_, date, subject, responds in rows]


def download_type(media_type: str, data_head: bytes = b"") -> str:
    """The Content-Type an original is served with: its own when it is a known document type,
    text with its charset, never HTML (an uploaded page must not run in our origin)."""
    media = (media_type or "").split(";")[0].strip().lower()
    if media not in SAFE_MEDIA:
        return "application/octet-stream"
    if media != "text/plain":
        return media
    if data_head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text/plain; charset=utf-16"
    try:
        data_head.decode("utf-8")
        return "text/plain; charset=utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(data_head) - 3:  # a character cut by the end of the sample
            return "text/plain; charset=utf-8"
        return "text/plain; charset=windows-1258"


__all__ = ["DocumentView", "Link", "SAFE_MEDIA", "check_id", "document_view", "download_type", "load_record"]
