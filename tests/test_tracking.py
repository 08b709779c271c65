"""Tracking on the real SQLite store: statuses with an append-only history, states as of a
date in the government's vocabulary, recurring deadlines, bodies under one canonical name,
orphaned history after a re-extraction, and the feeds."""

import csv
import datetime as dt
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from openpyxl import load_workbook

from chidao.cli import main
from chidao.config import Config
from chidao.errors import NotFoundError, UsageError
from chidao.feeds import task_calendar, task_csv, task_workbook
from chidao.index import Index, TaskQuery
from chidao.index.recurrence import next_due
from chidao.index.tracking import current_due, task_state
from chidao.record import DocumentInfo, Record, Source, Task, TaskDeadline, Text

AT = dt.datetime(2024, 5, 2, 9, 30, tzinfo=dt.timezone.utc)


def _record(n: int, tasks: list[Task], number: str, date: str = "2024-01-10", type_: str = "Kế hoạch",
            responds_to=()) -> Record:
    rid = f"sha256:{n:064x}"
    for t in tasks:
        t.id = f"{rid}#{t.ordinal}"
    return Record(id=rid, source=Source(f"/in/{n}.txt", f"{n:064x}", "text/plain", 1),
                  text=Text("plain", f"Văn bản {number}"),
                  document=DocumentInfo(number=number, type=type_, issuer="UBND tỉnh Bắc Giang", date=date,
                                        subject=f"văn bản {n}", responds_to=list(responds_to)),
                  tasks=tasks)


def _deadline(due, kind="by", raw="x", rrule=None):
    return TaskDeadline(raw=raw, kind=kind, due=due, rrule=rrule)


@pytest.fixture
def index(tmp_path):
    idx = Index(Config(home=tmp_path))
    idx.add(_record(1, [
        Task("", "1", "Rà soát thủ tục hành chính", lead=["Sở TT&TT"], deadlines=[_deadline("2024-03-31")]),
        Task("", "2", "Báo cáo kết quả", lead=["Sở Thông tin và truyền thông"], cooperating=["Sở Nội vụ"],
             deadlines=[_deadline("2024-05-05"), _deadline("2024-12-31")]),
        Task("", "3", "Tuyên truyền thường xuyên", lead=["Báo Bắc Giang"]),
        Task("", "4", "Báo cáo định kỳ", lead=["Sở Nội vụ"], recurring=True,
             deadlines=[_deadline(None, "recurring", "trước ngày 20 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=20")]),
        Task("", "5", "Triển khai từ năm 2024", lead=["Sở Y tế"], deadlines=[_deadline("2024-01-01", "from")]),
    ], "12/KH-UBND"))
    idx.add(_record(2, [Task("", "1", "Tổng hợp", lead=["UBND tỉnh"])], "30/BC-UBND", date="2024-04-01",
                    type_="Báo cáo", responds_to=["12/KH-UBND"]))
    yield idx
    idx.close()


def _ids(found):
    return [t.id.split("#")[1] for t in found.tasks]


def test_states_as_of_a_date(index):
    tracker = index.tracker
    as_of = dt.date(2024, 5, 2)
    rows = {t.ordinal: t for t in tracker.tasks(TaskQuery(as_of=as_of, document="12/KH-UBND")).tasks}
    assert rows["1"].state == "dang-thuc-hien-qua-han" and rows["1"].due == "2024-03-31"
    assert rows["2"].state == "sap-den-han" and rows["2"].due == "2024-05-05"   # earliest open deadline
    assert rows["3"].state == "khong-co-thoi-han"
    assert rows["4"].state == "dang-thuc-hien-trong-han" and rows["4"].due == "2024-05-20"
    assert rows["5"].state == "khong-co-thoi-han"                              # "từ năm 2024" is no due date
    later = {t.ordinal: t for t in tracker.tasks(TaskQuery(as_of=dt.date(2024, 6, 1), document="12/KH-UBND")).tasks}
    assert later["2"].due == "2024-12-31" and later["2"].state == "dang-thuc-hien-trong-han"
    assert later["4"].due == "2024-06-20"
    assert _ids(tracker.tasks(TaskQuery(as_of=as_of, overdue=True))) == ["1"]
    assert sorted(_ids(tracker.tasks(TaskQuery(as_of=as_of, due_soon=7)))) == ["2"]
    assert sorted(_ids(tracker.tasks(TaskQuery(as_of=as_of, due_soon=20)))) == ["2", "4"]
    assert sorted(_ids(tracker.tasks(TaskQuery(as_of=as_of, due_before="2024-05-10")))) == ["1", "2"]
    undated = tracker.tasks(TaskQuery(as_of=as_of, state="khong-co-thoi-han"))
    assert sorted((t.document_number, t.ordinal) for t in undated.tasks) == [
        ("12/KH-UBND", "3"), ("12/KH-UBND", "5"), ("30/BC-UBND", "1")]
    assert _ids(tracker.tasks(TaskQuery(as_of=as_of, state="sap-den-han"))) == ["2"]
    assert _ids(tracker.tasks(TaskQuery(as_of=as_of, state="dang-thuc-hien-trong-han"))) == ["4"]


