"""Tracking every task to done, on the SQLite store of record.

A task's recorded status (chưa thực hiện, đang thực hiện, hoàn thành with its completion date,
không thực hiện with a reason) changes only through `set_status`, which appends to the task's
history in the same transaction. Its state as of a day uses the vocabulary of the
government's task-tracking systems (QĐ 42/2014/QĐ-TTg): đã hoàn thành đúng hạn / quá hạn,
đang thực hiện trong hạn / quá hạn, sắp đến hạn (due within N days), không có thời hạn,
không thực hiện. "As of" is always passed in; nothing here reads the clock.

A task is due at its earliest deadline not yet passed (a recurring one at its next
occurrence); once every deadline has passed, at its last one (then an unfinished task is
overdue). "từ năm 2024" starts a period and is no due date."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field

from chidao.errors import NotFoundError, UsageError
from chidao.index.fold import fold, number_key
from chidao.index.recurrence import next_due
from chidao.index.sqlite_schema import body_key
from chidao.nlp.bodies import canonical_body

MAX_NOTE = 10_000
DEFAULT_SOON_DAYS = 7
STATUSES = {"chua-thuc-hien": "chưa thực hiện", "dang-thuc-hien": "đang thực hiện",
            "hoan-thanh": "hoàn thành", "khong-thuc-hien": "không thực hiện"}
OPEN_STATUSES = ("chua-thuc-hien", "dang-thuc-hien")
STATES = {
    "dang-thuc-hien-qua-han": "đang thực hiện quá hạn",
    "sap-den-han": "sắp đến hạn",
    "dang-thuc-hien-trong-han": "đang thực hiện trong hạn",
    "khong-co-thoi-han": "không có thời hạn",
    "da-hoan-thanh-dung-han": "đã hoàn thành đúng hạn",
    "da-hoan-thanh-qua-han": "đã hoàn thành quá hạn",
    "khong-thuc-hien": "không thực hiện",
}


def _slug(text: str) -> str:
    return "-".join(fold(text or "").lower().replace("—", " ").replace("-", " ").split())


def status_slug(text: str) -> str:
    """A status typed in Vietnamese ("hoàn thành"), without diacritics or as a slug."""
    slug = _slug(text)
    if slug not in STATUSES:
        raise UsageError(f"unknown status {text!r}: use one of " + ", ".join(
            f"{slug} ({label})" for slug, label in STATUSES.items()))
    return slug


def state_slug(text: str) -> str:
    slug = _slug(text)
    if slug not in STATES:
        raise UsageError(f"unknown state {text!r}: use one of " + ", ".join(STATES))
    return slug


def current_due(dues: list[str], rrule: str | None, doc_date: str | None, as_of: dt.date) -> str | None:
    """The due date that matters as of `as_of` (see the module docstring)."""
    day = as_of.isoformat()
    upcoming = [d for d in dues if d >= day]
    recurring = next_due(rrule, _date(doc_date), as_of) if rrule else None
    if recurring is not None:
        upcoming.append(recurring.isoformat())
    if upcoming:
        return min(upcoming)
    return max(dues) if dues else None


def task_state(status: str, completed_on: str | None, dues: list[str], rrule: str | None,
               doc_date: str | None, as_of: dt.date, soon_days: int = DEFAULT_SOON_DAYS) -> str:
    if status == "khong-thuc-hien":
        return "khong-thuc-hien"
    if status == "hoan-thanh":
        done = completed_on or as_of.isoformat()
        due = current_due(dues, rrule, doc_date, _date(done) or as_of)
        return "da-hoan-thanh-qua-han" if due and not rrule and done > due else "da-hoan-thanh-dung-han"
    due = current_due(dues, rrule, doc_date, as_of)
    if due is None:
        return "khong-co-thoi-han"
    if due < as_of.isoformat():
        return "dang-thuc-hien-qua-han"
    if due <= (as_of + dt.timedelta(days=soon_days)).isoformat():
        return "sap-den-han"
    return "dang-thuc-hien-trong-han"


def _date(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None
    return dt.date.fromisoformat(value)


@dataclass(frozen=True)
class TaskQuery:
    as_of: dt.date
    overdue: bool = False
    due_soon: int | None = None        # days ahead
    due_before: str | None = None      # ISO date
    body: str | None = None
    role: str | None = None            # "lead" | "cooperating"
    status: str | None = None          # a status slug
    state: str | None = None           # a state slug
    document: str | None = None        # a document number as printed, or a record id
    soon_days: int = DEFAULT_SOON_DAYS
    limit: int = 200
    offset: int = 0


@dataclass
class TaskRow:
    id: str
    document_id: str
    document_number: str | None
    document_type: str | None
    document_date: str | None
    issuer: str | None
    ordinal: str
    text: str
    lead: list[str]            # canonical names (chidao.nlp.bodies)
    cooperating: list[str]
    implicit_lead: bool
    deadlines: list[dict]
    rrule: str | None
    due: str | None
    status: str
    status_label: str
    state: str
    state_label: str
    completed_on: str | None = None
    note: str | None = None
    updated_by: str | None = None
    updated_at: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class TaskList:
    total: int
    tasks: list[TaskRow] = field(default_factory=list)


_SELECT = """SELECT t.rowid, t.id, t.ordinal, t.text, t.lead, t.cooperating, t.implicit_lead, t.deadlines,
    t.rrule, d.id, d.number, d.type, d.date, d.issuer, s.status, s.completed_on, s.note, s.updated_by, s.updated_at
