"""Counts for the task board and the dashboard, computed in SQL with the tracker's own state
conditions (index/tracking.py), so a count always agrees with the list it labels.

Counting every state over 100,000 tasks takes about a second, so results are cached until the
data changes: the cache key carries a fingerprint of the store (the last document row, the
number of documents, the last history entry, the reattached tasks), which any ingest,
reprocess, status change or reattachment moves."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from chidao.index import TaskQuery
from chidao.index.tracking import DEFAULT_SOON_DAYS, _state_condition, count_tasks, prepare

# The board's lanes, in order: slug, label, the states each gathers.
LANES = (
    ("qua-han", "Quá hạn", ("dang-thuc-hien-qua-han",)),
    ("sap-den-han", "Sắp đến hạn", ("sap-den-han",)),
    ("dang-thuc-hien", "Đang thực hiện", ("dang-thuc-hien-trong-han", "khong-co-thoi-han")),
    ("hoan-thanh", "Đã xong", ("da-hoan-thanh-dung-han", "da-hoan-thanh-qua-han", "khong-thuc-hien")),
)
LANE_STATES = {slug: states for slug, _, states in LANES}
ALL_STATES = tuple(s for _, _, states in LANES for s in states)
_CACHE_SIZE = 128


class _Cache:
    def __init__(self):
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)
        return value


_cache = _Cache()


def fingerprint(conn) -> tuple:
    """Which store (its file: two homes can hold the same counts) and how far its data has got."""
    path = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
    return (path, *conn.execute("SELECT (SELECT max(rowid) FROM documents), (SELECT count(*) FROM documents), "
                                "(SELECT max(seq) FROM task_history), (SELECT count(*) FROM task_links)").fetchone())


def state_counts(store, q: TaskQuery) -> dict[str, int]:
    """Tasks per state under the filters of `q` (its own state and paging ignored)."""
    conn = store.connection()
    base = replace(q, state=None, limit=1, offset=0)
    key = ("states", base, fingerprint(conn))
    return _cache.get(key, lambda: {s: count_tasks(conn, replace(base, state=s)) for s in ALL_STATES})


def lane_totals(counts: dict[str, int]) -> dict[str, int]:
    """Tasks per lane, from the tasks per state."""
    return {slug: sum(counts.get(s, 0) for s in states) for slug, states in LANE_STATES.items()}


def lane_page(tracker, q: TaskQuery, lane: str, counts: dict[str, int], offset: int, limit: int) -> list:
    """One page of a lane's tasks: its states one after the other, each in the tracker's order."""
    rows, skip, want = [], offset, limit
    for state in LANE_STATES[lane]:
        n = counts.get(state, 0)
        if skip >= n:
            skip -= n
            continue
        found = tracker.page(replace(q, state=state, offset=skip, limit=want))
        rows += found
        want -= len(found)
        skip = 0
        if want <= 0:
            break
    return rows


# -- the dashboard -----------------------------------------------------------------------------------
@dataclass
class BodyBar:
    body: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class MonthBar:
    month: str          # YYYY-MM
    done: int
    overdue: int
    open: int

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.open


def bodies_by_state(store, as_of: dt.date, top: int = 12) -> list[BodyBar]:
    """The `top` bodies leading the most tasks, each with its lead tasks per state."""
    conn = store.connection()
    return _cache.get(("bodies", as_of, top, fingerprint(conn)), lambda: _bodies_by_state(conn, as_of, top))


def _bodies_by_state(conn, as_of: dt.date, top: int) -> list[BodyBar]:
    leaders = conn.execute("SELECT body_key, min(body), count(*) FROM task_bodies WHERE role = 'lead' "
                           "GROUP BY body_key ORDER BY 3 DESC, 2 LIMIT ?", (top,)).fetchall()
    if not leaders:
        return []
    keys = [k for k, _, _ in leaders]
    bars = {k: BodyBar(name, {s: 0 for s in ALL_STATES}) for k, name, _ in leaders}
    marks = ",".join("?" * len(keys))
    prepare(conn, as_of)
    for state in ALL_STATES:
        cond, args, _ = _state_condition(state, as_of, DEFAULT_SOON_DAYS, "+s.status")  # the bodies drive
        rows = conn.execute(
            "SELECT tb.body_key, count(DISTINCT t.rowid) FROM task_bodies tb JOIN tasks t ON t.rowid = tb.task_rowid "
            "JOIN documents d ON d.rowid = t.document_rowid LEFT JOIN task_status s ON s.task_id = t.id "
            f"WHERE tb.role = 'lead' AND tb.body_key IN ({marks}) AND {cond} GROUP BY tb.body_key",
            [*keys, *args]).fetchall()
        for k, n in rows:
            bars[k].counts[state] = n
    return sorted(bars.values(), key=lambda b: (-b.total, b.body))


def deadlines_by_month(store, as_of: dt.date, before: int = 12, after: int = 12) -> list[MonthBar]:
    """Dated deadlines per month around `as_of`: of finished tasks, of unfinished ones past
    due, and of unfinished ones still to come."""
    conn = store.connection()
    return _cache.get(("months", as_of, before, after, fingerprint(conn)),
                      lambda: _deadlines_by_month(conn, as_of, before, after))


def _month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _deadlines_by_month(conn, as_of: dt.date, before: int, after: int) -> list[MonthBar]:
    first, end = _month_add(as_of, -before), _month_add(as_of, after + 1)
    months = {}
    m = first
    while m < end:
        months[m.isoformat()[:7]] = MonthBar(m.isoformat()[:7], 0, 0, 0)
        m = _month_add(m, 1)
    rows = conn.execute(
        "SELECT substr(dl.due, 1, 7), COALESCE(s.status, 'chua-thuc-hien'), dl.due < ?, count(*) FROM deadlines dl "
        "JOIN tasks t ON t.rowid = dl.task_rowid LEFT JOIN task_status s ON s.task_id = t.id "
        "WHERE dl.kind IN ('by', 'on') AND dl.due >= ? AND dl.due < ? GROUP BY 1, 2, 3",
        (as_of.isoformat(), first.isoformat(), end.isoformat())).fetchall()
    for month, status, past, n in rows:
        bar = months.get(month)
        if bar is None or status == "khong-thuc-hien":
            continue
        if status == "hoan-thanh":
            bar.done += n
        elif past:
            bar.overdue += n
        else:
            bar.open += n
    return list(months.values())


__all__ = ["ALL_STATES", "BodyBar", "LANES", "LANE_STATES", "MonthBar", "bodies_by_state",
           "deadlines_by_month", "fingerprint", "lane_page", "lane_totals", "state_counts"]
