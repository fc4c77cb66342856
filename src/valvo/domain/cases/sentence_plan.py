"""The implementation plan of a monitoring sentence and its weekly schedule (§6; R19–R26).

The plan holds the eight §6 items (R20) as text, the period it covers, and the weekly schedule
(R22): recurring windows (weekday, start, end, purpose) and one-off intervals, every one with a
purpose (R31). The law's checks (activity 10–40 h a week, none at night without a reason) run on
the schedule expanded over the period, with the same ``check_plan`` as ``valvo law check-plan``.
The weekly schedule is also what the engine enforces: ``schedule_entries`` gives the registry's
weekly and one-off rows (R23).

JSON form (stored as each plan version's content, and what the plan editor sends)::

    {"timezone": "Europe/Helsinki", "start": "2025-03-03", "end": "2025-05-01",
     "items": {"abode": ..., "activity": ..., "monitoring": ..., "abode_timing": ...,
               "movement": ..., "support": ..., "personal_time": ..., "other": ...},
     "weekly": [{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity",
                 "justification": null}],
     "one_off": [{"purpose": "personal", "start": "2025-03-05T10:00", "end": "2025-03-05T12:00"}],
     "activity_hours_justification": null, "work_or_study_included": null}

``work_or_study_included`` (R27) says whether the work or study place the report found
(``existing_work_or_study``) is part of the activity obligation; ``work_or_study_flag`` says
what the supervisor still has to do about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from valvo.domain.law.plan import Plan, PlanError, PlanKind
from valvo.domain.law.plan_check import check_plan
from valvo.domain.law.plan_reader import (
    invalid,
    read_intervals,
    read_object,
    read_optional_string,
    read_period,
    read_timezone,
    read_weekly_windows,
)
from valvo.domain.law.policy import LawPolicy
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE
from valvo.domain.schedule.weekly import LocalInterval, WeeklyWindow

DAY = timedelta(days=1)

# §6.1 items 1–8 (R20), in the order of the Act; the abode obligation's timing is item 4.
ITEMS: Mapping[str, str] = {
    "abode": "item 1, the dwelling or other place (abode)",
    "activity": "item 2, the activity obligation's content and travel times",
    "monitoring": "item 3, the monitoring and the technical devices",
    "abode_timing": "item 4, the duration and timing of the abode obligation",
    "movement": "item 5, movement outside the dwelling and the activity place",
    "support": "item 6, the support measures",
    "personal_time": "item 7, time for personal business and rehabilitation-supporting activity",
    "other": "item 8, other conditions necessary for enforcement",
}
_KEYS = {
    "timezone",
    "start",
    "end",
    "items",
    "weekly",
    "one_off",
    "activity_hours_justification",
    "work_or_study_included",
}


@dataclass(frozen=True, slots=True)
class SentencePlan:
    timezone: str
    start: date  # first day the plan covers (§6: the sentence's start date)
    end: date  # last day it covers (§6: the end date)
    items: Mapping[str, str]
    weekly: tuple[WeeklyWindow, ...]
    one_off: tuple[LocalInterval, ...]
    activity_hours_justification: str | None = None
    work_or_study_included: bool | None = None  # R27: the report's work or study place

    def missing_items(self) -> tuple[PlanError, ...]:
        """R20: a plan is confirmable only with every §6 item written."""
        return tuple(
            PlanError("plan_item_missing", f"{label} is missing (§6, R20)")
            for key, label in ITEMS.items()
            if not (self.items.get(key) or "").strip()
        )

    def intervals(self) -> tuple[LocalInterval, ...]:
        """The weekly windows on each day of the period (cut at its end) and the one-offs."""
        found: list[LocalInterval] = []
        day = self.start
        end_instant = datetime.combine(self.end + DAY, time(0))
        while day <= self.end:
            for entry in self.weekly:
                for start, occurrence_end in entry.occurrences(day, day):
                    end = min(occurrence_end, end_instant)
                    if end > start:
                        found.append(LocalInterval(start, end, entry.purpose, entry.justification))
            day += DAY
        return (*found, *self.one_off)

    def law_plan(self) -> Plan:
        return Plan(
            kind=PlanKind.MONITORING_SENTENCE,
            timezone=self.timezone,
            start=self.start,
            end=self.end,
            intervals=self.intervals(),
            activity_hours_justification=self.activity_hours_justification,
        )

    def check(self, policy: LawPolicy) -> tuple[PlanError, ...]:
        """Every §6 item (R20) and the schedule rules of ``check_plan`` (R24, R25, R31)."""
        return self.missing_items() + check_plan(self.law_plan(), policy)

    def schedule_entries(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The registry's weekly and one-off rows: what the engine enforces (R23)."""
        weekly = [
            {
                "weekday": e.weekday,
                "start": e.start.strftime("%H:%M"),
                "end": e.end.strftime("%H:%M"),
                "purpose": e.purpose.value,
            }
            for e in self.weekly
        ]
        one_off = [
            {"start": i.start.isoformat(), "end": i.end.isoformat(), "purpose": i.purpose.value}
            for i in self.one_off
        ]
        return weekly, one_off


def read_sentence_plan(data: object) -> tuple[SentencePlan, tuple[PlanError, ...]]:
    """The plan in ``data`` (parsed JSON) and the one-off intervals that could not be kept
    (ending before they start); anything that is not a plan raises ``LawInputError``."""
    doc = read_object(data, "the plan", _KEYS, ("start", "end", "items", "weekly"))
    timezone = read_timezone(doc.get("timezone", DEFAULT_TIMEZONE))
    start, end = read_period(doc)
    raw_items = read_object(doc["items"], "items", set(ITEMS), ())
    items = {
        key: read_optional_string(value, f"items.{key}") or "" for key, value in raw_items.items()
    }
    weekly = read_weekly_windows(doc["weekly"], "weekly")
    one_off, errors = read_intervals(doc.get("one_off", []), "one_off")
    plan = SentencePlan(
        timezone=timezone,
        start=start,
        end=end,
        items=items,
        weekly=weekly,
        one_off=one_off,
        activity_hours_justification=read_optional_string(
            doc.get("activity_hours_justification"), "activity_hours_justification"
        ),
        work_or_study_included=_optional_bool(
            doc.get("work_or_study_included"), "work_or_study_included"
        ),
    )
    return plan, errors


def _optional_bool(value: object, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise invalid(where, "must be true, false or null")


def work_or_study_flag(existing: str | None, plan: Mapping[str, Any] | None) -> str | None:
    """R27 (7.1.2): a work or study place that existed when the report was made is flagged for
    the activity obligation: ``None`` when the report found none, ``to_include`` until a plan
    says it is included, ``included``, or ``left_out`` when the plan says it is not."""
    if not (existing or "").strip():
        return None
    included = None if plan is None else plan.get("work_or_study_included")
    if included is True:
        return "included"
    if included is False:
        return "left_out"
    return "to_include"


def check_sentence_plan_data(data: object, policy: LawPolicy) -> tuple[PlanError, ...]:
    plan, errors = read_sentence_plan(data)
    return errors + plan.check(policy)