FROM tasks t JOIN documents d ON d.rowid = t.document_rowid LEFT JOIN task_status s ON s.task_id = t.id"""
# Not finished: the finished tasks' rows (temp.done, made by `prepare`) are one set looked up by
# row number, not a status joined to every task.
_OPEN = "t.rowid NOT IN (SELECT task_rowid FROM temp.done)"
_HAS_DUE_IN = ("t.rowid IN (SELECT task_rowid FROM deadlines WHERE due BETWEEN ? AND ? AND kind IN ('by', 'on'))")


_REC_STATE: dict[int, tuple] = {}  # connection → (as_of, what the tasks were) of its temp.rec


_DONE_STATE: dict[int, tuple] = {}  # connection → what the data was when its temp.done was made


def prepare(conn: sqlite3.Connection, as_of: dt.date) -> None:
    """The temporary tables the tracking conditions read — the finished tasks (made again when
    the data changed) and the recurring tasks' next dues (when the day or the data changed)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS done (task_rowid INTEGER PRIMARY KEY)")
    state = _data_state(conn)
    if _DONE_STATE.get(id(conn)) != state:
        conn.execute("DELETE FROM temp.done")
        conn.execute("INSERT INTO temp.done SELECT t.rowid FROM task_status s JOIN tasks t ON t.id = s.task_id "
                     "WHERE s.status IN ('hoan-thanh', 'khong-thuc-hien')")
        _DONE_STATE[id(conn)] = state
    _recurring_due(conn, as_of, state)


def _data_state(conn: sqlite3.Connection) -> tuple:
    """What moves when tasks or statuses change, by this connection or another (writes to
    the temporary tables themselves do not count)."""
    return (conn.execute("PRAGMA data_version").fetchone()[0],
            *conn.execute("SELECT (SELECT max(seq) FROM task_history), (SELECT max(rowid) FROM tasks), "
                          "(SELECT count(*) FROM tasks)").fetchone())


