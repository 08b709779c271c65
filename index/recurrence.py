"""Recurring deadlines (RFC 5545 RRULE, as the extractor writes them: "FREQ=MONTHLY;
BYMONTHDAY=25") and their next due date as of a given day, with python-dateutil. A rule
without a day ("FREQ=MONTHLY") falls due on the period's last day."""

from __future__ import annotations

import datetime as dt
import functools

from dateutil.rrule import rrulestr


@functools.lru_cache(maxsize=4096)
def _next(rule: str, start: dt.date, as_of: dt.date) -> dt.date | None:
    text = rule if "BYMONTHDAY" in rule or "BYDAY" in rule or "FREQ=DAILY" in rule else _last_day(rule)
    try:
        recurrence = rrulestr(text, dtstart=dt.datetime.combine(start, dt.time()), cache=False)
    except (ValueError, TypeError):
        return None
    found = recurrence.after(dt.datetime.combine(as_of, dt.time()), inc=True)
    return found.date() if found else None


def _last_day(rule: str) -> str:
    """"FREQ=MONTHLY" → the month's last day; "FREQ=YEARLY" → 31 December; weekly → Friday."""
    if "FREQ=MONTHLY" in rule:
        return rule + ";BYMONTHDAY=-1"
    if "FREQ=YEARLY" in rule:
        return rule + (";BYMONTHDAY=-1" if "BYMONTH=" in rule else ";BYMONTH=12;BYMONTHDAY=31")
    if "FREQ=WEEKLY" in rule:
        return rule + ";BYDAY=FR"
    return rule


def next_due(rule: str | None, start: dt.date | None, as_of: dt.date) -> dt.date | None:
    """The first occurrence of `rule` on or after `as_of` (counting from `start`, the
    document's date); None for no rule. Rules without an interval do not depend on `start`
    before `as_of`, so they share one cached answer per day."""
    if not rule:
        return None
    start = start or as_of
    if "INTERVAL=" not in rule and "COUNT=" not in rule and start < as_of:
        start = as_of - dt.timedelta(days=1)
    return _next(rule, start, as_of)


def valid_rule(rule: str) -> bool:
    try:
        rrulestr(rule, dtstart=dt.datetime(2024, 1, 1))
        return True
    except (ValueError, TypeError):
        return False