def test_bodies_are_gathered_under_one_name_and_roles_kept_apart(index):
    q = lambda **kw: sorted(_ids(index.tracker.tasks(TaskQuery(as_of=dt.date(2024, 5, 2), **kw))))  # noqa: E731
    assert q(body="Sở Thông tin và Truyền thông") == ["1", "2"]
    assert q(body="Sở TT&TT", role="lead") == ["1", "2"]
    assert q(body="sở nội vụ", role="cooperating") == ["2"]
    assert q(body="Sở Nội vụ", role="lead") == ["4"]


def test_status_changes_are_recorded_with_history(index):
    tracker = index.tracker
    task_id = f"sha256:{1:064x}#1"
    tracker.set_status(task_id, "đang thực hiện", note="Đã giao phòng", author="lan", at=AT, as_of=dt.date(2024, 5, 2))
    tracker.set_status(task_id, "hoan-thanh", note="Xong", author="lan", at=AT, as_of=dt.date(2024, 5, 2),
                       completed_on=dt.date(2024, 4, 15))
    detail = tracker.task(task_id, dt.date(2024, 5, 2))
    assert [h.status for h in detail.history] == ["dang-thuc-hien", "hoan-thanh"]
    assert detail.task.state == "da-hoan-thanh-qua-han" and detail.task.completed_on == "2024-04-15"
    on_time = f"sha256:{1:064x}#2"
    tracker.set_status(on_time, "hoàn thành", note="", author="lan", at=AT, as_of=dt.date(2024, 5, 2))
    assert tracker.task(on_time, dt.date(2024, 5, 2)).task.state == "da-hoan-thanh-dung-han"
    assert sorted(_ids(tracker.tasks(TaskQuery(as_of=dt.date(2024, 5, 2), status="hoan-thanh")))) == ["1", "2"]
    assert _ids(tracker.tasks(TaskQuery(as_of=dt.date(2024, 5, 2), state="da-hoan-thanh-qua-han"))) == ["1"]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        with index.store.write() as conn:
            conn.execute("DELETE FROM task_history")


@pytest.mark.parametrize("args, error", [
    (("nope", "hoan-thanh"), NotFoundError),
    ((f"sha256:{1:064x}#1", "xong roi"), UsageError),
])
def test_bad_status_changes_write_nothing(index, args, error):
    with pytest.raises(error):
        index.tracker.set_status(*args, note="x", author="lan", at=AT, as_of=dt.date(2024, 5, 2))
    assert index.store.connection().execute("SELECT count(*) FROM task_history").fetchone()[0] == 0


def test_completion_date_and_note_are_checked(index):
    task_id = f"sha256:{1:064x}#1"
    kw = dict(author="lan", at=AT, as_of=dt.date(2024, 5, 2))
    with pytest.raises(UsageError, match="before the document"):
        index.tracker.set_status(task_id, "hoan-thanh", note="x", completed_on=dt.date(2023, 12, 1), **kw)
    with pytest.raises(UsageError, match="10,000"):
        index.tracker.set_status(task_id, "dang-thuc-hien", note="x" * 10_001, **kw)
    with pytest.raises(UsageError, match="reason"):
        index.tracker.set_status(task_id, "khong-thuc-hien", note="", **kw)
    assert index.store.connection().execute("SELECT count(*) FROM task_history").fetchone()[0] == 0


def test_reports_answering_a_directive_are_suggested_and_attached(index):
    task_id = f"sha256:{1:064x}#1"
    detail = index.tracker.task(task_id, dt.date(2024, 5, 2))
    assert [s["number"] for s in detail.suggestions] == ["30/BC-UBND"]
    index.tracker.attach(task_id, "30/BC-UBND", note="kết quả", author="lan", at=AT)
    detail = index.tracker.task(task_id, dt.date(2024, 5, 2))
    assert [e["number"] for e in detail.evidence] == ["30/BC-UBND"] and detail.suggestions == []


def test_history_survives_a_new_extraction_and_orphans_are_listed(index):
    tracker = index.tracker
    kept, dropped = f"sha256:{1:064x}#1", f"sha256:{1:064x}#3"
    for task_id in (kept, dropped):
        tracker.set_status(task_id, "dang-thuc-hien", note="x", author="lan", at=AT, as_of=dt.date(2024, 5, 2))
    # reprocessing changed the document: task 3 is now 3.a, task 1 unchanged
    index.add(_record(1, [Task("", "1", "Rà soát thủ tục hành chính", lead=["Sở TT&TT"]),
                          Task("", "3.a", "Tuyên truyền thường xuyên", lead=["Báo Bắc Giang"])], "12/KH-UBND"))
    assert tracker.task(kept, dt.date(2024, 5, 2)).task.status == "dang-thuc-hien"
    assert [o["task_id"] for o in tracker.orphans()] == [dropped]
    tracker.reattach(dropped, f"sha256:{1:064x}#3.a", author="lan", at=AT)
    moved = tracker.task(f"sha256:{1:064x}#3.a", dt.date(2024, 5, 2))
    assert moved.task.status == "dang-thuc-hien" and len(moved.history) == 1 and tracker.orphans() == []