def _recurring_due(conn: sqlite3.Connection, as_of: dt.date, data_state: tuple) -> None:
    """temp.rec(task_rowid, due): each recurring task's next occurrence as of `as_of`. A rule
    with no interval ("FREQ=MONTHLY;BYMONTHDAY=25") falls due on the same day for every task
    that has it, so it is worked out once per rule (temp.rec_rule) and joined to its tasks
    through the rrule index; only rules counted from their document's date ("INTERVAL=3")
    are worked out task by task (temp.rec_task). Kept until the day or the tasks change."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rec_rule (rrule TEXT PRIMARY KEY, due TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rec_task (task_rowid INTEGER PRIMARY KEY, due TEXT)")
    conn.execute("CREATE TEMP VIEW IF NOT EXISTS rec AS SELECT t.rowid AS task_rowid, r.due AS due "
                 "FROM temp.rec_rule r JOIN main.tasks t ON t.rrule = r.rrule "
                 "UNION ALL SELECT task_rowid, due FROM temp.rec_task")
    state = (as_of, *data_state)
    if _REC_STATE.get(id(conn)) == state:
        return
    conn.execute("DELETE FROM temp.rec_rule")
    conn.execute("DELETE FROM temp.rec_task")
    rules = [r[0] for r in conn.execute("SELECT DISTINCT rrule FROM tasks WHERE rrule IS NOT NULL")]
    free = [r for r in rules if "INTERVAL=" not in r and "COUNT=" not in r]
    dues = [(r, next_due(r, None, as_of)) for r in free]
    conn.executemany("INSERT INTO temp.rec_rule VALUES (?, ?)", [(r, d.isoformat()) for r, d in dues if d])
    for rule in set(rules) - set(free):
        rows = conn.execute("SELECT t.rowid, d.date FROM tasks t JOIN documents d ON d.rowid = t.document_rowid "
                            "WHERE t.rrule = ?", (rule,)).fetchall()
        out = [(rowid, nxt.isoformat()) for rowid, doc_date in rows if (nxt := next_due(rule, _date(doc_date), as_of))]
        conn.executemany("INSERT INTO temp.rec_task VALUES (?, ?)", out)
    _REC_STATE[id(conn)] = state


def _where(q: TaskQuery) -> tuple[list[str], list, bool]:
    """SQL conditions for the query; whether they need temp.rec (recurring next dues)."""
    where, args, needs_rec = [], [], False
    day = q.as_of.isoformat()
    if q.body:
        # IN over the (body_key, role, task_rowid) index, not a correlated EXISTS per task
        where.append("t.rowid IN (SELECT task_rowid FROM task_bodies WHERE body_key = ?"
                     + (" AND role = ?)" if q.role else ")"))
        args += [body_key(q.body)] + ([q.role] if q.role else [])
    if q.status:
        where.append("COALESCE(s.status, 'chua-thuc-hien') = ?")
        args.append(q.status)
    if q.document:
        where.append("(d.id = ? OR d.number_key = ?)")
        args += [q.document, number_key(q.document)]
    if q.overdue:
        where += [_OPEN, "t.rrule IS NULL AND t.last_due < ?"]
        args.append(day)
    if q.due_soon is not None:
        until = (q.as_of + dt.timedelta(days=q.due_soon)).isoformat()
        where += [_OPEN, f"({_HAS_DUE_IN} OR t.rowid IN (SELECT task_rowid FROM temp.rec WHERE due BETWEEN ? AND ?))"]
        args += [day, until, day, until]
        needs_rec = True
    if q.due_before:
        where += [_OPEN, f"((t.rrule IS NULL AND t.last_due < ?) OR {_HAS_DUE_IN} "
                  "OR t.rowid IN (SELECT task_rowid FROM temp.rec WHERE due <= ?))"]
        args += [day, day, q.due_before, q.due_before]
        needs_rec = True
    if q.state:
        # With a body, its few tasks drive: "+" keeps the planner off the status index (else it
        # walks every finished status and probes the body's list for each: seconds on 100 k tasks).
        status = "+s.status" if q.body else "s.status"
        cond, cond_args, rec = _state_condition(q.state, q.as_of, q.soon_days, status)
        where.append(cond)
        args += cond_args
        needs_rec = needs_rec or rec
    return where, args, needs_rec


def _state_condition(state: str, as_of: dt.date, soon_days: int, status: str = "s.status") -> tuple[str, list, bool]:
    day, until = as_of.isoformat(), (as_of + dt.timedelta(days=soon_days)).isoformat()
    overdue = "(t.rrule IS NULL AND t.last_due < ?)"
    soon = f"({_HAS_DUE_IN} OR t.rowid IN (SELECT task_rowid FROM temp.rec WHERE due BETWEEN ? AND ?))"
    if state == "da-hoan-thanh-dung-han":
        return f"({status} = 'hoan-thanh' AND (t.last_due IS NULL OR t.rrule IS NOT NULL OR s.completed_on <= t.last_due))", [], False
    if state == "da-hoan-thanh-qua-han":
        return f"({status} = 'hoan-thanh' AND t.rrule IS NULL AND s.completed_on > t.last_due)", [], False
    if state == "khong-thuc-hien":
        return f"{status} = 'khong-thuc-hien'", [], False
    if state == "dang-thuc-hien-qua-han":
        return f"({_OPEN} AND {overdue})", [day], False
    if state == "sap-den-han":
        return f"({_OPEN} AND NOT {overdue} AND {soon})", [day, day, until, day, until], True
    if state == "khong-co-thoi-han":
        return f"({_OPEN} AND t.last_due IS NULL AND t.rrule IS NULL)", [], False
    return (f"({_OPEN} AND (t.last_due IS NOT NULL OR t.rrule IS NOT NULL) AND NOT {overdue} AND NOT {soon})",
            [day, day, until, day, until], True)


def _tables(where: list[str]) -> str:
    """The tasks, with the document and status joins only when a condition names them."""
    needs = " ".join(where)
    return "tasks t" + (" JOIN documents d ON d.rowid = t.document_rowid" if "d." in needs else "") + (
        " LEFT JOIN task_status s ON s.task_id = t.id" if "s." in needs else "")


def count_tasks(conn: sqlite3.Connection, q: TaskQuery) -> int:
    """How many tasks the query selects (its paging ignored)."""
    where, args, _ = _where(q)
    prepare(conn, q.as_of)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return conn.execute(f"SELECT count(*) FROM {_tables(where)}{clause}", args).fetchone()[0]


def page_tasks(conn: sqlite3.Connection, q: TaskQuery) -> list[TaskRow]:
    """One page of the query's tasks, by due date (the overdue list by its last deadline): the
    page's row numbers first, over the fewest joins, then their rows (a finished state sorts
    its few thousand row numbers, not their texts)."""
    where, args, _ = _where(q)
    prepare(conn, q.as_of)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    # Orders an index walks, so a page of 200 stops early instead of sorting every task.
    order = "t.last_due, t.rowid" if q.overdue else "(t.due IS NULL), t.due, t.rowid"
    page = f"SELECT t.rowid FROM {_tables(where)}{clause} ORDER BY {order} LIMIT ? OFFSET ?"
    rows = conn.execute(f"{_SELECT} WHERE t.rowid IN ({page}) ORDER BY {order}", [*args, q.limit, q.offset]).fetchall()
    return [_row(r, q.as_of, q.soon_days) for r in rows]


def list_tasks(conn: sqlite3.Connection, q: TaskQuery) -> TaskList:
    return TaskList(total=count_tasks(conn, q), tasks=page_tasks(conn, q))


def _row(r, as_of: dt.date, soon_days: int) -> TaskRow:
    (_, task_id, ordinal, text, lead, coop, implicit, deadlines, rrule, doc_id, number, type_, doc_date, issuer,
     status, completed_on, note, by, at) = r
    deadlines = json.loads(deadlines or "[]")
    dues = sorted({d["due"] for d in deadlines if d.get("due") and d.get("kind") in ("by", "on")})
    status = status or "chua-thuc-hien"
    state = task_state(status, completed_on, dues, rrule, doc_date, as_of, soon_days)
    return TaskRow(id=task_id, document_id=doc_id, document_number=number, document_type=type_,
                   document_date=doc_date, issuer=issuer, ordinal=ordinal, text=text, lead=_canonical(lead),
                   cooperating=_canonical(coop), implicit_lead=bool(implicit), deadlines=deadlines,
                   rrule=rrule, due=current_due(dues, rrule, doc_date, as_of), status=status,
                   status_label=STATUSES[status], state=state, state_label=STATES[state],
                   completed_on=completed_on, note=note, updated_by=by, updated_at=at)


def _canonical(names_json: str | None) -> list[str]:
    """Bodies as trackers know them: one canonical name for every spelling."""
    out: list[str] = []
    for name in json.loads(names_json or "[]"):
        canonical = canonical_body(name)
        if canonical not in out:
            out.append(canonical)
    return out


def get_task(conn: sqlite3.Connection, task_id: str, as_of: dt.date, soon_days: int = DEFAULT_SOON_DAYS) -> TaskRow:
    row = conn.execute(f"{_SELECT} WHERE t.id = ?", (task_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no task {task_id!r}: `chidao tasks --document NUMBER` lists a document's task ids")
    return _row(row, as_of, soon_days)
