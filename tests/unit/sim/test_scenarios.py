"""The recorded scenarios: noise raises nothing; every breach fires by its deadline."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from valvo.sim import scenarios
from valvo.sim.scenario_run import play, score
from valvo.sim.scenarios import Scenario


@pytest.mark.parametrize("make", scenarios.ALL, ids=[m.__name__ for m in scenarios.ALL])
def test_scenario(make: Callable[[], Scenario]) -> None:
    scenario = make()
    result = score(scenario)
    assert result.false_alarms == 0, [b.kind.value for b in play(scenario)]
    assert result.detected_on_time == result.expected


@pytest.mark.parametrize("seed", range(20))
def test_noise_stays_quiet_whatever_the_gps_noise(seed: int) -> None:
    for make in (
        scenarios.drift_near_boundary,
        scenarios.indoor_loss_with_rf_present,
        scenarios.rf_flicker,
    ):
        assert score(make(seed=100 + seed)).false_alarms == 0


def test_each_breach_kind_is_covered_by_a_scenario() -> None:
    kinds = {e.kind for make in scenarios.ALL for e in make().expected}
    assert len(kinds) == 8
