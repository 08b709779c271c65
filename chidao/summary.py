"""Human-readable summary of one record for the terminal (`chidao extract` without --json)."""

from __future__ import annotations

import html
import re

from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from chidao.record import Record


def print_record_summary(record: Record, console: Console | None = None) -> None:
    console = console or Console()
    doc = record.document
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    rows = [
        ("file", f"{record.source.path} ({record.source.media_type}, {record.source.pages} page(s))"),
        ("text", _text_line(record)),
        ("number", doc.number),
        ("type", doc.type),
        ("issuer", doc.issuer),
        ("date", doc.date),
        ("subject", doc.subject),
        ("signer", doc.signer and ", ".join(x for x in (doc.signer.capacity, doc.signer.title, doc.signer.name) if x)),
        ("references", ", ".join(r.number for r in doc.references)),
    ]
    for label, value in rows:
        head.add_row(label, value or "—")
    console.print(head)
    if not record.tasks:
        console.print("[dim]no tasks found[/dim]")
        return
    tasks = Table(title=f"{len(record.tasks)} task(s)", show_lines=False)
    tasks.add_column("#", no_wrap=True)
    tasks.add_column("task", ratio=5)
    tasks.add_column("lead", ratio=2)
    tasks.add_column("cooperating", ratio=2)
    tasks.add_column("due", ratio=2)
    for task in record.tasks:
        lead = "; ".join(task.lead) + (" (implicit)" if task.implicit_lead and task.lead else "")
        due = "\n".join(f"{d.kind} {d.due or d.raw}" for d in task.deadlines)
        if task.recurring and not due:
            due = "recurring"
        tasks.add_row(task.ordinal, _clip(task.text, 120), lead or "—", "; ".join(task.cooperating) or "—", due or "—")
    console.print(tasks)


def _text_line(record: Record) -> str:
    text = record.text
    parts = [text.method]
    if text.restored:
        parts.append("restored")
    if text.ocr_confidence is not None:
        parts.append(f"OCR confidence {text.ocr_confidence:.2f}")
    parts.append(f"{len(text.content):,} chars")
    return ", ".join(parts)


def _clip(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def print_search_result(result, query, console: Console | None = None) -> None:
    """Hits (number, type, date, issuer, subject and snippet), then the facets."""
    console = console or Console()
    first, last = query.offset + 1, query.offset + len(result.hits)
    console.print(f"{result.total} document(s)" + (f", {first}–{last} shown" if result.hits else ""),
                  style="bold", highlight=False)
    for hit in result.hits:
        head = " · ".join(x for x in (hit.number, hit.type, hit.date, hit.issuer) if x)
        console.print(RichText("\n" + (head or hit.id), style="bold cyan"), highlight=False)
        if hit.subject:
            console.print(RichText(hit.subject), highlight=False)
        console.print(snippet_text(hit.snippet), highlight=False)
    for name, values in result.facets.items():
        if values:
            console.print(RichText(f"\n{name}: ", style="bold") + RichText(
                ", ".join(f"{v} ({n})" for v, n in values[:8])), highlight=False)


def snippet_text(snippet: str) -> RichText:
    """A search snippet's <mark> tags as reverse video; the rest unescaped, dimmed."""
    out = RichText(style="dim")
    for i, piece in enumerate(re.split(r"</?mark>", snippet)):
        out.append(html.unescape(piece), style="reverse" if i % 2 else "")
    return out


def print_tasks(found, as_of, console: Console | None = None) -> None:
    """One short block a task (document · ordinal · due · state, who leads, the work), so the
    list reads at any terminal width; `chidao task show ID` has the whole task."""
    console = console or Console()
    console.print(f"{found.total} task(s) as of {as_of.strftime('%d/%m/%Y')}", style="bold", highlight=False)
    styles = {"dang-thuc-hien-qua-han": "bold red", "sap-den-han": "yellow", "da-hoan-thanh-dung-han": "green",
              "da-hoan-thanh-qua-han": "green", "dang-thuc-hien-trong-han": "blue"}
    for t in found.tasks:
        head = RichText(f"\n{t.document_number or 'không số'} · {t.ordinal}", style="bold cyan")
        head.append(f" · hạn {_vn_date(t.due)}" if t.due else " · không có thời hạn")
        head.append(f" · {t.state_label}", style=styles.get(t.state, ""))
        console.print(head, highlight=False)
        who = "; ".join(t.lead) or "—"
        console.print(RichText(f"Chủ trì: {who}" + (f" · Phối hợp: {'; '.join(t.cooperating)}" if t.cooperating else ""),
                               overflow="ellipsis"), no_wrap=True, highlight=False)
        console.print(RichText(_clip(t.text, 3 * max(40, console.width) - 10), style="dim"), highlight=False)
        console.print(RichText(t.id, style="dim italic"), no_wrap=True, highlight=False)
    if found.total > len(found.tasks):
        console.print(f"\n[dim]{found.total - len(found.tasks)} more: --limit, or narrow with --body/--status[/dim]")


def _vn_date(iso: str) -> str:
    return "/".join(reversed(iso.split("-")))


def print_task_detail(detail, console: Console | None = None) -> None:
    console = console or Console()
    t = detail.task
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in (("task", t.id), ("document", f"{t.document_number or '—'} ({t.document_type or ''}, "
                                                      f"{t.document_date or ''})"),
                         ("text", t.text), ("lead", "; ".join(t.lead)), ("cooperating", "; ".join(t.cooperating)),
                         ("deadlines", "; ".join(f"{d['raw']} → {d['due'] or d['kind']}" for d in t.deadlines)),
                         ("due", t.due), ("recurrence", t.rrule), ("status", t.status_label),
                         ("state", t.state_label)):
        grid.add_row(label, RichText(value or "—"))
    console.print(grid)
    for h in detail.history:
        console.print(RichText(f"  {h.at}  {h.author}: {h.status_label}"
                               + (f" ({h.completed_on})" if h.completed_on else "") + (f" — {h.note}" if h.note else "")))
    for e in detail.evidence:
        console.print(RichText(f"  evidence: {e['number'] or e['report_id']} {e['subject'] or ''}"))
    for s in detail.suggestions:
        console.print(RichText(f"  suggested report: {s['number']} ({s['date']}) {s['subject'] or ''}", style="dim"))
