"""The JSON REST API under /api: the same library calls as `chidao search`, `chidao tasks`,
`chidao task …` and `chidao export`. Reads are open or need a token (the server's setting);
writes need `Authorization: Bearer TOKEN` with a sufficient role (or the web app's own signed-
in session with its X-CSRF-Token header). Errors are `{"error": "one line"}`: 400 for a
request that cannot be carried out, 401/403 for authentication and roles, 404 for an unknown
document or task."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import re

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, field_validator

from chidao.errors import UsageError

from chidao.index import TaskQuery, parse_query
from chidao.index.query import _iso
from chidao.index.tracking import state_slug, status_slug
from chidao.web.auth import Principal, api_reader, api_writer
from chidao.web.documents import document_view

_ERROR = {"content": {"application/json": {"schema": {
    "type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}}}}
RESPONSES = {400: {"description": "a request that cannot be carried out", **_ERROR},
             401: {"description": "no (valid) token or session", **_ERROR},
             403: {"description": "the role is not enough", **_ERROR},
             404: {"description": "no such document or task", **_ERROR}}
MAX_OFFSET = 10_000_000
# Control characters (tab and line breaks allowed) have no place in a query or a note, and a
# spreadsheet cannot hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_plain(value: str | None, name: str, one_line: bool = False) -> str | None:
    """`value`, or UsageError when it holds control characters (line breaks too if `one_line`)."""
    if value and (_ANY_CONTROL if one_line else _CONTROL).search(value):
        raise UsageError(f"{name} contains control characters")
    return value


def check_body_role(role: str | None) -> None:
    """UsageError unless `role` is empty (either role), lead or cooperating."""
    if role and role not in ("lead", "cooperating"):
        raise UsageError("vai trò phải là chủ trì (lead) hoặc phối hợp (cooperating)")


def _no_control(value: str) -> str:
    """A body field's validator: control characters are refused (400)."""
    if _CONTROL.search(value or ""):
        raise ValueError("contains control characters")
    return value


def _plain_params(request: Request) -> None:
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        check_plain(str(value), name, one_line=True)


router = APIRouter(prefix="/api", responses=RESPONSES, tags=["api"], dependencies=[Depends(_plain_params)])


class StatusChange(BaseModel):
    status: str = Field(..., max_length=100, description="chua-thuc-hien, dang-thuc-hien, hoan-thanh, "
                        "khong-thuc-hien (or the Vietnamese words)")
    note: str = Field("", max_length=10_000, description="What changed; the reason for khong-thuc-hien.")
    completed_on: dt.date | None = Field(None, description="For hoan-thanh (default: today).")

    @field_validator("status", "note")
    @classmethod
    def _plain(cls, value: str) -> str:
        return _no_control(value)


class Evidence(BaseModel):
    report: str = Field(..., max_length=200, description="An archived report: its number or record id.")
    note: str = Field("", max_length=10_000)

    @field_validator("report", "note")
    @classmethod
    def _plain(cls, value: str) -> str:
        return _no_control(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).astimezone()


def _web(request: Request):
    return request.app.state.web


