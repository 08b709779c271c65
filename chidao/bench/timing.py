"""Small helpers the benchmarks share: wall-clock timing and percentiles."""

from __future__ import annotations

import statistics
import time
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """fn() and the wall-clock seconds it took."""
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def percentile(values: Sequence[float], q: int) -> float:
    """The q-th percentile (1–99), interpolated between the measured values."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def p50_p95_ms(seconds: Sequence[float]) -> tuple[float, float]:
    return 1000 * percentile(seconds, 50), 1000 * percentile(seconds, 95)


def fmt_ms(value: float) -> str:
    return "—" if value != value else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def fmt_rate(per_second: float) -> str:
    return f"{per_second:,.0f}"
