"""The daily deadline digest: for every body (canonical names, as the tracker knows them), its
unfinished tasks overdue and due soon as of a date, written as a report under
`<home>/digests/<date>/` and POSTed as JSON to a webhook (a chat bot, a mail gateway).

    digest.xlsx   a summary sheet, then one sheet per body (chidao.feeds.task_workbook's layout)
    digest.md     the same, readable anywhere
    digest.json   the webhook's payload
    sent.json     written once the webhook took it (url, time, payload hash)
    unsent.json   the last failure to send it (url, time, why): the next run tries again

The files are written first, atomically; a webhook that fails never loses the report. Plain
functions (no Prefect); `chidao.flows` wires them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from chidao.errors import ChidaoError

FILES = ("digest.xlsx", "digest.md", "digest.json")
SENT, UNSENT = "sent.json", "unsent.json"
_JSON_KEYS = ("id", "document_number", "document_id", "ordinal", "text", "lead", "cooperating", "due",
              "status", "state", "state_label")


class WebhookError(ChidaoError):
    """The webhook did not take the digest (after retries); the report files are kept."""


@dataclass
class BodyDigest:
    body: str
    level: str | None
    overdue: list = field(default_factory=list)     # TaskRow
    due_soon: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"body": self.body, "level": self.level,
                "overdue": [_task_json(t, self.body) for t in self.overdue],
                "due_soon": [_task_json(t, self.body) for t in self.due_soon]}


@dataclass
class Digest:
    as_of: dt.date
    soon_days: int
    bodies: list[BodyDigest] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(len(b.overdue) for b in self.bodies)

    @property
    def due_soon(self) -> int:
        return sum(len(b.due_soon) for b in self.bodies)

    def line(self) -> str:
        return (f"digest as of {self.as_of}: {len(self.bodies)} bodies, {self.overdue} overdue, "
                f"{self.due_soon} due within {self.soon_days} days")

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "soon_days": self.soon_days, "overdue": self.overdue,
                "due_soon": self.due_soon, "bodies": [b.to_dict() for b in self.bodies]}


def _task_json(task, body: str) -> dict:
    out = {k: getattr(task, k) for k in _JSON_KEYS}
    out["role"] = "lead" if body in task.lead else "cooperating"
    return out


def build_digest(tracker, as_of: dt.date, soon_days: int = 7, limit: int = 10_000) -> Digest:
    """Every body with an overdue or soon-due task as of `as_of` (a chidao.index Tracker)."""
    from chidao.index.tracking import TaskQuery

    digest = Digest(as_of, soon_days)
    for body, level in tracker.bodies():
        overdue = tracker.page(TaskQuery(as_of=as_of, overdue=True, body=body, limit=limit))
        soon = tracker.page(TaskQuery(as_of=as_of, due_soon=soon_days, body=body, limit=limit))
        if overdue or soon:
            digest.bodies.append(BodyDigest(body, level, overdue, soon))
    return digest


def digest_folder(home: Path, as_of: dt.date) -> Path:
    return Path(home) / "digests" / as_of.isoformat()


def write_digest(digest: Digest, folder: Path) -> list[Path]:
    """Write the XLSX, Markdown and JSON files atomically (a run for the same date again
    replaces them whole); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(digest.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    contents = {"digest.xlsx": digest_workbook(digest), "digest.md": digest_markdown(digest).encode("utf-8"),
                "digest.json": payload}
    paths = []
    for name in FILES:
        _write_atomic(folder / name, contents[name])
        paths.append(folder / name)
    return paths


def digest_markdown(digest: Digest) -> str:
    day = digest.as_of.strftime("%d/%m/%Y")
    out = [f"# Nhiệm vụ quá hạn và sắp đến hạn — ngày {day}", "",
           f"{len(digest.bodies)} cơ quan; {digest.overdue} nhiệm vụ quá hạn, {digest.due_soon} nhiệm vụ "
           f"sắp đến hạn (trong {digest.soon_days} ngày).", ""]
    for body in digest.bodies:
        out += [f"## {body.body}", ""]
        for title, tasks in (("Quá hạn", body.overdue), ("Sắp đến hạn", body.due_soon)):
            if not tasks:
                continue
            out += [f"### {title} ({len(tasks)})", "", "| STT | Văn bản | Nhiệm vụ | Vai trò | Thời hạn |",
                    "|---|---|---|---|---|"]
            for n, task in enumerate(tasks, start=1):
                role = "chủ trì" if body.body in task.lead else "phối hợp"
                due = dt.date.fromisoformat(task.due).strftime("%d/%m/%Y") if task.due else ""
                out.append(f"| {n} | {_cell(task.document_number or '(không số)')} | {_cell(task.text)} | "
                           f"{role} | {due} |")
            out.append("")
    if not digest.bodies:
        out.append("Không có nhiệm vụ quá hạn hoặc sắp đến hạn.")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def digest_workbook(digest: Digest) -> bytes:
    """A summary sheet, then each body's tasks laid out as the tracking sheet (chidao.feeds)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from chidao.feeds import write_task_sheet

    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append([f"Nhiệm vụ quá hạn và sắp đến hạn — ngày {digest.as_of.strftime('%d/%m/%Y')}"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    summary.append(["Cơ quan", "Cấp", "Quá hạn", f"Sắp đến hạn ({digest.soon_days} ngày)", "Trang tính"])
    for cell in summary[3]:
        cell.font = Font(bold=True)
    for width, col in zip((48, 12, 10, 22, 32), "ABCDE"):
        summary.column_dimensions[col].width = width
    used: set[str] = {summary.title.lower()}
    for body in digest.bodies:
        title = _sheet_title(body.body, used)
        summary.append([body.body, body.level or "", len(body.overdue), len(body.due_soon), title])
        write_task_sheet(wb.create_sheet(title), body.overdue + body.due_soon, as_of=digest.as_of,
                         title=f"{body.body} — nhiệm vụ quá hạn và sắp đến hạn")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    base = "".join("-" if c in "[]:*?/\\" else c for c in name).strip("'") or "Cơ quan"
    title, n = base[:31], 1
    while title.lower() in used:
        n += 1
        title = f"{base[:31 - len(str(n)) - 1]}~{n}"
    used.add(title.lower())
    return title


# -- the webhook ---------------------------------------------------------------------------
def post_json(url: str, payload: bytes, *, attempts: int = 4, backoff_s: float = 2.0, timeout_s: float = 15.0,
              sleep: Callable[[float], None] = time.sleep) -> int:
    """POST `payload` (JSON bytes); the HTTP status. Connection errors, timeouts, 408, 429 and
    5xx answers are retried with exponential backoff (backoff_s, 2×, 4× …); another 4xx is
    final. Raises WebhookError saying what the last try got."""
    last, attempt = "", 0
    for attempt in range(max(1, attempts)):
        if attempt:
            sleep(backoff_s * 2 ** (attempt - 1))
        request = urllib.request.Request(url, data=payload, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8",
                                                  "User-Agent": "chidao-digest"})
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                return response.status
        except urllib.error.HTTPError as err:
            last = f"answered {err.code} {err.reason}"
            if 400 <= err.code < 500 and err.code not in (408, 429):
                break
        except (urllib.error.URLError, OSError) as err:
            last = f"could not be reached ({getattr(err, 'reason', err)})"
    tries = f"{attempt + 1} {'try' if attempt == 0 else 'tries'}"
    raise WebhookError(f"the webhook {url} {last} after {tries}: the digest is kept and sent again by "
                       "the next `chidao flow digest --webhook URL`")


def send_digest(folder: Path, url: str, **retry) -> bool:
    """POST the digest in `folder` unless this payload was sent before; True when sent now.
    Records sent.json, or unsent.json with the reason (and raises WebhookError)."""
    payload = (folder / "digest.json").read_bytes()
    sha = hashlib.sha256(payload).hexdigest()
    sent = _read_json(folder / SENT)
    if sent and sent.get("sha256") == sha:
        return False
    try:
        post_json(url, payload, **retry)
    except WebhookError as err:
        _write_atomic(folder / UNSENT, _marker(url, sha, error=err.message))
        raise
    _write_atomic(folder / SENT, _marker(url, sha))
    (folder / UNSENT).unlink(missing_ok=True)
    return True


def unsent_digests(home: Path) -> list[Path]:
    """Digest folders a webhook has not taken yet (oldest first)."""
    root = Path(home) / "digests"
    return sorted(p.parent for p in root.glob(f"*/{UNSENT}")) if root.is_dir() else []


def _marker(url: str, sha: str, error: str | None = None) -> bytes:
    at = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    data = {"url": url, "at": at, "sha256": sha} | ({"error": error} if error else {})
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
