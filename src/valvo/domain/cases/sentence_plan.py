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
     "activity_hours_justification": null}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from valvo.domain.law.calendar import parse_clock, parse_date, parse_local_datetime
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.plan import MAX_PLAN_DAYS, Plan, PlanError, PlanKind
from valvo.domain.law.plan_check import check_plan
from valvo.domain.law.policy import LawPolicy
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, TimezoneError, zone
from valvo.domain.schedule.weekly import LocalInterval, Purpose

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
_KEYS = {"timezone", "start", "end", "items", "weekly", "one_off", "activity_hours_justification"}
_WEEKLY_KEYS = {"weekday", "start", "end", "purpose", "justification"}
_ONE_OFF_KEYS = {"start", "end", "purpose", "justification"}


@dataclass(frozen=True, slots=True)
class WeeklyEntry:
    """Every week on ``weekday`` (0 = Monday) from ``start`` to ``end``; an end at or before the
    start wraps past midnight."""

    weekday: int
    start: time
    end: time
    purpose: Purpose
    justification: str | None = None

    def occurrence(self, day: date) -> tuple[datetime, datetime]:
        end_day = day if self.end > self.start else day + DAY
        return datetime.combine(day, self.start), datetime.combine(end_day, self.end)


@dataclass(frozen=True, slots=True)
class SentencePlan:
    timezone: str
    start: date  # first day the plan covers (§6: the sentence's start date)
    end: date  # last day it covers (§6: the end date)
    items: Mapping[str, str]
    weekly: tuple[WeeklyEntry, ...]
    one_off: tuple[LocalInterval, ...]
    activity_hours_justification: str | None = None

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
                if entry.weekday != day.weekday():
                    continue
                start, end = entry.occurrence(day)
                end = min(end, end_instant)
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
    doc = _object(data, "the plan", _KEYS, ("start", "end", "items", "weekly"))
    timezone = _text(doc.get("timezone", DEFAULT_TIMEZONE), "timezone")
    try:
        zone(timezone)
    except TimezoneError as exc:
        raise _invalid("timezone", str(exc)) from None
    start = parse_date(_text(doc["start"], "start"), "start")
    end = parse_date(_text(doc["end"], "end"), "end")
    if (end - start).days > MAX_PLAN_DAYS:
        raise _invalid("end", f"the plan covers {(end - start).days + 1} days; at most ten years")
    raw_items = _object(doc["items"], "items", set(ITEMS), ())
    items = {key: _optional(value, f"items.{key}") or "" for key, value in raw_items.items()}
    weekly = tuple(_weekly(raw, f"weekly[{i}]") for i, raw in enumerate(_list(doc, "weekly")))
    one_off: list[LocalInterval] = []
    errors: list[PlanError] = []
    for i, raw in enumerate(_list(doc, "one_off")):
        interval = _one_off(raw, f"one_off[{i}]")
        if isinstance(interval, PlanError):
            errors.append(interval)
        else:
            one_off.append(interval)
    plan = SentencePlan(
        timezone=timezone,
        start=start,
        end=end,
        items=items,
        weekly=weekly,
        one_off=tuple(one_off),
        activity_hours_justification=_optional(
            doc.get("activity_hours_justification"), "activity_hours_justification"
        ),
    )
    return plan, tuple(errors)


def check_sentence_plan_data(data: object, policy: LawPolicy) -> tuple[PlanError, ...]:
    plan, errors = read_sentence_plan(data)
    return errors + plan.check(policy)


def _weekly(data: object, where: str) -> WeeklyEntry:
    raw = _object(data, where, _WEEKLY_KEYS, ("weekday", "start", "end", "purpose"))
    weekday = raw["weekday"]
    if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
        raise _invalid(f"{where}.weekday", f"{weekday!r} is not 0 (Monday) to 6 (Sunday)")
    start = parse_clock(_text(raw["start"], f"{where}.start"), f"{where}.start")
    end = parse_clock(_text(raw["end"], f"{where}.end"), f"{where}.end")
    if start == end:
        raise _invalid(where, "a window from a time to the same time has no length")
    return WeeklyEntry(
        weekday, start, end, _purpose(raw, where), _optional(raw.get("justification"), where)
    )


def _one_off(data: object, where: str) -> LocalInterval | PlanError:
    raw = _object(data, where, _ONE_OFF_KEYS, ("start", "end", "purpose"))
    purpose = _purpose(raw, where)
    start = parse_local_datetime(_text(raw["start"], f"{where}.start"), f"{where}.start")
    end = parse_local_datetime(_text(raw["end"], f"{where}.end"), f"{where}.end")
    if end <= start:
        return PlanError(
            "interval_ends_before_start",
            f"{where} ({purpose.value}) ends at {end:%Y-%m-%d %H:%M}, not after its start "
            f"{start:%Y-%m-%d %H:%M}",
        )
    return LocalInterval(start, end, purpose, _optional(raw.get("justification"), where))


def _purpose(raw: Mapping[str, object], where: str) -> Purpose:
    text = _text(raw["purpose"], f"{where}.purpose")
    try:
        return Purpose(text)
    except ValueError:
        choices = ", ".join(p.value for p in Purpose)
        raise _invalid(f"{where}.purpose", f"{text!r} is not one of {choices} (R31)") from None


def _object(
    data: object, where: str, allowed: set[str], required: tuple[str, ...]
) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise _invalid(where, "must be a JSON object")
    missing = [key for key in required if key not in data]
    if missing:
        raise _invalid(where, f"missing key {', '.join(repr(k) for k in missing)}")
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise _invalid(where, f"unknown key {', '.join(repr(k) for k in unknown)}")
    return data


def _list(doc: Mapping[str, object], key: str) -> list[object]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise _invalid(key, "must be a list")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _invalid(where, "must be a string")
    return value


def _optional(value: object, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _invalid(where: str, reason: str) -> LawInputError:
    return LawInputError("invalid_plan", f"{where}: {reason}")
