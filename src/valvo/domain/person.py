"""The monitored person's own page (issue 15 item 8; R48, R114), the pure part: what a person
may report, the outcomes of handing over a device's instructions, the languages the
instruction texts come in, and the person's week as days of required presence at home and
authorised absences (from the weekly plan, DST-safe in the order's timezone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from valvo.domain.clock import require_aware
from valvo.domain.schedule.local_time import local_date, local_day_start, zone
from valvo.domain.schedule.weekly import Purpose, Schedule

WEEK_DAYS = 7
MAX_TEXT = 2000


class ReportKind(StrEnum):
    """What a person's problem report is about."""

    DEVICE = "device"
    SCHEDULE = "schedule"
    OTHER = "other"


class InstructionOutcome(StrEnum):
    """R48, R114: the instructions were given with the device, or the device was refused
    (a violation type: PKL 2:18 item 2; for a sentence a §8 duty breach)."""

    GIVEN = "given"
    REFUSED = "refused"


class Direction(StrEnum):
    TO_PERSON = "to_person"
    FROM_PERSON = "from_person"


# The languages the device instructions are written in: the national languages, Sámi, English
# and the largest immigrant languages (ISO 639-1).
LANGUAGES = ("fi", "sv", "se", "en", "ru", "et", "ar", "so")


@dataclass(frozen=True, slots=True)
class Span:
    start: datetime
    end: datetime
    purpose: Purpose | None  # None: at home (required presence)


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    spans: tuple[Span, ...]  # the whole local day, in order: at home or away for a purpose


def week(schedule: Schedule, now: datetime, days: int = WEEK_DAYS) -> list[Day]:
    """The person's next ``days`` local days from today: each day cut into the times they must
    be at home and the authorised absences (a day is 23 or 25 hours at a DST change)."""
    now = require_aware(now, "now")
    tz = zone(schedule.timezone)
    first = local_date(now, tz)
    out: list[Day] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        start, end = local_day_start(day, tz), local_day_start(day + timedelta(days=1), tz)
        spans: list[Span] = []
        cursor = start
        for absence in schedule.absences(start, end):
            a, b = max(absence.start, start), min(absence.end, end)
            if b <= cursor:
                continue
            if a > cursor:
                spans.append(Span(cursor, a, None))
            spans.append(Span(max(a, cursor), b, absence.purpose))
            cursor = b
        if cursor < end:
            spans.append(Span(cursor, end, None))
        out.append(Day(day, tuple(spans)))
    return out


def clean_text(value: str, what: str) -> str:
    """A message or report's text: not blank, at most ``MAX_TEXT`` characters."""
    text = value.strip()
    if not text:
        raise ValueError(f"{what} is empty: write something")
    if len(text) > MAX_TEXT:
        raise ValueError(f"{what} is too long: at most {MAX_TEXT} characters")
    return text
