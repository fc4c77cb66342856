"""A plan as ``valvo law check-plan`` reads it, and the strict reading of its JSON form.

Shape (PRODUCT.md): ``{"kind", "timezone", "start", "end", "intervals": [{"purpose", "start",
"end", "justification"?}], "locality_window": {"start", "end", "justification"?}}``. ``start``
and ``end`` are the first and the last day the plan covers (both included). ``timezone``
defaults to Europe/Helsinki; ``locality_window`` is optional (a travel ban may carry no locality
obligation, PKL 2:3.2) and applies to travel bans only. ``activity_hours_justification`` is the
optional special reason for more than 40 h of activity a week where the policy allows it
(330/2011 §3.2).

Data that is not a plan at all (wrong types, missing or unknown keys, unreadable dates) raises
``LawInputError``. A readable plan with an interval that ends before it starts is still read:
that interval becomes a ``PlanError`` and the rest of the plan is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from valvo.domain.law.calendar import parse_clock, parse_date, parse_local_datetime
from valvo.domain.law.errors import LawInputError
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, TimezoneError, zone
from valvo.domain.schedule.weekly import LocalInterval, Purpose

DAY = timedelta(days=1)
# Not law: a guard against a runaway file. No sentence or ban plan comes near ten years.
MAX_PLAN_DAYS = 3653


class PlanKind(StrEnum):
    MONITORING_SENTENCE = "monitoring_sentence"
    TRAVEL_BAN = "travel_ban"


@dataclass(frozen=True, slots=True)
class PlanError:
    """One broken rule: a stable snake_case ``code`` and a one-line ``message``."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class LocalityWindow:
    """The daily locality obligation (paikallaolovelvoite), wall-clock; ``end`` <= ``start``
    wraps past midnight."""

    start: time
    end: time
    justification: str | None = None

    @property
    def nominal(self) -> timedelta:
        """Its length on a day without a clock change."""
        today = date(2000, 1, 3)
        length = datetime.combine(today, self.end) - datetime.combine(today, self.start)
        return length % DAY

    def on(self, day: date) -> tuple[datetime, datetime]:
        """Naive local start and end of the window that begins on ``day``."""
        start = datetime.combine(day, self.start)
        return start, start + self.nominal


@dataclass(frozen=True, slots=True)
class Plan:
    kind: PlanKind
    timezone: str
    start: date  # first day covered
    end: date  # last day covered (included)
    intervals: tuple[LocalInterval, ...]
    locality_window: LocalityWindow | None = None
    activity_hours_justification: str | None = None

    @property
    def first_instant(self) -> datetime:
        return datetime.combine(self.start, time(0, 0))

    @property
    def end_instant(self) -> datetime:
        """Local midnight after the last day: the end of the covered period."""
        return datetime.combine(self.end + DAY, time(0, 0))


def justified(text: str | None) -> bool:
    return text is not None and text.strip() != ""


def describe(interval: LocalInterval) -> str:
    """``activity 2025-03-03 08:00–16:00`` (the end's date only when it differs)."""
    end = interval.end.strftime(
        "%H:%M" if interval.end.date() == interval.start.date() else "%Y-%m-%d %H:%M"
    )
    return f"{interval.purpose.value} {interval.start:%Y-%m-%d %H:%M}–{end}"


_PLAN_KEYS = {
    "kind",
    "timezone",
    "start",
    "end",
    "intervals",
    "locality_window",
    "activity_hours_justification",
}
_INTERVAL_KEYS = {"purpose", "start", "end", "justification"}
_WINDOW_KEYS = {"start", "end", "justification"}


def read_plan(data: object) -> tuple[Plan, tuple[PlanError, ...]]:
    """The plan in ``data`` (parsed JSON) and the intervals that could not be kept."""
    doc = _object(data, "the plan", _PLAN_KEYS, required=("kind", "start", "end", "intervals"))
    kind_text = _string(doc["kind"], "kind")
    try:
        kind = PlanKind(kind_text)
    except ValueError:
        raise _invalid("kind", f"{kind_text!r} is not one of {_choices(PlanKind)}") from None
    timezone = _string(doc.get("timezone", DEFAULT_TIMEZONE), "timezone")
    try:
        zone(timezone)
    except TimezoneError as exc:
        raise _invalid("timezone", str(exc)) from None
    raw_intervals = doc["intervals"]
    if not isinstance(raw_intervals, list):
        raise _invalid("intervals", f"must be a list, got {_type(raw_intervals)}")
    intervals: list[LocalInterval] = []
    errors: list[PlanError] = []
    for i, raw in enumerate(raw_intervals):
        interval = _interval(raw, f"intervals[{i}]")
        if isinstance(interval, PlanError):
            errors.append(interval)
        else:
            intervals.append(interval)
    start = parse_date(_string(doc["start"], "start"), "start")
    end = parse_date(_string(doc["end"], "end"), "end")
    if (end - start).days > MAX_PLAN_DAYS:
        raise _invalid("end", f"the plan covers {(end - start).days + 1} days; at most ten years")
    window = doc.get("locality_window")
    plan = Plan(
        kind=kind,
        timezone=timezone,
        start=start,
        end=end,
        intervals=tuple(intervals),
        locality_window=None if window is None else _window(window),
        activity_hours_justification=_optional_string(
            doc.get("activity_hours_justification"), "activity_hours_justification"
        ),
    )
    return plan, tuple(errors)


def _interval(data: object, where: str) -> LocalInterval | PlanError:
    raw = _object(data, where, _INTERVAL_KEYS, required=("purpose", "start", "end"))
    purpose_text = _string(raw["purpose"], f"{where}.purpose")
    try:
        purpose = Purpose(purpose_text)
    except ValueError:
        raise _invalid(
            f"{where}.purpose", f"{purpose_text!r} is not one of {_choices(Purpose)} (R31)"
        ) from None
    start = parse_local_datetime(_string(raw["start"], f"{where}.start"), f"{where}.start")
    end = parse_local_datetime(_string(raw["end"], f"{where}.end"), f"{where}.end")
    if end <= start:
        return PlanError(
            "interval_ends_before_start",
            f"{where} ({purpose.value}) ends at {end:%Y-%m-%d %H:%M}, "
            f"not after its start {start:%Y-%m-%d %H:%M}",
        )
    justification = _optional_string(raw.get("justification"), f"{where}.justification")
    return LocalInterval(start=start, end=end, purpose=purpose, justification=justification)


def _window(data: object) -> LocalityWindow:
    raw = _object(data, "locality_window", _WINDOW_KEYS, required=("start", "end"))
    return LocalityWindow(
        start=parse_clock(_string(raw["start"], "locality_window.start"), "locality_window.start"),
        end=parse_clock(_string(raw["end"], "locality_window.end"), "locality_window.end"),
        justification=_optional_string(raw.get("justification"), "locality_window.justification"),
    )


def _object(
    data: object, where: str, allowed: set[str], required: tuple[str, ...]
) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise _invalid(where, f"must be a JSON object, got {_type(data)}")
    missing = [key for key in required if key not in data]
    if missing:
        raise _invalid(where, f"missing key {', '.join(repr(k) for k in missing)}")
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise _invalid(where, f"unknown key {', '.join(repr(k) for k in unknown)}")
    return data


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _invalid(where, f"must be a string, got {_type(value)}")
    return value


def _optional_string(value: object, where: str) -> str | None:
    return None if value is None else _string(value, where)


def _type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def _invalid(where: str, reason: str) -> LawInputError:
    return LawInputError("invalid_plan", f"{where}: {reason}")
