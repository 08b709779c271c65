"""The task board (lanes: overdue, due soon, in progress, done; by body or by document), one
task with its history, status changes and evidence from the board (tracker role, CSRF), and
the dashboard. Task ids go into paths percent-encoded ('#' as %23): see render.task_path."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import groupby

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from chidao.errors import UsageError
from chidao.index import TaskQuery
from chidao.index.query import _iso
from chidao.index.tracking import STATES, state_slug
from chidao.web.api import check_body_role, check_plain
from chidao.web.auth import Principal, check_form, page_reader, page_user, safe_next
from chidao.web.charts import body_state_chart, month_chart
from chidao.web.documents import ID_RE
from chidao.web.render import error_page, page, task_path
from chidao.web.stats import (LANES, LANE_STATES, bodies_by_state, deadlines_by_month, lane_page, lane_totals,
                               state_counts)

router = APIRouter(include_in_schema=False)
PAGE = 50
GROUPS = {"": "Không nhóm", "don-vi": "Theo đơn vị chủ trì", "van-ban": "Theo văn bản"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).astimezone()


@router.get("/tasks")
def task_board(request: Request, who: Principal = Depends(page_reader),
               lane: str = Query("", max_length=40), state: str = Query("", max_length=60),
               body: str = Query("", max_length=200), role: str = Query("", max_length=20),
               document: str = Query("", max_length=200), group: str = Query("", max_length=20),
               page_no: int = Query(1, alias="page", ge=1, le=100_000)):
    web = request.app.state.web
    params = {"lane": lane, "state": state, "body": body, "role": role, "document": document, "group": group}
    try:
        check_body_role(role)
        if group not in GROUPS:
            raise UsageError("nhóm theo: don-vi hoặc van-ban")
        state = state_slug(state) if state else ""
    except UsageError as err:
        return error_page(request, 400, err.message)
    base = TaskQuery(as_of=web.today(), body=body or None, role=role or None, document=document or None)
    counts = state_counts(web.index.store, base)
    totals = lane_totals(counts)
    if state:
        lane = next(slug for slug, states in LANE_STATES.items() if state in states)
    elif lane not in LANE_STATES:
        lane = next((slug for slug, _, _ in LANES if totals[slug]), "qua-han")
    shown = {state: counts[state]} if state else counts
    total = sum(shown.get(s, 0) for s in LANE_STATES[lane])
    offset = (page_no - 1) * PAGE
    if state:
        rows = web.index.tracker.page(replace(base, state=state, offset=offset, limit=PAGE))
    else:
        rows = lane_page(web.index.tracker, base, lane, counts, offset, PAGE)
    params["lane"] = lane
    return page(request, "tasks.html", {
        "params": params, "lanes": LANES, "lane": lane, "lane_totals": totals, "counts": counts,
        "state": state, "groups": _grouped(rows, group), "group_names": GROUPS, "total": total,
        "page_no": page_no, "pages": max(1, -(-total // PAGE)), "back": _here(request)})


def _grouped(rows, group: str) -> list[tuple[str | None, list]]:
    """(heading, tasks) runs of the page: by first lead body, or by document (page order kept
    inside a group)."""
    if not group:
        return [(None, rows)]
    if group == "don-vi":
        def key(t):
            return t.lead[0] if t.lead else "(chưa rõ đơn vị chủ trì)"
    else:
        def key(t):
            return f"{t.document_type or 'Văn bản'} {t.document_number or 'không số'}"
    ordered = sorted(rows, key=key)
    return [(k, list(v)) for k, v in groupby(ordered, key=key)]


def _here(request: Request) -> str:
    return request.url.path + ("?" + request.url.query if request.url.query else "")


@router.get("/tasks/{task_id:path}")
def task_page(request: Request, task_id: str, who: Principal = Depends(page_reader)):
    web = request.app.state.web
    if ID_RE.match(task_id):
        # A task link whose '#' was not encoded arrives as the document id (the ordinal is the
        # fragment, which the browser keeps across the redirect: the document's task row).
        return RedirectResponse(f"/documents/{task_id}", status_code=303)
    detail = web.index.tracker.task(task_id, web.today())
    return page(request, "task.html", {"detail": detail, "t": detail.task})


@router.post("/tasks/{task_id:path}/status")
def change_status(request: Request, task_id: str, who: Principal = Depends(page_user("tracker")),
                  status: str = Form(..., max_length=100), note: str = Form("", max_length=10_000),
                  completed_on: str = Form("", max_length=20), back: str = Form("", max_length=2000),
                  csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    check_plain(note, "note")
    web = request.app.state.web
    done = dt.date.fromisoformat(_iso(completed_on, "completed_on", end=False)) if completed_on else None
    entry = web.index.tracker.set_status(task_id, status, note=note, author=who.name, at=_now(),
                                         as_of=web.today(), completed_on=done)
    request.session["flash"] = f"Đã ghi: {entry.status_label}" + (f" ngày {completed_on}" if completed_on else "") + "."
    return RedirectResponse(safe_next(back) if back else f"/tasks/{task_path(task_id)}", status_code=303)


@router.post("/tasks/{task_id:path}/evidence")
def attach_evidence(request: Request, task_id: str, who: Principal = Depends(page_user("tracker")),
                    report: str = Form(..., max_length=200), note: str = Form("", max_length=10_000),
                    csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    check_plain(note, "note")
    web = request.app.state.web
    web.index.tracker.attach(task_id, report.strip(), note=note, author=who.name, at=_now())
    request.session["flash"] = f"Đã gắn báo cáo {report.strip()} làm kết quả thực hiện."
    return RedirectResponse(f"/tasks/{task_path(task_id)}", status_code=303)


@router.get("/dashboard")
def dashboard(request: Request, who: Principal = Depends(page_reader)):
    web = request.app.state.web
    as_of = web.today()
    counts = state_counts(web.index.store, TaskQuery(as_of=as_of))
    bars = bodies_by_state(web.index.store, as_of)
    months = deadlines_by_month(web.index.store, as_of)
    return page(request, "dashboard.html", {
        "counts": counts, "lanes": LANES, "lane_totals": lane_totals(counts),
        "bodies_chart": body_state_chart(bars), "months_chart": month_chart(months, as_of), "states": STATES,
        "total": sum(counts.values())})
