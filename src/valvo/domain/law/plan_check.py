"""The rules ``valvo law check-plan`` applies to a plan; each broken rule is a ``PlanError``.

Wall-clock rules (the night windows) are read on the plan's local clock. Amounts of time (hours
of activity a week, the length of a locality window) are real elapsed time, DST-safe through
``local_to_utc``: a week with the spring change holds 167 hours, the autumn one 169, and a
22:00–06:00 window lasts 7 hours on the spring night and 9 on the autumn one.

Codes (stable; the table is in docs/law.md): plan_ends_before_start, interval_ends_before_start,
interval_outside_plan, intervals_overlap, activity_below_minimum, activity_above_maximum,
activity_at_night_unjustified, activity_in_travel_ban, locality_window_too_short,
locality_window_too_long, locality_window_outside_night_unjustified.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from valvo.domain.law.plan import (
    DAY,
    LocalityWindow,
    Plan,
    PlanError,
    PlanKind,
    describe,
    justified,
)
from valvo.domain.law.plan_reader import read_plan
from valvo.domain.law.policy import LawPolicy
from valvo.domain.schedule.local_time import local_to_utc, zone
from valvo.domain.schedule.weekly import LocalInterval, Purpose

WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class PlanReport:
    errors: tuple[PlanError, ...]

    @property
    def valid(self) -> bool:
        return not self.errors


def check_plan_data(data: object, policy: LawPolicy) -> PlanReport:
    """Read ``data`` (parsed JSON; raises ``LawInputError`` if it is not a plan) and check it."""
    plan, reading_errors = read_plan(data)
    return PlanReport(reading_errors + check_plan(plan, policy))


def check_plan(plan: Plan, policy: LawPolicy) -> tuple[PlanError, ...]:
    if plan.end < plan.start:
        return (
            PlanError(
                "plan_ends_before_start",
                f"the plan ends on {plan.end.isoformat()}, before it starts on "
                f"{plan.start.isoformat()}",
            ),
        )
    errors = [*_outside_plan(plan), *_overlaps(plan)]
    activities = [i for i in plan.intervals if i.purpose is Purpose.ACTIVITY]
    if plan.kind is PlanKind.TRAVEL_BAN:
        errors += [
            PlanError(
                "activity_in_travel_ban",
                f"{describe(i)}: a travel ban carries no activity obligation (7.2, R107)",
            )
            for i in activities
        ]
        if plan.locality_window is not None:
            nights = (plan.start + i * DAY for i in range((plan.end - plan.start).days + 1))
            errors += locality_window_errors(
                plan.locality_window, policy, timezone=plan.timezone, nights=nights
            )
    else:
        errors += _activity_hours(plan, policy)
        errors += _activity_at_night(activities, policy)
    return tuple(errors)


def _outside_plan(plan: Plan) -> Iterator[PlanError]:
    for interval in plan.intervals:
        if interval.start < plan.first_instant or interval.end > plan.end_instant:
            yield PlanError(
                "interval_outside_plan",
                f"{describe(interval)} is not inside the plan period "
                f"{plan.start.isoformat()} – {plan.end.isoformat()}",
            )


def _overlaps(plan: Plan) -> Iterator[PlanError]:
    tz = zone(plan.timezone)
    ordered = sorted(plan.intervals, key=lambda i: local_to_utc(i.start, tz))
    latest: LocalInterval | None = None
    for interval in ordered:
        if latest is not None and local_to_utc(interval.start, tz) < local_to_utc(latest.end, tz):
            yield PlanError(
                "intervals_overlap",
                f"{describe(interval)} overlaps {describe(latest)}; every moment out of the "
                "abode has one purpose (R31)",
            )
        if latest is None or local_to_utc(interval.end, tz) > local_to_utc(latest.end, tz):
            latest = interval


def _activity_hours(plan: Plan, policy: LawPolicy) -> Iterator[PlanError]:
    """R24 (§2): 10–40 h of activity in every full Mon–Sun week; never over the maximum in any
    calendar week, including the partial first and last ones."""
    tz = zone(plan.timezone)
    spans = _merged(
        (local_to_utc(i.start, tz), local_to_utc(i.end, tz))
        for i in plan.intervals
        if i.purpose is Purpose.ACTIVITY
    )
    limit = _weekly_maximum(plan, policy)
    monday = plan.start - timedelta(days=plan.start.weekday())
    while monday <= plan.end:
        sunday = monday + timedelta(days=6)
        first, last = max(monday, plan.start), min(sunday, plan.end)
        begin = local_to_utc(datetime.combine(first, time(0, 0)), tz)
        finish = local_to_utc(datetime.combine(last + DAY, time(0, 0)), tz)
        hours = sum(
            (min(e, finish) - max(s, begin) for s, e in spans if s < finish and e > begin),
            timedelta(),
        )
        week = (
            f"week {monday.isocalendar().year}-W{monday.isocalendar().week:02d} "
            f"({monday.isoformat()} – {sunday.isoformat()})"
        )
        full = first == monday and last == sunday
        if full and hours < timedelta(hours=policy.activity_min_hours_per_week):
            yield PlanError(
                "activity_below_minimum",
                f"{week} has {_hours(hours)} of activity; the minimum is "
                f"{policy.activity_min_hours_per_week} h a week (§2, R24)",
            )
        if hours > limit:
            yield PlanError(
                "activity_above_maximum",
                f"{week} has {_hours(hours)} of activity; the maximum is {_hours(limit)} a week "
                f"(§2, R24){_special_reason_hint(plan, policy)}",
            )
        monday += WEEK


def _weekly_maximum(plan: Plan, policy: LawPolicy) -> timedelta:
    special = policy.activity_max_hours_with_special_reason
    if special is not None and justified(plan.activity_hours_justification):
        return timedelta(hours=special)
    return timedelta(hours=policy.activity_max_hours_per_week)


def _special_reason_hint(plan: Plan, policy: LawPolicy) -> str:
    special = policy.activity_max_hours_with_special_reason
    if special is None or justified(plan.activity_hours_justification):
        return ""
    return f"; up to {special} h with a special reason in activity_hours_justification"


def _activity_at_night(activities: list[LocalInterval], policy: LawPolicy) -> Iterator[PlanError]:
    """R25 (§2): no activity inside the night window unless the plan says why."""
    night = _hhmm(policy.activity_night_start) + "–" + _hhmm(policy.activity_night_end)
    for interval in activities:
        if justified(interval.justification):
            continue
        if _touches_night(interval, policy.activity_night_start, policy.activity_night_end):
            yield PlanError(
                "activity_at_night_unjustified",
                f"{describe(interval)} falls within {night} and has no justification (§2, R25)",
            )


def _touches_night(interval: LocalInterval, night_start: time, night_end: time) -> bool:
    day = interval.start.date() - DAY
    while day <= interval.end.date():
        begin = datetime.combine(day, night_start)
        end = datetime.combine(day + DAY if night_end <= night_start else day, night_end)
        if interval.start < end and interval.end > begin:
            return True
        day += DAY
    return False


def locality_window_errors(
    window: LocalityWindow, policy: LawPolicy, *, timezone: str, nights: Iterable[date] = ()
) -> list[PlanError]:
    """R105 (PKL 2:3.3): one continuous 8–12 h span a day, inside 18:00–06:00 unless justified.

    The window is one start and one end, so it is continuous by construction. Its length is
    checked as written and then on each of ``nights`` (the days a window starts), where a
    clock change makes it an hour shorter or longer.
    """
    low = timedelta(hours=policy.locality_min_hours)
    high = timedelta(hours=policy.locality_max_hours)
    shown = f"{_hhmm(window.start)}–{_hhmm(window.end)}"
    errors: list[PlanError] = []
    if not low <= window.nominal <= high:
        errors.append(_window_length_error(shown, window.nominal, low, high, night=None))
    else:
        tz = zone(timezone)
        for day in nights:
            start, end = window.on(day)
            real = local_to_utc(end, tz) - local_to_utc(start, tz)
            if not low <= real <= high:
                errors.append(_window_length_error(shown, real, low, high, night=day))
    night_start, night_end = policy.locality_night_start, policy.locality_night_end
    night_length = (
        datetime.combine(date.min, night_end) - datetime.combine(date.min, night_start)
    ) % DAY
    offset = (
        datetime.combine(date.min, window.start) - datetime.combine(date.min, night_start)
    ) % DAY
    if offset + window.nominal > night_length and not justified(window.justification):
        errors.append(
            PlanError(
                "locality_window_outside_night_unjustified",
                f"the locality window {shown} is not inside {_hhmm(night_start)}–"
                f"{_hhmm(night_end)} and has no justification (work, study or a comparable "
                "reason; PKL 2:3.3, R105)",
            )
        )
    return errors


def _window_length_error(
    shown: str, length: timedelta, low: timedelta, high: timedelta, night: date | None
) -> PlanError:
    too_short = length < low
    when = "" if night is None else f" on the night starting {night.isoformat()} (clock change)"
    bound = f"the minimum is {_hours(low)}" if too_short else f"the maximum is {_hours(high)}"
    return PlanError(
        "locality_window_too_short" if too_short else "locality_window_too_long",
        f"the locality window {shown} lasts {_hours(length)}{when}; {bound}, one continuous "
        "span a day (PKL 2:3.3, R105)",
    )


def _merged(spans: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _hours(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" if rest == 0 else f"{hours} h {rest} min"


def _hhmm(clock: time) -> str:
    return clock.strftime("%H:%M")
