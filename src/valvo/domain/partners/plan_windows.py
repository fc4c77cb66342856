"""From a chosen place and times to the plan's weekly windows (S53; DESIGN: "activity places
become zones + time windows in plans").

The chosen times must lie within the place's opening hours on each chosen weekday. The activity
window carries the place's id, so the engine enforces the place's zone during it; optional
travel windows before and after authorise the journey (purpose ``travel``, no place), so the
place's zone is not enforced on the way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.places import Opening

MAX_TRAVEL_MINUTES = 120


@dataclass(frozen=True, slots=True)
class Session:
    weekday: int
    start: time
    end: time


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def check_sessions(sessions: Sequence[Session], hours: Iterable[Opening], place_name: str) -> None:
    """Every session inside the opening hours of its weekday; no weekday twice."""
    if not sessions:
        raise PartnerError("sessions", "choose at least one weekday and time")
    by_day = {h.weekday: h for h in hours}
    seen: set[int] = set()
    for index, s in enumerate(sessions):
        where = f"sessions[{index}]"
        if s.weekday in seen:
            raise PartnerError(f"{where}.weekday", f"weekday {s.weekday} is chosen twice")
        seen.add(s.weekday)
        if s.end <= s.start:
            raise PartnerError(f"{where}.end", "must be after start (same day)")
        opening = by_day.get(s.weekday)
        if opening is None:
            raise PartnerError(f"{where}.weekday", f"{place_name} is closed on weekday {s.weekday}")
        if s.start < opening.opens or s.end > opening.closes:
            raise PartnerError(
                f"{where}.start",
                f"{_hhmm(s.start)}–{_hhmm(s.end)} is outside the opening hours "
                f"{_hhmm(opening.opens)}–{_hhmm(opening.closes)} of {place_name}",
            )


def windows_for(
    sessions: Sequence[Session], place_id: str, travel_minutes: int
) -> list[dict[str, Any]]:
    """The plan's weekly windows (stored JSON form) for the sessions."""
    if not 0 <= travel_minutes <= MAX_TRAVEL_MINUTES:
        raise PartnerError("travel_minutes", f"must be 0 to {MAX_TRAVEL_MINUTES}")
    out: list[dict[str, Any]] = []
    travel = timedelta(minutes=travel_minutes)
    for s in sessions:
        day = date(2001, 1, 1)  # any date: only the wall-clock arithmetic matters
        start, end = datetime.combine(day, s.start), datetime.combine(day, s.end)
        if travel and (start - travel).date() == day:
            out.append(_window(s.weekday, (start - travel).time(), s.start, "travel", None))
        out.append(_window(s.weekday, s.start, s.end, "activity", place_id))
        if travel and (end + travel).date() == day:
            out.append(_window(s.weekday, s.end, (end + travel).time(), "travel", None))
    return out


def _window(
    weekday: int, start: time, end: time, purpose: str, place: str | None
) -> dict[str, Any]:
    window: dict[str, Any] = {
        "weekday": weekday,
        "start": _hhmm(start),
        "end": _hhmm(end),
        "purpose": purpose,
    }
    if place is not None:
        window["place_id"] = place
    return window


def merge_into_plan(
    current: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    replacing: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The plan's weekly windows with ``replacing`` (the windows an earlier choice of the same
    place added) taken out and ``new`` added, refusing an overlap with the other windows."""
    gone = [_key(w) for w in replacing]
    kept: list[dict[str, Any]] = []
    for window in current:
        if _key(window) in gone:
            gone.remove(_key(window))
        else:
            kept.append(dict(window))
    for window in new:
        for other in kept:
            if other["weekday"] == window["weekday"] and _overlap(other, window):
                raise PartnerError(
                    "sessions",
                    f"{window['start']}–{window['end']} on weekday {window['weekday']} overlaps "
                    f"the plan's {other['purpose']} window {other['start']}–{other['end']}",
                )
    return kept + [dict(w) for w in new]


def remove_from_plan(
    current: Sequence[Mapping[str, Any]], added: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The plan's weekly windows without the ones a place assignment added."""
    return merge_into_plan(current, (), added)


def _key(window: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        int(window["weekday"]),
        str(window["start"]),
        str(window["end"]),
        str(window["purpose"]),
        window.get("place_id"),
    )


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    a0, a1 = time.fromisoformat(str(a["start"])), time.fromisoformat(str(a["end"]))
    b0, b1 = time.fromisoformat(str(b["start"])), time.fromisoformat(str(b["end"]))
    if a1 <= a0:  # a window past midnight: treat its end as 24:00 for this day's check
        a1 = time.max
    if b1 <= b0:
        b1 = time.max
    return a0 < b1 and b0 < a1


def _minutes(value: Any) -> int:
    moment = time.fromisoformat(str(value))
    return moment.hour * 60 + moment.minute


def _general(window: Mapping[str, Any]) -> bool:
    """A place-less authorisation to be out for activity that ends by midnight (the demo's
    'out all day'): a place's session may be cut out of it."""
    if window.get("place_id") is not None or window.get("purpose") != "activity":
        return False
    start, end = _minutes(window["start"]), _minutes(window["end"])
    return end == 0 or end > start


def carve(
    current: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The plan with its general activity windows (see ``_general``) split around ``new``, so
    the place binds the person during its session and the rest of the day stays authorised.
    Returns the plan, the windows taken out, and the pieces put in their place (to restore the
    windows when the place leaves the plan)."""
    plan: list[dict[str, Any]] = []
    originals: list[dict[str, Any]] = []
    pieces: list[dict[str, Any]] = []
    for window in current:
        cuts = [w for w in new if w["weekday"] == window["weekday"] and _overlap(window, w)]
        if not cuts or not _general(window):
            plan.append(dict(window))
            continue
        originals.append(dict(window))
        start, end = _minutes(window["start"]), _minutes(window["end"]) or 24 * 60
        spans = [(start, end)]
        for cut in cuts:
            c0, c1 = _minutes(cut["start"]), _minutes(cut["end"]) or 24 * 60
            spans = [p for s0, s1 in spans for p in ((s0, min(s1, c0)), (max(s0, c1), s1))]
            spans = [(s0, s1) for s0, s1 in spans if s1 > s0]
        for s0, s1 in spans:
            piece = {**dict(window), "start": _clock(s0), "end": _clock(s1)}
            plan.append(piece)
            pieces.append(piece)
    return plan, originals, pieces


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
