"""Server-rendered pages: one Jinja2 environment with autoescaping on, and the filters the
templates use. Nothing from a document is ever marked safe: search snippets (HTML-escaped text
with <mark> tags, index/snippet.py) are split on their <mark> tags here and each piece is
unescaped, so the template escapes it again and writes the <mark> elements itself."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from chidao.index.tracking import STATES, STATUSES

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# The task board's lanes: state slugs, label, colour class.
STATE_CLASS = {
    "dang-thuc-hien-qua-han": "overdue", "sap-den-han": "soon", "dang-thuc-hien-trong-han": "open",
    "khong-co-thoi-han": "nodue", "da-hoan-thanh-dung-han": "done", "da-hoan-thanh-qua-han": "late",
    "khong-thuc-hien": "dropped",
}
_MARK = re.compile(r"(</?mark>)")


def vn_date(value: str | None) -> str:
    """ISO date (or month, or year) as Vietnamese write it: dd/mm/yyyy."""
    if not value:
        return "—"
    value = str(value)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", value)
    if m:
        return f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        return f"{m.group(2)}/{m.group(1)}"
    return value


def vn_datetime(value: str | None) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}).*", value or "")
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)} {m.group(4)}:{m.group(5)}" if m else vn_date(value)


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """(text, highlighted) pieces of a search snippet, as plain text."""
    out, marked = [], False
    for piece in _MARK.split(snippet or ""):
        if piece == "<mark>":
            marked = True
        elif piece == "</mark>":
            marked = False
        elif piece:
            out.append((html.unescape(piece), marked))
    return out


def task_path(task_id: str) -> str:
    """A task id in a URL path: percent-encoded, so its '#' (and any '/') survive."""
    return quote(task_id, safe=":")


def document_path(doc_id: str) -> str:
    return quote(doc_id, safe=":")


def path_part(value: str) -> str:
    """Any text as one path segment (a body name in a feed URL, a user name)."""
    return quote(str(value), safe="")


def with_query(params: dict, **changes) -> str:
    """The query string of `params` with `changes` (None removes a key); empty values dropped."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(vn_date=vn_date, vn_datetime=vn_datetime, snippet_parts=snippet_parts,
                       task_path=task_path, document_path=document_path, path_part=path_part,
                       vietnamese=is_vietnamese)
    env.globals.update(STATUSES=STATUSES, STATES=STATES, STATE_CLASS=STATE_CLASS, with_query=with_query)
    return Jinja2Templates(env=env)


def page(request: Request, name: str, context: dict | None = None, status_code: int = 200):
    """Render template `name` with the common context (who is signed in, the CSRF token)."""
    from chidao.web.auth import csrf_token, principal

    web = request.app.state.web
    try:
        who = principal(request)
    except Exception:  # noqa: BLE001 - an error page for a bad token still renders
        from chidao.web.auth import ANONYMOUS

        who = ANONYMOUS
    ctx = {"who": who, "csrf": csrf_token(request), "as_of": web.today(), "path": request.url.path,
           "reading_open": not web.settings.reading_requires_login, "flash": request.session.pop("flash", None)}
    ctx.update(context or {})
    return web.templates.TemplateResponse(request, name, ctx, status_code=status_code)


def is_vietnamese(message: str | None) -> bool:
    """Whether a program message is written in Vietnamese (what the user typed, quoted, aside)."""
    from chidao.index.fold import fold

    own = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", "", message or "")
    return fold(own) != own


def error_page(request: Request, status: int, message: str, headers: dict | None = None):
    """The error page: a Vietnamese sentence for the status, and the program's own message as
    is when it is Vietnamese, else folded away under "Chi tiết kỹ thuật"."""
    response = page(request, "error.html", {"status": status, "message": message}, status_code=status)
    response.headers.update(headers or {})
    return response
