"""Property tests for the OsmAnd decoder (query strings and JSON bodies): random text and mutated
corpus messages never raise anything but DecodeError, and every record prints as the
`valvo decode` contract (finite numbers, coordinates in range)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.vectors import vectors
from valvo.cli.decode import record_to_json
from valvo.protocols.base import DecodeError, Session
from valvo.protocols.osmand.decoder import OsmAndDecoder

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLES = [v["raw"].encode() for v in vectors("osmand")]
# Characters that matter to a query string or a JSON body, and values that upset number parsing.
SPECIAL = st.sampled_from(
    [
        b"&",
        b"=",
        b"?",
        b"%",
        b"{",
        b"}",
        b'"',
        b":",
        b",",
        b"[",
        b"]",
        b"nan",
        b"inf",
        b"-",
        b"1e999",
        b"\x00",
        b"\xff",
        b"lat=",
        b"lon=",
        b"timestamp=",
        b"id=",
    ]
)


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        operation = draw(st.integers(0, 3))
        if operation == 0:
            data[where:where] = draw(SPECIAL)
        elif operation == 1:
            del data[where : where + draw(st.integers(1, 8))]
        elif operation == 2 and data:
            data[min(where, len(data) - 1)] = draw(st.integers(0, 255))
        else:
            del data[where:]  # truncated
    return bytes(data)


@EXAMPLES
@given(message=st.one_of(st.binary(max_size=300), mutants()))
def test_osmand_raises_only_decode_error(message: bytes) -> None:
    try:
        result = OsmAndDecoder().decode(message, Session())
    except DecodeError:
        return
    for record in result.records:
        printed = json.loads(json.dumps(record_to_json(record, result.ack), allow_nan=False))
        if record.lat is not None and record.lon is not None:
            assert -90 <= printed["lat"] <= 90
            assert -180 <= printed["lon"] <= 180
        for key in ("speed_kmh", "course", "altitude_m", "accuracy_m", "battery_pct"):
            value = printed[key]
            assert value is None or math.isfinite(value)


def test_the_corpus_samples_are_there() -> None:
    assert len(SAMPLES) >= 10
    with pytest.raises(DecodeError):
        OsmAndDecoder().decode(b"lat=60.1&lon=24.9", Session())  # no device id
