"""The demo fleet's simulated day (bench/noise.py): its breaches all fire on time and nothing
else does, and flap suppression folds the curfew breaker's flapping evening into one alarm
without dropping a breach (the occurrences add up to the breaches)."""

from __future__ import annotations

from datetime import timedelta

from valvo.sim.fleet_day import fleet_day
from valvo.sim.scenario_run import alarms_of, score
from valvo.sim.seed import Persona


def test_the_intruder_and_the_curfew_breaker_are_detected_and_flapping_is_folded() -> None:
    day = fleet_day(6)
    by_persona = {s.name.split()[1]: s for s in day}
    intruder = by_persona[Persona.INTRUDER.value]
    breaker = by_persona[Persona.CURFEW_BREAKER.value]
    for scenario in (intruder, breaker):
        result = score(scenario)
        assert (result.false_alarms, result.detected_on_time) == (0, result.expected)
    before, breaches = alarms_of(breaker, timedelta(0))
    after, same = alarms_of(breaker, timedelta(minutes=30))
    assert breaches == same == 5
    assert (len(before), len(after)) == (5, 2)  # four flaps in one alarm, then the long absence
    assert sorted(a.occurrences for a in after) == [1, 4]
    entered, _ = alarms_of(intruder, timedelta(0))
    assert [a.occurrences for a in entered] == [2]  # an open alarm takes its repeat anyway


def test_the_quiet_personas_raise_nothing() -> None:
    for scenario in fleet_day(2):  # a homebody and a walker
        assert scenario.noise
        assert score(scenario).false_alarms == 0
