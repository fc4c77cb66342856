"""An observation's stored measurements (valvo.services.telemetry.payload_of): every payload
field in order, then alarms and attributes, and observation_of reads them back."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

from tests.support.factories import every_measurement
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.services.telemetry import PAYLOAD_FIELDS, observation_of, payload_of

WHEN = datetime(2027, 5, 1, 12, tzinfo=UTC)


def test_the_payload_holds_every_measurement_in_order() -> None:
    obs = every_measurement(ObservationKind.POSITION, WHEN, WHEN, valid=True)
    payload = payload_of(obs)
    assert list(payload) == [*PAYLOAD_FIELDS, "alarms", "attributes"]
    assert payload == {
        **{f: getattr(obs, f) for f in PAYLOAD_FIELDS},
        "alarms": ["sos"],
        "attributes": {"io": 1},
    }
    # Every measurement the observation has is stored (a new field must be added here too).
    stored = {f.name for f in fields(Observation)} - {"device_id", "kind", "device_time"}
    assert stored - {"received_at", "seq"} == set(payload)
    back = observation_of(
        device_id="gps-1", kind="position", device_time=WHEN, received_at=WHEN, payload=payload
    )
    assert back == replace(obs, alarms=("sos",))
