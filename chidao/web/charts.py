"""The dashboard's pictures, laid out here in Python as plain shapes (rectangles, lines, text
with their coordinates, CSS class and link); templates/_charts.html writes them as inline SVG
with autoescaping, so no name from a document is ever written unescaped, and no script draws
anything in the browser. Colours come from the stylesheet's state classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from chidao.index.tracking import STATES
from chidao.web.render import STATE_CLASS, vn_date
from chidao.web.stats import ALL_STATES, BodyBar, MonthBar


@dataclass
class Shape:
    kind: str                 # rect | line | text
    x: float
    y: float
    w: float = 0
    h: float = 0
    cls: str = ""
    text: str = ""
    title: str = ""
    href: str | None = None
    anchor: str = "start"


@dataclass
class Chart:
    width: int
    height: int
    title: str
    shapes: list[Shape] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)   # (css class, label)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def body_state_chart(bars: list[BodyBar], width: int = 960) -> Chart:
    """Stacked horizontal bars: one per body, its lead tasks by state."""
    label_w, row_h, gap, top = 300, 22, 8, 10
    height = top + len(bars) * (row_h + gap) + 30
    chart = Chart(width, max(height, 60), "Nhiệm vụ chủ trì theo tình trạng, theo đơn vị")
    chart.legend = [(f"st-{STATE_CLASS[s]}", STATES[s]) for s in ALL_STATES]
    biggest = max((b.total for b in bars), default=0) or 1
    scale = (width - label_w - 70) / biggest
    for i, bar in enumerate(bars):
        y = top + i * (row_h + gap)
        board = "/tasks?" + urlencode({"body": bar.body, "role": "lead"})
        chart.shapes.append(Shape("text", label_w - 8, y + row_h * 0.7, text=_clip(bar.body, 42), title=bar.body,
                                  href=board, anchor="end", cls="label"))
        x = label_w
        for state in ALL_STATES:
            n = bar.counts.get(state, 0)
            if not n:
                continue
            w = n * scale
            chart.shapes.append(Shape("rect", x, y, max(w, 1), row_h, cls=f"st-{STATE_CLASS[state]}",
                                      title=f"{bar.body}: {STATES[state]} — {n}",
                                      href="/tasks?" + urlencode({"body": bar.body, "role": "lead",
                                                                  "state": state})))
            x += w
        chart.shapes.append(Shape("text", x + 6, y + row_h * 0.7, text=str(bar.total), cls="value"))
    axis_y = top + len(bars) * (row_h + gap)
    chart.shapes.append(Shape("line", label_w, top - 4, 0, axis_y - top + 4, cls="axis"))
    return chart


def month_chart(months: list[MonthBar], as_of: dt.date, width: int = 960, height: int = 260) -> Chart:
    """Deadlines per month: stacked vertical bars (done, overdue, still to come) with the
    current month marked."""
    left, bottom, top = 44, 36, 14
    chart = Chart(width, height, "Thời hạn theo tháng")
    chart.legend = [("st-done", "đã hoàn thành"), ("st-overdue", "chưa hoàn thành, đã quá hạn"),
                    ("st-open", "chưa đến hạn")]
    if not months:
        return chart
    tick = _tick(max((m.total for m in months), default=0))
    biggest = tick * 4
    plot_h = height - top - bottom
    step = (width - left - 10) / len(months)
    bar_w = max(step * 0.7, 2)
    for k in range(0, 5):  # horizontal grid with values
        value = tick * k
        y = top + plot_h - plot_h * k / 4
        chart.shapes.append(Shape("line", left, y, width - left - 10, 0, cls="grid"))
        chart.shapes.append(Shape("text", left - 6, y + 4, text=str(value), cls="tick", anchor="end"))
    current = as_of.isoformat()[:7]
    for i, m in enumerate(months):
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h
        if m.month == current:
            chart.shapes.append(Shape("rect", left + i * step, top, step, plot_h, cls="today",
                                      title=f"Hôm nay: {vn_date(as_of.isoformat())}"))
        for count, cls, label in ((m.done, "st-done", "đã hoàn thành"), (m.overdue, "st-overdue", "quá hạn"),
                                  (m.open, "st-open", "chưa đến hạn")):
            if not count:
                continue
            h = plot_h * count / biggest
            y -= h
            chart.shapes.append(Shape("rect", x, y, bar_w, h, cls=cls, title=f"{vn_date(m.month)}: {label} — {count}"))
        if i % 2 == 0 or len(months) <= 13:
            chart.shapes.append(Shape("text", x + bar_w / 2, height - bottom + 16, text=_short_month(m.month),
                                      cls="tick", anchor="middle"))
    return chart


def _tick(biggest: int) -> int:
    """A round step (1, 2, 5 × 10ⁿ) so that four steps reach `biggest`."""
    need, base = max(1, -(-biggest // 4)), 1
    while True:
        for m in (1, 2, 5):
            if m * base >= need:
                return m * base
        base *= 10


def _short_month(month: str) -> str:
    return f"{month[5:7]}/{month[2:4]}"


__all__ = ["Chart", "Shape", "body_state_chart", "month_chart"]
