"""The one strict reader of a plan's JSON: the law plan (``valvo law check-plan``), the
monitoring sentence's plan (``domain/cases/sentence_plan.py``) and the registry's stored weekly
plan (``services/registry.parse_schedule``, what the engine enforces) share its pieces.

A weekly window is ``{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM", "purpose",
"justification"?, "place_id"?}`` (an end at or before the start wraps past midnight); a one-off
interval is ``{"purpose", "start": "YYYY-MM-DDTHH:MM[:SS]", "end", "justification"?,
"place_id"?}`` in local wall-clock time. Data that is not a plan raises ``LawInputError``
(code ``invalid_plan``, or the calendar's ``invalid_date``/``invalid_time``/``invalid_datetime``);
a one-off interval that ends before it starts is a ``PlanError`` the callers keep or refuse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum

from valvo.domain.law.calendar import parse_clock, parse_date, parse_local_datetime
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.plan import MAX_PLAN_DAYS, LocalityWindow, Plan, PlanError, PlanKind
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, TimezoneError, zone
from valvo.domain.schedule.weekly import LocalInterval, Purpose, Schedule, WeeklyWindow

_PLAN_KEYS = {
    "kind",
    "timezone",
    "start",
    "end",
    "intervals",
    "locality_window",
    "activity_hours_justification",
}
WEEKLY_KEYS = {"weekday", "start", "end", "purpose", "justification", "place_id"}
INTERVAL_KEYS = {"purpose", "start", "end", "justification", "place_id"}
_WINDOW_KEYS = {"start", "end", "justification"}


def read_plan(data: object) -> tuple[Plan, tuple[PlanError, ...]]:
    """The law plan in ``data`` (parsed JSON) and the intervals that could not be kept."""
    doc = read_object(data, "the plan", _PLAN_KEYS, ("kind", "start", "end", "intervals"))
    kind_text = read_string(doc["kind"], "kind")
    try:
        kind = PlanKind(kind_text)
    except ValueError:
        raise invalid("kind", f"{kind_text!r} is not one of {_choices(PlanKind)}") from None
    timezone = read_timezone(doc.get("timezone", DEFAULT_TIMEZONE))
    intervals, errors = read_intervals(doc["intervals"], "intervals")
    start, end = read_period(doc)
    window = doc.get("locality_window")
    plan = Plan(
        kind=kind,
        timezone=timezone,
        start=start,
        end=end,
        intervals=intervals,
        locality_window=None if window is None else _window(window),
        activity_hours_justification=read_optional_string(
            doc.get("activity_hours_justification"), "activity_hours_justification"
        ),
    )
    return plan, errors


def read_schedule(timezone: str, weekly: object, one_off: object, version: int = 1) -> Schedule:
    """A stored weekly plan as the engine's ``Schedule``; anything wrong (a one-off interval
    ending before it starts too) raises ``LawInputError``."""
    timezone = read_timezone(timezone)
    windows = read_weekly_windows(weekly, "weekly")
    intervals, errors = read_intervals(one_off, "one_off")
    if errors:
        raise LawInputError("invalid_plan", errors[0].message)
    return Schedule(timezone=timezone, weekly=windows, one_off=intervals, version=version)


def read_timezone(value: object) -> str:
    timezone = read_string(value, "timezone")
    try:
        zone(timezone)
    except TimezoneError as exc:
        raise invalid("timezone", str(exc)) from None
    return timezone


def read_period(doc: Mapping[str, object]) -> tuple[date, date]:
    """The first and the last day a plan covers (``start``, ``end``), at most ten years."""
    start = parse_date(read_string(doc["start"], "start"), "start")
    end = parse_date(read_string(doc["end"], "end"), "end")
    if (end - start).days > MAX_PLAN_DAYS:
        raise invalid("end", f"the plan covers {(end - start).days + 1} days; at most ten years")
    return start, end


def read_weekly_windows(data: object, where: str) -> tuple[WeeklyWindow, ...]:
    return tuple(read_weekly(raw, f"{where}[{i}]") for i, raw in enumerate(_list(data, where)))


def read_weekly(data: object, where: str) -> WeeklyWindow:
    raw = read_object(data, where, WEEKLY_KEYS, ("weekday", "start", "end", "purpose"))
    weekday = raw["weekday"]
    if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
        raise invalid(f"{where}.weekday", f"{weekday!r} is not 0 (Monday) to 6 (Sunday)")
    start = parse_clock(read_string(raw["start"], f"{where}.start"), f"{where}.start")
    end = parse_clock(read_string(raw["end"], f"{where}.end"), f"{where}.end")
    if start == end:
        raise invalid(where, "a window from a time to the same time has no length")
    return WeeklyWindow(
        weekday,
        start,
        end,
        _purpose(raw, where),
        place_id=read_optional_string(raw.get("place_id"), f"{where}.place_id"),
        justification=read_optional_string(raw.get("justification"), f"{where}.justification"),
    )


def read_intervals(
    data: object, where: str
) -> tuple[tuple[LocalInterval, ...], tuple[PlanError, ...]]:
    """The one-off intervals in the list ``data`` and those ending before they start."""
    intervals: list[LocalInterval] = []
    errors: list[PlanError] = []
    for i, raw in enumerate(_list(data, where)):
        interval = read_interval(raw, f"{where}[{i}]")
        if isinstance(interval, PlanError):
            errors.append(interval)
        else:
            intervals.append(interval)
    return tuple(intervals), tuple(errors)


def read_interval(data: object, where: str) -> LocalInterval | PlanError:
    raw = read_object(data, where, INTERVAL_KEYS, ("purpose", "start", "end"))
    purpose = _purpose(raw, where)
    start = parse_local_datetime(read_string(raw["start"], f"{where}.start"), f"{where}.start")
    end = parse_local_datetime(read_string(raw["end"], f"{where}.end"), f"{where}.end")
    if end <= start:
        return PlanError(
            "interval_ends_before_start",
            f"{where} ({purpose.value}) ends at {end:%Y-%m-%d %H:%M}, "
            f"not after its start {start:%Y-%m-%d %H:%M}",
        )
    return LocalInterval(
        start=start,
        end=end,
        purpose=purpose,
        justification=read_optional_string(raw.get("justification"), f"{where}.justification"),
        place_id=read_optional_string(raw.get("place_id"), f"{where}.place_id"),
    )


def _window(data: object) -> LocalityWindow:
    raw = read_object(data, "locality_window", _WINDOW_KEYS, ("start", "end"))
    return LocalityWindow(
        start=parse_clock(
            read_string(raw["start"], "locality_window.start"), "locality_window.start"
        ),
        end=parse_clock(read_string(raw["end"], "locality_window.end"), "locality_window.end"),
        justification=read_optional_string(
            raw.get("justification"), "locality_window.justification"
        ),
    )


def _purpose(raw: Mapping[str, object], where: str) -> Purpose:
    text = read_string(raw["purpose"], f"{where}.purpose")
    try:
        return Purpose(text)
    except ValueError:
        raise invalid(
            f"{where}.purpose", f"{text!r} is not one of {_choices(Purpose)} (R31)"
        ) from None


def read_object(
    data: object, where: str, allowed: set[str], required: tuple[str, ...]
) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise invalid(where, f"must be a JSON object, got {_type(data)}")
    missing = [key for key in required if key not in data]
    if missing:
        raise invalid(where, f"missing key {', '.join(repr(k) for k in missing)}")
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise invalid(where, f"unknown key {', '.join(repr(k) for k in unknown)}")
    return data


def _list(data: object, where: str) -> Sequence[object]:
    if not isinstance(data, list | tuple):
        raise invalid(where, f"must be a list, got {_type(data)}")
    return data


def read_string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise invalid(where, f"must be a string, got {_type(value)}")
    return value


def read_optional_string(value: object, where: str) -> str | None:
    return None if value is None else read_string(value, where)


def _type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def invalid(where: str, reason: str) -> LawInputError:
    return LawInputError("invalid_plan", f"{where}: {reason}")
