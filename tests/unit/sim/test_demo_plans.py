"""The demo's weekly plans are real curfews: walkers are home at night and out by day on a plan
of their own, homebodies keep two morning appointments, and the walkers' movers stay home
outside their authorised absences (so the demo's curfew alarms come from the breakers)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from valvo.sim.fleet import start_movers
from valvo.sim.seed import Persona, demo_people, may_be_out, weekly_plan

# Wednesday 2026-11-25: 03:00 and 12:00 in Helsinki (UTC+2).
NIGHT = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
NOON = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_walkers_are_home_at_night_and_may_be_out_by_day_on_varied_plans() -> None:
    people = demo_people(30)
    walkers = [p for p in people if p.persona is Persona.WALKER]
    assert len(walkers) >= 4
    for person in walkers:
        assert not may_be_out(person, NIGHT)
        assert may_be_out(person, NOON)
        evenings = {end for _, _, end, _ in weekly_plan(person) if end >= time(18)}
        assert len(evenings) == 1
        assert evenings <= {time(21), time(22), time(23)}
    assert len({tuple(weekly_plan(p)) for p in walkers}) > 1  # not one plan for all
    for person in people:
        if person.persona is Persona.HOMEBODY:
            assert [(w[1], w[2]) for w in weekly_plan(person)] == [(time(9), time(11, 30))] * 2
        if person.persona is Persona.CURFEW_BREAKER:
            assert weekly_plan(person) == []


def test_a_walker_outside_the_plan_goes_home_and_stays() -> None:
    [walker] = [p for p in demo_people(7) if p.persona is Persona.WALKER][:1]
    [mover] = start_movers([walker])
    mover.east, mover.north = 800.0, 0.0
    for _ in range(200):
        mover.step(30.0, NIGHT)
    assert (mover.east, mover.north) == (0.0, 0.0)
    assert mover.indoors
