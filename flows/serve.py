"""Schedules: the inbox every N minutes and the digest daily at HH:MM, as Prefect deployments
served from this process (`flow.serve`). Everything a run needs travels as parameters: the
settings (without the reference date unless one was fixed, so each run uses its own day),
the task runner choice, the inbox options."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from prefect.schedules import Cron, Interval
from prefect.types.entrypoint import EntrypointType

from chidao.flows.digest import digest_flow
from chidao.flows.inbox import inbox_flow


def inbox_deployment(inbox: str, settings: dict, every_minutes: float, settle_s: float = 5.0,
                     runner: dict | None = None):
    name = f"inbox-{Path(inbox).name or 'root'}"
    return inbox_flow.to_deployment(
        name=name, schedule=Interval(dt.timedelta(minutes=every_minutes)),
        parameters={"inbox": str(Path(inbox).resolve()), "settings": settings, "settle_s": settle_s,
                    "runner": runner or {}},
        description=f"ingest what settles in {inbox} every {every_minutes:g} min",
        entrypoint_type=EntrypointType.MODULE_PATH)


def digest_deployment(settings: dict, at: str, webhook: str | None = None, soon_days: int = 7,
                      timezone: str | None = None):
    hour, minute = (int(x) for x in at.split(":"))
    return digest_flow.to_deployment(
        name="digest-daily", schedule=Cron(f"{minute} {hour} * * *", timezone=timezone or local_timezone()),
        parameters={"settings": settings, "webhook": webhook, "soon_days": soon_days},
        description=f"deadline digest every day at {at}", entrypoint_type=EntrypointType.MODULE_PATH)


def serve(*deployments) -> None:
    """Run the schedules until interrupted (Ctrl-C)."""
    from prefect import serve as prefect_serve

    prefect_serve(*deployments, limit=1)


def local_timezone() -> str:
    """This machine's IANA time zone (cron times are wall-clock times here), else UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if "/" in tz:
        return tz
    try:
        return Path("/etc/timezone").read_text().strip() or "UTC"
    except OSError:
        pass
    target = os.path.realpath("/etc/localtime")
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "UTC"