def test_recurrence_and_due_rules():
    assert next_due("FREQ=MONTHLY;BYMONTHDAY=25", dt.date(2024, 1, 10), dt.date(2024, 3, 26)) == dt.date(2024, 4, 25)
    assert next_due("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=15", dt.date(2024, 1, 1), dt.date(2024, 4, 1)) == dt.date(2024, 6, 15)
    assert next_due("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20", dt.date(2024, 1, 1), dt.date(2024, 12, 21)) == dt.date(2025, 12, 20)
    assert next_due("FREQ=MONTHLY", dt.date(2024, 1, 1), dt.date(2024, 2, 3)) == dt.date(2024, 2, 29)
    assert current_due(["2024-03-31", "2024-12-31"], None, None, dt.date(2025, 1, 5)) == "2024-12-31"
    assert task_state("chua-thuc-hien", None, [], None, None, dt.date(2024, 1, 1)) == "khong-co-thoi-han"


def test_feeds(index):
    rows = index.tracker.tasks(TaskQuery(as_of=dt.date(2024, 5, 2))).tasks
    cal = Calendar.from_ical(task_calendar(rows, name="Nhiệm vụ", stamp=AT, base_url="https://x.gov.vn"))
    events = [c for c in cal.walk("VEVENT")]
    assert str(cal["X-WR-CALNAME"]) == "Nhiệm vụ"
    assert len(events) == 3  # tasks with a due date; "từ năm 2024" and the undated one have none
    first = next(e for e in events if "Rà soát" in str(e["SUMMARY"]))
    assert first["DTSTART"].dt == dt.date(2024, 3, 31) and first["DTEND"].dt == dt.date(2024, 4, 1)
    assert "12/KH-UBND" in str(first["SUMMARY"]) and "Sở Thông tin và Truyền thông" in str(first["SUMMARY"])
    recurring = next(e for e in events if "RRULE" in e)
    assert recurring["RRULE"]["FREQ"] == ["MONTHLY"]
    again = Calendar.from_ical(task_calendar(rows, name="Nhiệm vụ", stamp=AT + dt.timedelta(days=1)))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)
    sheet = load_workbook(io.BytesIO(task_workbook(rows, title="Theo dõi", as_of=dt.date(2024, 5, 2)))).active
    assert [c.value for c in sheet[4]][:3] == ["STT", "Văn bản", "Nhiệm vụ"]
    assert sheet.freeze_panes == "D5" and sheet.auto_filter.ref.startswith("A4:")
    overdue_row = next(r for r in sheet.iter_rows(min_row=5) if r[7].value == "đang thực hiện quá hạn")
    assert overdue_row[0].fill.fgColor.rgb.endswith("F8D7DA")
    data = task_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][0] == "STT" and len(table) == len(rows) + 1


def test_cli_tasks_and_set_status(index, tmp_path):
    home = str(tmp_path)
    run = lambda *a: CliRunner().invoke(main, ["--home", home, "--today", "2024-05-02", *a])  # noqa: E731
    result = run("tasks", "--overdue", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["total"] == 1 and payload["tasks"][0]["document_number"] == "12/KH-UBND"
    assert set(payload["tasks"][0]) >= {"id", "document_number", "ordinal", "text", "lead", "cooperating", "due",
                                        "rrule", "status", "state"}
    task_id = payload["tasks"][0]["id"]
    assert run("task", "set-status", task_id, "hoan-thanh", "--note", "Xong", "--by", "lan",
               "--date", "2024-04-30").exit_code == 0
    shown = json.loads(run("task", "show", task_id, "--json").output)
    assert shown["status"] == "hoan-thanh" and shown["history"][0]["author"] == "lan"
    bad = run("task", "set-status", task_id, "xong-roi", "--note", "x")
    assert bad.exit_code == 10 and bad.output.startswith("error: unknown status")
    assert run("task", "show", "nope").exit_code == 9
    out = tmp_path / "t.xlsx"
    assert run("export", "xlsx", "-o", str(out)).exit_code == 0 and out.stat().st_size > 1000
    unwritable = run("export", "csv", "-o", str(tmp_path / "no-such-folder" / "t.csv"))
    assert unwritable.exit_code == 10 and unwritable.output.startswith("error: cannot write ")
    assert unwritable.output.count("\n") == 1 and "Traceback" not in unwritable.output


@pytest.mark.slow
def test_bench_tracking_prints_every_row(tmp_path):
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main, ["bench", "tracking", "--records", "200", "--runs", "3", "--corpus-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for row in ("overdue list", "due-soon list", "per-body list", "status change", "export ICS", "export XLSX"):
        assert row in result.output
