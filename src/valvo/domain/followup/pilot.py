"""The pilot (R143) by day: a case counts as a pilot case on a day when it is flagged itself
(``cases.pilot``, set with the report request) or when its unit, the region that handles it,
is in the pilot on that day. A unit joins or leaves the pilot from a date (``PilotChange``);
the change in force on a day is the one with the latest date not after it (of two on the same
date, the one set last).

A sentence whose unit joins the pilot part-way is split: its days before the date are the
others', its days from the date the pilot's, so pilot and non-pilot figures add up to the
whole caseload's (docs/followup.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from valvo.domain.followup.facts import Days, SentenceFact


class PilotError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PilotChange:
    region: str
    pilot: bool
    valid_from: date
    set_at: datetime


def pilot_days(changes: Iterable[PilotChange]) -> dict[str, tuple[Days, ...]]:
    """Per region, the runs of days it is in the pilot."""
    by_region: dict[str, list[PilotChange]] = {}
    for change in sorted(changes, key=lambda c: (c.region, c.valid_from, c.set_at)):
        by_region.setdefault(change.region, []).append(change)
    out: dict[str, tuple[Days, ...]] = {}
    for region, history in by_region.items():
        # The change in force from each date: the last one set for that date.
        on: dict[date, bool] = {}
        for change in history:
            on[change.valid_from] = change.pilot
        runs: list[Days] = []
        start: date | None = None
        for day, pilot in sorted(on.items()):
            if pilot and start is None:
                start = day
            elif not pilot and start is not None:
                runs.append(Days(start, day))
                start = None
        if start is not None:
            runs.append(Days(start))
        out[region] = tuple(runs)
    return out


def in_pilot(runs: Iterable[Days], day: date) -> bool:
    return any(day in r for r in runs)


def _complement(runs: tuple[Days, ...]) -> tuple[Days, ...]:
    out, cursor = [], date.min
    for run in sorted(runs, key=lambda r: r.start):
        if run.start > cursor:
            out.append(Days(cursor, run.start))
        if run.end is None:
            return tuple(out)
        cursor = max(cursor, run.end)
    out.append(Days(cursor))
    return tuple(out)


def view(fact: SentenceFact, pilot: bool) -> SentenceFact | None:
    """The part of ``fact`` that is the pilot's (``pilot``) or the others': the fact itself,
    the fact with the other part's days left out, or None when no day of it is in the part."""
    if fact.pilot:
        return fact if pilot else None
    if not fact.unit_pilot:
        return None if pilot else fact
    outside = _complement(fact.unit_pilot) if pilot else fact.unit_pilot
    return replace(fact, outside=fact.outside + outside)


def select(facts: Iterable[SentenceFact], pilot: bool | None) -> list[SentenceFact]:
    """The facts of the pilot (True), of the others (False), or all of them (None)."""
    if pilot is None:
        return list(facts)
    return [v for f in facts if (v := view(f, pilot)) is not None]


def with_units(
    facts: Iterable[SentenceFact], runs: Mapping[str, tuple[Days, ...]]
) -> list[SentenceFact]:
    """The facts with their unit's pilot days."""
    return [replace(f, unit_pilot=runs.get(f.region, ())) for f in facts]
