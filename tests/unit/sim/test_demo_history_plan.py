"""The demo's past day is reckoned from ``now`` at any hour and on the days the clocks change:
a wall-clock time of Helsinki is found on its own day (never in a DST gap), inside the window;
the intruders' visits to the protected address always fall inside the past day."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from valvo.sim.demo_history import HOURS, STEP, _plan_outings, local_before
from valvo.sim.seed import Persona, demo_people

HELSINKI = ZoneInfo("Europe/Helsinki")
NOWS = [
    datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # the spring-forward night (04:30 local)
    datetime(2027, 3, 28, 12, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the fall-back night (03:30, the first time)
    datetime(2026, 10, 25, 22, 15, tzinfo=UTC),
    *(datetime(2026, 12, 7, h, 20, tzinfo=UTC) for h in range(0, 24, 3)),
]


@pytest.mark.parametrize("now", NOWS)
def test_a_wall_time_is_found_on_its_day_inside_the_window(now: datetime) -> None:
    earliest = now - timedelta(hours=HOURS)
    for wall in (time(14, 10), time(21, 0), time(3, 30)):
        found = local_before(now, wall, earliest)
        assert found is not None
        assert earliest <= found < now
        assert found.astimezone(HELSINKI).time() == wall or wall == time(3, 30)


@pytest.mark.parametrize("now", NOWS)
def test_the_intruders_visit_the_protected_address_within_the_past_day(now: datetime) -> None:
    start = now - timedelta(hours=HOURS) + STEP
    people = demo_people(30)
    visits = [
        outing
        for i, p in enumerate(people)
        if p.persona is Persona.INTRUDER
        for outing in _plan_outings(p, i, start, now).outings
    ]
    assert len(visits) >= 3  # of the four intruders, at most one's hour is outside the window
    assert all(start <= begin < now for begin, *_ in visits)