def search_params(q: str = Query("", max_length=2000, description="Words, \"a phrase\", prefix*, a number, "
                                 "field filters (loai: co-quan: don-vi: tu: den: …)"),
                  type: str | None = Query(None, max_length=200), issuer: str | None = Query(None, max_length=200),
                  body: str | None = Query(None, max_length=200),
                  role: Literal["lead", "cooperating"] | None = None,
                  date_from: str | None = Query(None, max_length=20), date_to: str | None = Query(None, max_length=20),
                  due_from: str | None = Query(None, max_length=20), due_to: str | None = Query(None, max_length=20),
                  sort: Literal["relevance", "date"] | None = None,
                  limit: int = Query(20, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict:
    return dict(text=q, type=type, issuer=issuer, body=body, role=role, date_from=date_from, date_to=date_to,
                due_from=due_from, due_to=due_to, sort=sort, limit=limit, offset=offset)


def _search(request: Request, params: dict, default_sort: str) -> dict:
    text = params.pop("text")
    params["sort"] = params["sort"] or default_sort
    query = parse_query(text, **params)
    result = _web(request).index.search(query)
    return {"query": text, "limit": query.limit, "offset": query.offset, **result.to_dict()}


@router.get("/search", summary="Search the directives (as `chidao search`)")
def api_search(request: Request, params: dict = Depends(search_params), _: Principal = Depends(api_reader)):
    return _search(request, params, "relevance")


@router.get("/documents", summary="List documents: the search parameters, newest first by default")
def api_documents(request: Request, params: dict = Depends(search_params), _: Principal = Depends(api_reader)):
    return _search(request, params, "date" if not params["text"] else "relevance")


@router.get("/documents/{document_id}", summary="One document: metadata, tasks, citations, the record")
def api_document(request: Request, document_id: str, as_of: dt.date | None = None,
                 _: Principal = Depends(api_reader)):
    web = _web(request)
    view = document_view(web.index, web.archive, document_id, as_of or web.today())
    keys = ("id", "number", "type", "issuer", "date", "subject", "signer", "recipients", "media_type", "pages",
            "text_method", "has_original")
    out = {k: getattr(view, k) for k in keys}
    out["tasks"] = [t.to_dict() for t in view.tasks]
    out["cites"] = [link.__dict__ for link in view.cites]
    out["cited_by"] = [link.__dict__ for link in view.cited_by]
    out["record"] = view.record.to_dict() if view.record else None
    return out


def task_params(request: Request, overdue: bool = False, due_soon: int | None = Query(None, ge=0, le=366),
                due_before: str | None = Query(None, max_length=20), body: str | None = Query(None, max_length=200),
                role: Literal["lead", "cooperating"] | None = None, status: str | None = Query(None, max_length=100),
                state: str | None = Query(None, max_length=100), document: str | None = Query(None, max_length=200),
                as_of: dt.date | None = None, limit: int = Query(200, ge=1, le=100_000),
                offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> TaskQuery:
    """The filters of `chidao tasks`, as a TaskQuery."""
    return TaskQuery(as_of=as_of or _web(request).today(), overdue=overdue, due_soon=due_soon,
                     due_before=_iso(due_before, "due_before", end=True) if due_before else None,
                     body=body or None, role=role, status=status_slug(status) if status else None,
                     state=state_slug(state) if state else None, document=document or None, limit=limit,
                     offset=offset)


@router.get("/tasks", summary="Tasks with their state as of a day (as `chidao tasks`)")
def api_tasks(request: Request, q: TaskQuery = Depends(task_params), _: Principal = Depends(api_reader)):
    found = _web(request).index.tracker.tasks(q)
    return {"as_of": q.as_of.isoformat(), "total": found.total, "limit": q.limit, "offset": q.offset,
            "tasks": [t.to_dict() for t in found.tasks]}


@router.post("/tasks/{task_id:path}/status", summary="Record a task's new status (tracker role)")
def api_set_status(request: Request, task_id: str, change: StatusChange,
                   who: Principal = Depends(api_writer("tracker"))):
    web = _web(request)
    entry = web.index.tracker.set_status(task_id, change.status, note=change.note, author=who.name, at=_now(),
                                         as_of=web.today(), completed_on=change.completed_on)
    task = web.index.tracker.task(task_id, web.today()).task
    return {"entry": entry.to_dict(), "task": task.to_dict()}


@router.post("/tasks/{task_id:path}/evidence", summary="Attach an archived report to a task (tracker role)")
def api_attach(request: Request, task_id: str, evidence: Evidence, who: Principal = Depends(api_writer("tracker"))):
    web = _web(request)
    web.index.tracker.attach(task_id, evidence.report, note=evidence.note, author=who.name, at=_now())
    return web.index.tracker.task(task_id, web.today()).to_dict()


@router.get("/tasks/{task_id:path}", summary="One task with its history, evidence and suggested reports")
def api_task(request: Request, task_id: str, as_of: dt.date | None = None, _: Principal = Depends(api_reader)):
    web = _web(request)
    return web.index.tracker.task(task_id, as_of or web.today()).to_dict()


def _feed_rows(request: Request, body: str | None, as_of: dt.date | None):
    web = _web(request)
    q = TaskQuery(as_of=as_of or web.today(), body=body or None, limit=1_000_000)
    return web.index.tracker.page(q), q.as_of


_ICS = {200: {"content": {"text/calendar": {}}, "description": "an iCalendar feed"}}


@router.get("/feeds/tasks.ics", summary="Calendar feed of every open task with a due date", responses=_ICS,
            response_class=Response)
def feed_all(request: Request, token: str | None = Query(None, max_length=200, description="A token, for calendar "
             "apps that cannot send headers"), _: Principal = Depends(api_reader)):
    from chidao.feeds import task_calendar

    rows, _as_of = _feed_rows(request, None, None)
    data = task_calendar(rows, name="Theo dõi nhiệm vụ", stamp=_now(), base_url=str(request.base_url).rstrip("/"))
    return _calendar(data, "nhiem-vu.ics")


@router.get("/feeds/bodies/{body}.ics", summary="Calendar feed of one body's open tasks", responses=_ICS,
            response_class=Response)
def feed_body(request: Request, body: str, token: str | None = Query(None, max_length=200),
              _: Principal = Depends(api_reader)):
    from chidao.feeds import task_calendar

    rows, _as_of = _feed_rows(request, body, None)
    data = task_calendar(rows, name=f"Nhiệm vụ của {body}", stamp=_now(),
                         base_url=str(request.base_url).rstrip("/"))
    return _calendar(data, "nhiem-vu-don-vi.ics")


def _calendar(data: bytes, name: str) -> Response:
    return Response(data, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-cache"})


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/export.xlsx", summary="Tasks as a tracking spreadsheet", response_class=Response,
            responses={200: {"content": {_XLSX: {}}, "description": "XLSX"}})
def export_xlsx(request: Request, body: str | None = Query(None, max_length=200), as_of: dt.date | None = None,
                _: Principal = Depends(api_reader)):
    from chidao.feeds import task_workbook

    rows, day = _feed_rows(request, body, as_of)
    title = f"Nhiệm vụ của {body}" if body else "Theo dõi tình hình thực hiện nhiệm vụ"
    return Response(task_workbook(rows, title=title, as_of=day), media_type=_XLSX,
                    headers={"Content-Disposition": f'attachment; filename="theo-doi-{day.isoformat()}.xlsx"'})


@router.get("/export.csv", summary="Tasks as CSV (UTF-8 with BOM)", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "CSV"}})
def export_csv(request: Request, body: str | None = Query(None, max_length=200), as_of: dt.date | None = None,
               _: Principal = Depends(api_reader)):
    from chidao.feeds import task_csv

    rows, day = _feed_rows(request, body, as_of)
    return Response(task_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="theo-doi-{day.isoformat()}.csv"'})


@router.get("/me", summary="Who the token or session belongs to")
def api_me(who: Principal = Depends(api_reader)):
    return JSONResponse({"name": who.name, "role": who.role, "via": who.via})
