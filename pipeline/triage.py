"""Triage: read a file's bytes and decide what it is from its content (magic bytes), not its name.
Every way a file can be unusable before any real work ends here in a one-line InputFileError."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from chidao.errors import InputFileError

_MEDIA_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
                "tiff": "image/tiff", "text": "text/plain"}
_BINARY_SUFFIXES = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg",
                    ".tif": "tiff", ".tiff": "tiff"}


@dataclass(frozen=True)
class InputFile:
    path: Path
    data: bytes
    sha256: str
    kind: str                # pdf | png | jpeg | tiff | text

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self.kind]


def read_input(path: Path) -> InputFile:
    """Read `path` once and identify it: the one value every later stage works from (its
    bytes, their sha256, its kind, its absolute path). Raises InputFileError for unreadable,
    empty, HTML or unsupported files, and for a binary name (.pdf, .png …) over text content."""
    path = Path(os.path.abspath(path))
    data = read_bytes(path)
    kind = detect_kind(data)
    claimed = _BINARY_SUFFIXES.get(path.suffix.lower())
    if kind == "html":
        what = "a PDF" if claimed == "pdf" else "a document"
        raise InputFileError(
            f"{path}: is an HTML page, not {what} (probably a failed download or a login page): "
            "download the original file again")
    if kind is None:
        raise InputFileError(
            f"{path}: unsupported file type (not PDF, PNG, JPEG, TIFF or text): convert it to PDF")
    if claimed and kind == "text":
        raise InputFileError(
            f"{path}: named like a {claimed.upper()} file but contains text: the file is damaged "
            "or mislabelled; get the original again")
    return InputFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=kind)


def read_bytes(path: Path) -> bytes:
    try:
        if stat.S_ISDIR(path.stat().st_mode):
            raise InputFileError(f"{path}: is a folder, not a file: use `chidao ingest` for folders")
        data = path.read_bytes()
    except FileNotFoundError as err:
        if path.is_symlink():
            raise InputFileError(f"{path}: a symbolic link to nothing ({os.readlink(path)}): "
                                 "fix or remove the link") from err
        raise InputFileError(f"{path}: no such file: check the path") from err
    except PermissionError as err:
        raise InputFileError(f"{path}: permission denied: make the file readable (chmod +r)") from err
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputFileError(f"{path}: a loop of symbolic links: fix or remove the link") from err
        raise InputFileError(f"{path}: cannot be read ({err.strerror or err}): check the disk "
                             "or copy the file again") from err
    if not data:
        raise InputFileError(f"{path}: empty file (0 bytes): copy or download it again")
    return data


def detect_kind(data: bytes) -> str | None:
    """pdf | png | jpeg | tiff | html | text, or None when unknown."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head")) or b"<html" in lowered:
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"                     # UTF-16 with byte-order mark
    if b"\x00" in data[:65536]:
        return None
    return "text" if _mostly_printable(data[:65536]) else None


def _mostly_printable(sample: bytes) -> bool:
    # Text in any 8-bit or UTF-8 encoding has (almost) no control bytes besides whitespace.
    control = sum(1 for b in sample if (b < 32 and b not in b"\t\n\r\f") or b == 127)
    return control <= max(2, len(sample) // 200)


def too_many_pages(path: Path, count: int, limit: int) -> InputFileError:
    return InputFileError(f"{path}: {count} pages, more than the limit of {limit}: split the "
                          f"file, or raise the limit with `chidao --max-pages {count} …` "
                          "(or CHIDAO_MAX_PAGES)")
