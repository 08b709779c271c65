"""Tracking commands: tasks, task show / set-status / attach / orphans / reattach, export."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from pathlib import Path

import click

from chidao.cli import config_of, main
from chidao.errors import UsageError

STATUS_HELP = "chua-thuc-hien, dang-thuc-hien, hoan-thanh, khong-thuc-hien (or in Vietnamese)"


def _as_of(ctx: click.Context, as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else config_of(ctx).reference_date


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).astimezone()


def _query(ctx, as_of, **filters):
    from chidao.index import TaskQuery
    from chidao.index.tracking import state_slug, status_slug

    if filters.get("status"):
        filters["status"] = status_slug(filters["status"])
    if filters.get("state"):
        filters["state"] = state_slug(filters["state"])
    if filters.get("due_before"):
        from chidao.index.query import _iso

        filters["due_before"] = _iso(filters["due_before"], "due_before", end=True)
    return TaskQuery(as_of=_as_of(ctx, as_of), **filters)


def _task_json(row) -> dict:
    keys = ("id", "document_number", "document_id", "ordinal", "text", "lead", "cooperating", "due", "rrule",
            "status", "state", "state_label", "completed_on", "note")
    return {k: getattr(row, k) for k in keys}


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print an object with `tasks` as JSON.")
@click.option("--overdue", is_flag=True, help="Unfinished tasks past their last deadline.")
@click.option("--due-soon", type=click.IntRange(0, 366), is_flag=False, flag_value=7, default=None,
              metavar="[DAYS]", help="Unfinished tasks due within DAYS (default 7).")
@click.option("--due-before", metavar="DATE", help="Unfinished tasks due on or before DATE (overdue ones too).")
@click.option("--body", help="Tasks of this body, any spelling (lead or cooperating).")
@click.option("--role", type=click.Choice(["lead", "cooperating"]), help="With --body: only this role.")
@click.option("--status", help=f"Recorded status: {STATUS_HELP}.")
@click.option("--state", help="State as of the date, e.g. dang-thuc-hien-qua-han, sap-den-han.")
@click.option("--document", metavar="NUMBER", help="Tasks of one document (number as printed, or record id).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="The day states are computed for (default --today).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@click.pass_context
def tasks(ctx, as_json, overdue, due_soon, due_before, body, role, status, state, document, as_of, limit) -> None:
    """List extracted tasks with their lead, due date, status and state.

    \b
    Example:
      chidao tasks --overdue --body "Sở Nội vụ"
      chidao tasks --due-soon 14 --json
    """
    from chidao.index import open_index
    from chidao.summary import print_tasks

    q = _query(ctx, as_of, overdue=overdue, due_soon=due_soon, due_before=due_before, body=body, role=role,
               status=status, state=state, document=document, limit=limit)
    with open_index(config_of(ctx)) as index:
        found = index.tracker.tasks(q)
    if as_json:
        click.echo(json.dumps({"as_of": q.as_of.isoformat(), "total": found.total,
                               "tasks": [_task_json(t) for t in found.tasks]}, ensure_ascii=False, indent=2))
    else:
        print_tasks(found, q.as_of)


@main.group()
def task() -> None:
    """One task: show it with its history, change its status, attach a report."""


@task.command(name="show")
@click.argument("task_id")
@click.option("--json", "as_json", is_flag=True, help="Print the task and its history as JSON.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="The day the state is computed for.")
@click.pass_context
def task_show(ctx, task_id: str, as_json: bool, as_of) -> None:
    """Show a task, its state, its history and its evidence.

    \b
    Example:
      chidao task show 'sha256:2d25…#3'
    """
    from chidao.index import open_index
    from chidao.summary import print_task_detail

    with open_index(config_of(ctx)) as index:
        detail = index.tracker.task(task_id, _as_of(ctx, as_of))
    if as_json:
        click.echo(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_task_detail(detail)


@task.command(name="set-status")
@click.argument("task_id")
@click.argument("status")
@click.option("--note", required=True, help="What changed (the reason, for khong-thuc-hien).")
@click.option("--by", "author", default=None, help="Who records it (default: your user name).")
@click.option("--date", "completed_on", type=click.DateTime(["%Y-%m-%d"]),
              help="Completion date, for hoan-thanh (default: --today).")
@click.pass_context
def task_set_status(ctx, task_id: str, status: str, note: str, author: str | None, completed_on) -> None:
    """Record a task's new STATUS: chua-thuc-hien, dang-thuc-hien, hoan-thanh (with --date),
    khong-thuc-hien (the note is the reason), or the same in Vietnamese.

    \b
    Example:
      chidao task set-status 'sha256:2d25…#3' hoan-thanh --note "Đã ban hành Kế hoạch 12/KH" --date 2024-03-20
    """
    from chidao.index import open_index

    with open_index(config_of(ctx)) as index:
        entry = index.tracker.set_status(task_id, status, note=note, author=author or getpass.getuser(), at=_now(),
                                         as_of=config_of(ctx).reference_date,
                                         completed_on=completed_on.date() if completed_on else None)
    click.echo(f"{task_id}: {entry.status_label}" + (f" ({entry.completed_on})" if entry.completed_on else ""))


@task.command(name="attach")
@click.argument("task_id")
@click.argument("report")
@click.option("--note", default="", help="Why this report is evidence.")
@click.option("--by", "author", default=None, help="Who records it (default: your user name).")
@click.pass_context
def task_attach(ctx, task_id: str, report: str, note: str, author: str | None) -> None:
    """Attach an archived REPORT (number or record id) to a task as evidence.

    \b
    Example:
      chidao task attach 'sha256:2d25…#3' 78/BC-UBND --note "Báo cáo kết quả quý I"
    """
    from chidao.index import open_index

    with open_index(config_of(ctx)) as index:
        index.tracker.attach(task_id, report, note=note, author=author or getpass.getuser(), at=_now())
    click.echo(f"{task_id}: attached {report}")


@task.command(name="orphans")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def task_orphans(ctx, as_json: bool) -> None:
    """List tracked history of tasks a newer extraction no longer has.

    \b
    Example:
      chidao task orphans
    """
    from chidao.index import open_index

    with open_index(config_of(ctx)) as index:
        found = index.tracker.orphans()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for o in found:
        click.echo(f"{o['task_id']}\t{o['status']}\t{o['changes']} change(s)\t{(o['task_text'] or '')[:80]}")
    click.echo(f"{len(found)} orphaned task(s)")


@task.command(name="reattach")
@click.argument("old_id")
@click.argument("new_id")
@click.option("--by", "author", default=None, help="Who records it (default: your user name).")
@click.pass_context
def task_reattach(ctx, old_id: str, new_id: str, author: str | None) -> None:
    """Carry an orphan's history and status over to the task NEW_ID.

    \b
    Example:
      chidao task reattach 'sha256:2d25…#3' 'sha256:2d25…#3.a'
    """
    from chidao.index import open_index

    with open_index(config_of(ctx)) as index:
        index.tracker.reattach(old_id, new_id, author=author or getpass.getuser(), at=_now())
    click.echo(f"{old_id} → {new_id}")


@main.command()
@click.argument("kind", type=click.Choice(["ics", "csv", "xlsx"]))
@click.option("--body", help="Only the tasks of this body (lead or cooperating).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="The day states are computed for.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: stdout).")
@click.pass_context
def export(ctx, kind: str, body: str | None, as_of, output: Path | None) -> None:
    """Export tasks as a calendar (ics), a spreadsheet (xlsx) or CSV (UTF-8 with BOM).

    \b
    Example:
      chidao export xlsx -o theo-doi.xlsx
      chidao export ics --body "Sở Nội vụ" -o so-noi-vu.ics
    """
    from chidao.feeds import task_calendar, task_csv, task_workbook
    from chidao.index import open_index

    q = _query(ctx, as_of, body=body, limit=1_000_000)
    with open_index(config_of(ctx)) as index:
        rows = index.tracker.page(q)
    title = f"Nhiệm vụ của {body}" if body else "Theo dõi tình hình thực hiện nhiệm vụ"
    if kind == "ics":
        data = task_calendar(rows, name=title, stamp=_now())
    elif kind == "xlsx":
        data = task_workbook(rows, title=title, as_of=q.as_of)
    else:
        data = task_csv(rows)
    if output:
        try:
            output.write_bytes(data)
        except OSError as err:
            raise UsageError(f"cannot write {output}: {err.strerror or err}") from err
        click.echo(f"{output}: {len(rows)} task(s)", err=True)
    elif kind == "xlsx" and sys.stdout.isatty():
        raise click.UsageError("an XLSX file is binary: give -o FILE")
    else:
        sys.stdout.buffer.write(data)
