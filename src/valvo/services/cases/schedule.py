"""What a case makes the engine enforce: its schedule compiled into the order's ``schedules``
row through ``registry.set_schedule`` (which notes a rule change, so the engine recompiles).

A monitoring sentence: the plan's weekly windows and one-off intervals (R22, R23), plus the §12
exemptions KHL granted (R30). A travel ban: presence is required only inside the daily locality
window (PKL 2:3.3), so the weekly windows are its complement; without a locality obligation the
whole day is free movement inside the area; minor deviations the police granted (PKL 2:11;
R115) open one-off windows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from valvo.domain.cases.sentence_plan import read_sentence_plan
from valvo.domain.law.calendar import parse_clock
from valvo.services import registry
from valvo.services.cases.common import SENTENCE
from valvo.services.ports import UnitOfWork

MIDNIGHT = time(0)
NOON = time(12)


def ban_weekly(locality_start: str | None, locality_end: str | None) -> list[dict[str, Any]]:
    """Every day outside the locality window is free; with no window, the whole day (two
    12-hour windows, since a window from a time to the same time has no length)."""
    if locality_start is None or locality_end is None:
        spans = [(MIDNIGHT, NOON), (NOON, MIDNIGHT)]
    else:
        start = parse_clock(locality_start, "locality_window.start")
        end = parse_clock(locality_end, "locality_window.end")
        spans = [(end, start)]
    return [
        {"weekday": day, "start": f"{a:%H:%M}", "end": f"{b:%H:%M}", "purpose": "personal"}
        for day in range(7)
        for a, b in spans
    ]


def exemption_windows(uow: UnitOfWork, case_id: str) -> list[dict[str, Any]]:
    return [
        {"start": row["start"], "end": row["end"], "purpose": "exemption"}
        for row in uow.cases.find("case_exemptions", case_id=case_id)
    ]


def compile_schedule(
    uow: UnitOfWork,
    case: Mapping[str, Any],
    actor: str,
    now: datetime,
    reason: str,
    plan_content: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the schedule the engine enforces for this case's order (from ``plan_content``, or
    the latest plan version); returns the schedules row."""
    if case["order_id"] is None:
        raise LookupError(f"case {case['id']} has no order yet")
    if case["type"] == SENTENCE:
        if plan_content is None:
            plans = uow.cases.find("case_plans", case_id=case["id"])
            plan_content = plans[-1]["content"] if plans else None
        weekly: list[dict[str, Any]] = []
        one_off: list[dict[str, Any]] = []
        if plan_content is not None:
            plan, _ = read_sentence_plan(dict(plan_content))
            weekly, one_off = plan.schedule_entries()
    else:
        ban = uow.cases.get("travel_bans", case["id"])
        assert ban is not None
        weekly, one_off = ban_weekly(ban["locality_start"], ban["locality_end"]), []
    return registry.set_schedule(
        uow,
        actor,
        now,
        order_id=case["order_id"],
        weekly=weekly,
        one_off=[*one_off, *exemption_windows(uow, case["id"])],
        reason=reason,
    )
