"""A simulated day of the demo fleet for measuring alarm noise (``bench/noise.py``): each
person of ``demo_people`` lives 24 hours after their persona, as the scenarios' streams do (a
fix and a home-unit report a minute), with the breaches that must fire listed as expected.

- homebody: at home all day, indoor GPS wandering and a tag now and then out of range for a
  minute (noise: must raise nothing);
- walker: out during the authorised absence (08–16 local), home before and after (noise);
- intruder: at work time walks into the protected address's exclusion zone twice (two
  breaches, the second while the first alarm is still open);
- curfew breaker: in the evening's required presence the tag is out of range for 7 minutes
  and back for 13, four times, then away for half an hour (five breaches, the first four
  ending by themselves soon after: the flapping that noise control folds into one alarm).
"""

from __future__ import annotations

from datetime import timedelta

from valvo.domain.alarms import AlarmKind
from valvo.domain.telemetry import ObservationKind
from valvo.domain.telemetry import vocabulary as v
from valvo.sim.scenarios import (
    START,
    UNIT,
    VICTIM_EAST_M,
    Expected,
    Scenario,
    _rules,
    _Track,
)
from valvo.sim.seed import Persona, demo_people

DAY_MINUTES = 24 * 60
WORK_FROM, WORK_TO = 180, 660  # 06:00–14:00 UTC: the authorised absence (08–16 local)
GRACE = timedelta(minutes=5)


def _at(minute: float) -> timedelta:
    return timedelta(minutes=minute)


def _minute(track: _Track, m: int, east: float, north: float, accuracy: float, rf: bool) -> None:
    at = START + _at(m)
    track.fix(at, east, north, accuracy)
    track.event(ObservationKind.PRESENCE, at, UNIT, **{v.IN_RANGE: rf})


def _homebody(track: _Track) -> list[Expected]:
    for m in range(DAY_MINUTES):
        flicker = m % 97 == 13 or m % 131 == 7  # a minute out of range now and then
        east = track.rng.uniform(-40, 40)
        _minute(track, m, east, track.rng.uniform(-40, 40), 30, rf=not flicker)
    return []


def _away(m: int) -> float:
    """Metres north of home at minute ``m`` of a walker's day: out at 06:05, back by 13:50."""
    if WORK_FROM + 5 <= m < WORK_FROM + 30:
        return 80.0 * (m - WORK_FROM - 5)
    if WORK_FROM + 30 <= m < WORK_TO - 40:
        return 2000.0
    if WORK_TO - 40 <= m < WORK_TO - 15:
        return 2000.0 - 80.0 * (m - (WORK_TO - 40))
    return 0.0


def _walker(track: _Track) -> list[Expected]:
    for m in range(DAY_MINUTES):
        north = _away(m)
        _minute(track, m, 0, north, 12 if north else 25, rf=north < 50)
    return []


def _intruder(track: _Track) -> list[Expected]:
    entries = (WORK_FROM + 60, WORK_FROM + 120)  # walks 20 min east, stays 10, walks back
    expected = []
    for m in range(DAY_MINUTES):
        east = 0.0
        for start in entries:
            if start <= m < start + 20:
                east = min(VICTIM_EAST_M, 80.0 * (m - start))
            elif start + 20 <= m < start + 30:
                east = VICTIM_EAST_M
            elif start + 30 <= m < start + 50:
                east = max(0.0, VICTIM_EAST_M - 80.0 * (m - start - 30))
        _minute(track, m, east, 0, 10 if east else 25, rf=east < 50)
    for start in entries:  # the zone's edge is 300 m short of the address
        expected.append(
            Expected(
                AlarmKind.EXCLUSION_ZONE_ENTERED,
                START + _at(start + (VICTIM_EAST_M - 300) / 80.0 + 2),
            )
        )
    return expected


def _curfew_breaker(track: _Track) -> list[Expected]:
    evening = WORK_TO + 240  # 18:00 UTC, 20:00 local: presence required
    outs = [(evening + 20 * k, 7) for k in range(4)] + [(evening + 180, 30)]
    for m in range(DAY_MINUTES):
        out = any(start <= m < start + length for start, length in outs)
        _minute(track, m, 0, 0, 20, rf=not out)
    return [
        Expected(AlarmKind.LEFT_DURING_PRESENCE, START + _at(start) + GRACE + _at(1))
        for start, _ in outs
    ]


PERSONAS = {
    Persona.HOMEBODY: _homebody,
    Persona.WALKER: _walker,
    Persona.INTRUDER: _intruder,
    Persona.CURFEW_BREAKER: _curfew_breaker,
}


def fleet_day(people: int = 14, seed: int = 7) -> list[Scenario]:
    """One 24-hour scenario per person of the demo fleet (``demo_people(people, seed)``)."""
    days = []
    for index, person in enumerate(demo_people(people, seed)):
        track = _Track(seed * 1000 + index)
        expected = PERSONAS[person.persona](track)
        days.append(
            Scenario(
                f"{person.device} {person.persona.value}",
                not expected,
                _rules(),
                track.out,
                expected,
                end=START + _at(DAY_MINUTES - 1),
            )
        )
    return days
