"""Every record a decoder emits becomes a domain observation of a declared kind; a record type
nobody declared is a decode error, never a silent ``status`` observation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from valvo.domain.telemetry import ObservationKind
from valvo.gateway.frame_ingest import decode_frames
from valvo.gateway.stats import ListenerStats
from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


class _MistypedDecoder:
    """A decoder with a bug: it names a record type that does not exist."""

    name = "mistyped"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        return DecodeResult(records=(DecodedRecord(type="posiiton", device="dev-1", time=T0),))


def test_a_record_of_an_undeclared_type_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="unknown record type 'posiiton'"):
        DecodedRecord(type="posiiton", device="dev-1")


def test_the_gateway_refuses_a_frame_whose_record_type_is_undeclared() -> None:
    stats = ListenerStats()
    batch = decode_frames(
        _MistypedDecoder(),
        Session(),
        [b"frame"],
        protocol="mistyped",
        peer=None,
        clock=lambda: T0,
        stats=stats,
    )
    assert batch.frames == []  # nothing reaches the log as a status observation
    assert batch.refusal is not None
    assert batch.refusal.kind == "undecodable"
    assert "unknown record type" in batch.refusal.reason


@pytest.mark.parametrize(
    ("record_type", "kind"),
    [
        ("position", ObservationKind.POSITION),
        ("event", ObservationKind.DEVICE_EVENT),
        ("presence", ObservationKind.PRESENCE),
        ("cells", ObservationKind.STATUS),
        ("reply", ObservationKind.STATUS),
    ],
)
def test_a_record_becomes_the_observation_of_its_declared_kind(
    record_type: str, kind: ObservationKind
) -> None:
    from valvo.protocols.base import RECORD_KINDS

    record = DecodedRecord(type=record_type, lat=60.17, lon=24.94, alarms=("sos",))
    obs = record.observation("dev-1", received_at=T0)
    assert (obs.kind, obs.device_id, obs.device_time, obs.lat, obs.alarms) == (
        kind,
        "dev-1",
        T0,  # no time of its own: it happened when it was received
        60.17,
        ("sos",),
    )
    assert RECORD_KINDS[record_type] is kind
