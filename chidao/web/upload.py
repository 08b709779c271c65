"""Uploads: a multipart request streamed to files under `<home>/tmp/upload-<pid>-…/` (never
held in memory, never in /tmp), each file then ingested by `chidao.ingest.ingest_file`
exactly as `chidao ingest` does, and the folder deleted whatever happened. A file over the size
limit is cut off while it streams and reported; nothing half-written is left behind (a killed
server's folder is removed by the next start, pipeline.scratch).

Each file keeps the name it was sent with (in a folder of its own), so the quarantine copy
and the one-line reason name the user's file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from chidao.errors import UsageError

MAX_FIELD_BYTES = 64 * 1024


@dataclass
class Incoming:
    """One file of the request: where it was written, or why it was not."""

    name: str
    path: Path | None = None
    size: int = 0
    error: str | None = None


@dataclass
class UploadResult:
    name: str
    status: str                 # added | unchanged | failed
    message: str
    record_id: str | None = None
    pages: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Received:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[Incoming] = field(default_factory=list)


def safe_name(raw: str) -> str:
    """The file's own name (no folders), printable, at most 120 characters."""
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", raw or ""))[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip().lstrip(".")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 110] + dot + ext[:9]) if dot and len(ext) <= 9 else name[:120]
    return name or "tep-tai-len"


class _Receiver:
    def __init__(self, folder: Path, max_bytes: int, max_files: int):
        self.folder, self.max_bytes, self.max_files = folder, max_bytes, max_files
        self.out = Received()
        self._headers: dict[bytes, bytes] = {}
        self._field = self._value = b""
        self._file = None            # the open file of the current part
        self._current: Incoming | None = None
        self._name: str | None = None
        self._buffer: bytearray | None = None
        self._accepted = 0

    def callbacks(self) -> dict:
        return {"on_part_begin": self.part_begin, "on_header_field": self.header_field,
                "on_header_value": self.header_value, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_finished, "on_part_data": self.part_data,
                "on_part_end": self.part_end}

    def part_begin(self) -> None:
        self._headers, self._field, self._value = {}, b"", b""
        self._current, self._name, self._buffer, self._file = None, None, None, None

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None:
            self._name, self._buffer = name, bytearray()
            return
        incoming = Incoming(safe_name(filename.decode("utf-8", "replace")))
        self._current = incoming
        if not filename:
            return  # an empty file input: the browser sends a part without a file
        self.out.files.append(incoming)
        if self._accepted >= self.max_files:
            incoming.error = f"quá {self.max_files} tệp trong một lần tải lên: gửi phần còn lại sau"
            return
        self._accepted += 1
        folder = self.folder / f"{len(self.out.files):03d}"
        folder.mkdir()
        incoming.path = folder / incoming.name
        self._file = open(incoming.path, "wb")  # noqa: SIM115 - closed in part_end / close()

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._buffer is not None:
            if len(self._buffer) + end - start > MAX_FIELD_BYTES:
                raise UsageError("a form field is too long")
            self._buffer += data[start:end]
            return
        incoming = self._current
        if incoming is None or self._file is None:
            return
        incoming.size += end - start
        if incoming.size > self.max_bytes:
            self._discard(incoming, f"tệp lớn hơn giới hạn {self.max_bytes // (1024 * 1024)} MB")
            return
        self._file.write(data[start:end])

    def part_end(self) -> None:
        if self._buffer is not None and self._name is not None:
            self.out.fields[self._name] = self._buffer.decode("utf-8", "replace")
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._current is not None and self._current.path is not None and self._current.size == 0:
            self._discard(self._current, "tệp rỗng (0 byte)")
        self._buffer = None

    def _discard(self, incoming: Incoming, why: str) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if incoming.path is not None:
            incoming.path.unlink(missing_ok=True)
        incoming.path, incoming.error = None, why

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


async def receive_upload(request, folder: Path, max_bytes: int, max_files: int) -> Received:
    """Stream the multipart body of `request` into `folder` (which the caller removes)."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UsageError("send the files as multipart/form-data")
    receiver = _Receiver(folder, max_bytes, max_files)
    parser = MultipartParser(boundary, receiver.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except UsageError:
        raise
    except Exception as err:  # noqa: BLE001 - python-multipart's parse errors: a malformed request
        raise UsageError(f"the upload could not be read ({type(err).__name__}): send it again") from err
    finally:
        receiver.close()
    return receiver.out


def ingest_uploads(received: Received, config, archive, index) -> list[UploadResult]:
    """Ingest every received file with `ingest_file`, as the CLI does; one result per file.
    An environment error (a missing program, an archive that cannot be written) stops the
    rest, which are reported as not ingested."""
    from chidao.errors import ChidaoError
    from chidao.ingest import ingest_file

    results: list[UploadResult] = []
    stop: str | None = None
    for incoming in received.files:
        if incoming.path is None:
            results.append(UploadResult(incoming.name, "failed", incoming.error or "không nhận được tệp"))
            continue
        if stop:
            results.append(UploadResult(incoming.name, "failed", f"chưa xử lý: {stop}"))
            continue
        try:
            outcome = ingest_file(incoming.path, config, archive, index)
        except ChidaoError as err:
            stop = err.message
            results.append(UploadResult(incoming.name, "failed", err.message))
            continue
        results.append(UploadResult(incoming.name, outcome.status, _message(outcome), outcome.record_id,
                                    outcome.pages))
    if any(r.status == "added" for r in results):
        try:
            index.catch_up(archive)
        except ChidaoError:
            pass
    return results


def _message(outcome) -> str:
    if outcome.status == "failed":
        return outcome.message or "không đọc được tệp"
    pages = f"{outcome.pages} trang"
    pending = "; chưa vào chỉ mục tìm kiếm (đang chờ)" if outcome.indexed is False else ""
    if outcome.status == "added":
        return f"đã lưu ({pages}){pending}"
    return f"đã có trong kho lưu trữ ({pages}){pending}"


__all__ = ["Incoming", "Received", "UploadResult", "ingest_uploads", "receive_upload", "safe_name"]
