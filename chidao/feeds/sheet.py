"""The tracking sheet: XLSX (openpyxl) laid out as provinces keep them — a title, the "as of"
date, then STT, document, task, lead, cooperating, due, status, state, latest note; a header
row with filters, frozen panes, set column widths, wrapped text, overdue rows marked — and the
same rows as CSV in UTF-8 with a byte-order mark, so Excel opens Vietnamese correctly."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from chidao.index.tracking import TaskRow

COLUMNS = [("STT", 6), ("Văn bản", 24), ("Nhiệm vụ", 60), ("Cơ quan chủ trì", 28), ("Cơ quan phối hợp", 28),
           ("Thời hạn", 12), ("Trạng thái", 16), ("Tình trạng", 22), ("Ghi chú mới nhất", 36)]
_OVERDUE = PatternFill("solid", fgColor="F8D7DA")
_SOON = PatternFill("solid", fgColor="FFF3CD")
_HEAD = PatternFill("solid", fgColor="DDE6F0")
_THIN = Side(style="thin", color="999999")
_BOX = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
_TOP = Alignment(vertical="top", wrap_text=True)


def _document(task: TaskRow) -> str:
    parts = [task.document_number or "(không số)"]
    if task.document_date:
        parts.append(_vn_date(task.document_date))
    return " ngày ".join(parts) + (f"\n{task.issuer}" if task.issuer else "")


def _vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    parts = iso.split("-")
    return "/".join(reversed(parts))


def _values(n: int, task: TaskRow) -> list:
    values = [n, _document(task), task.text, "; ".join(task.lead), "; ".join(task.cooperating),
              dt.date.fromisoformat(task.due) if task.due else None, task.status_label, task.state_label,
              task.note or ""]
    # control characters (a pasted note, OCR debris) are not allowed in a workbook cell
    return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]


def task_workbook(tasks: list[TaskRow], *, title: str, as_of: dt.date) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo dõi nhiệm vụ"
    write_task_sheet(ws, tasks, title=title, as_of=as_of)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_task_sheet(ws, tasks: list[TaskRow], *, title: str, as_of: dt.date) -> None:
    """The tracking sheet laid out on the worksheet `ws` (of a workbook that may hold others)."""
    last = get_column_letter(len(COLUMNS))
    ws["A1"] = title.upper()
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = f"Tính đến ngày {as_of.strftime('%d/%m/%Y')} — {len(tasks)} nhiệm vụ"
    ws["A2"].font = Font(italic=True)
    ws.merge_cells(f"A2:{last}2")
    header = 4
    for col, (name, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=header, column=col, value=name)
        cell.font, cell.fill = Font(bold=True), _HEAD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        ws.column_dimensions[get_column_letter(col)].width = width
    styles = _named_styles(ws.parent)  # one style per kind of cell: far faster than styling each cell
    for n, task in enumerate(tasks, start=1):
        row = header + n
        mark = "overdue" if task.state == "dang-thuc-hien-qua-han" else "soon" if task.state == "sap-den-han" else ""
        for col, value in enumerate(_values(n, task), start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.style = styles[(mark, isinstance(value, dt.date))]
    ws.auto_filter.ref = f"A{header}:{last}{header + max(1, len(tasks))}"
    ws.freeze_panes = ws.cell(row=header + 1, column=4)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"


def _named_styles(wb: Workbook) -> dict[tuple[str, bool], str]:
    names = {}
    for mark, fill in (("", None), ("overdue", _OVERDUE), ("soon", _SOON)):
        for is_date in (False, True):
            name = f"task-{mark or 'plain'}{'-date' if is_date else ''}"
            style = NamedStyle(name=name, alignment=_TOP, border=_BOX,
                               number_format="DD/MM/YYYY" if is_date else "General")
            if fill is not None:
                style.fill = fill
            if name not in wb.named_styles:  # a workbook of several sheets registers them once
                wb.add_named_style(style)
            names[(mark, is_date)] = name
    return names


def task_csv(tasks: list[TaskRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in COLUMNS])
    for n, task in enumerate(tasks, start=1):
        values = _values(n, task)
        values[5] = task.due or ""
        writer.writerow(values)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
