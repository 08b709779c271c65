"""Feeds for trackers: the tasks as an iCalendar feed (calendar apps subscribe to it), and as a
spreadsheet (XLSX laid out like a provincial tracking sheet, CSV for anything else).

Public names: task_calendar(tasks, …) -> bytes, task_workbook(tasks, …) -> bytes, write_task_sheet(ws,
tasks, …) (the same sheet on a worksheet of a larger workbook),
task_csv(tasks, …) -> bytes, COLUMNS."""

from chidao.feeds.ics import task_calendar
from chidao.feeds.sheet import COLUMNS, task_csv, task_workbook, write_task_sheet

__all__ = ["COLUMNS", "task_calendar", "task_csv", "task_workbook", "write_task_sheet"]
