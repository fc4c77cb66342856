"""An archived observation is rebuilt with its log position (valvo.engine.worker._logged) as
dataclasses.replace would: every other field kept, whatever fields Observation gains."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.factories import every_measurement
from valvo.domain.clock import NaiveDatetimeError
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.engine.worker import _logged

WHEN = datetime(2027, 5, 1, 12, tzinfo=UTC)


def test_the_log_position_is_set_and_nothing_else_changes() -> None:
    obs = every_measurement(ObservationKind.ALARM, WHEN, WHEN + timedelta(seconds=2), valid=False)
    # Every field differs from its default, so a field carried into the wrong place shows.
    assert all(getattr(obs, f.name) != f.default for f in fields(Observation) if f.name != "seq")
    logged = _logged(obs, 41)
    assert logged == replace(obs, seq=41)
    assert [getattr(logged, f.name) for f in fields(Observation)] == [
        *[getattr(obs, f.name) for f in fields(Observation) if f.name != "seq"],
        41,
    ]
    assert obs.seq is None


def test_it_is_checked_like_any_observation() -> None:
    with pytest.raises(NaiveDatetimeError):
        Observation("gps-1", ObservationKind.HEARTBEAT, WHEN.replace(tzinfo=None), WHEN)
    assert _logged(Observation("gps-1", ObservationKind.HEARTBEAT, WHEN, WHEN), 1).seq == 1
