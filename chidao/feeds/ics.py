"""The iCalendar feed (with the `icalendar` package). Google Calendar and iOS ignore VTODO, so
each open task with a due date is an all-day VEVENT on that day (DTSTART;VALUE=DATE, an
exclusive DTEND the day after); a recurring task is one event with its RRULE from the next
occurrence. UIDs come from the task ids, so they stay the same from one export to the next
and a calendar updates events instead of duplicating them."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import quote

from icalendar import Calendar, Event, vRecur

from chidao.index.tracking import OPEN_STATUSES, TaskRow

PRODID = "-//chidao//Theo dõi nhiệm vụ//VI"


def _uid(task_id: str) -> str:
    return hashlib.sha256(task_id.encode("utf-8")).hexdigest()[:32] + "@chidao"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(task: TaskRow) -> str:
    who = ", ".join(task.lead) or "—"
    number = task.document_number or "không số"
    return f"[{number}] {who}: {_clip(task.text, 90)}"


def task_calendar(tasks: list[TaskRow], *, name: str, stamp: dt.datetime, base_url: str | None = None) -> bytes:
    """An iCalendar feed of the open tasks that have a due date."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    stamp = stamp.astimezone(dt.timezone.utc)
    for task in tasks:
        if task.status not in OPEN_STATUSES or not task.due:
            continue
        day = dt.date.fromisoformat(task.due)
        event = Event()
        event.add("uid", _uid(task.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", _summary(task))
        lines = [task.text, "", f"Chủ trì: {', '.join(task.lead) or '—'}"]
        if task.cooperating:
            lines.append(f"Phối hợp: {', '.join(task.cooperating)}")
        lines.append(f"Văn bản: {task.document_number or '—'} ({task.document_type or ''}, {task.issuer or ''})")
        lines.append(f"Tình trạng: {task.state_label}")
        if base_url:
            url = f"{base_url.rstrip('/')}/tasks/{quote(task.id, safe=':')}"  # '#' as %23
            event.add("url", url)
            lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("categories", [task.state_label])
        if task.rrule:
            event.add("rrule", vRecur.from_ical(task.rrule))
        cal.add_component(event)
    return cal.to_ical()
