"""Every OsmAnd decoder vector of the corpus through `valvo decode`, with the values it gives."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.vectors import (
    TOLERANCE_DEG,
    assert_location_checked,
    parse_time,
    run_decode,
    vectors,
)

OSMAND = vectors("osmand")


@pytest.mark.parametrize("vector", OSMAND, ids=[v["id"] for v in OSMAND])
def test_osmand_vector(vector: dict[str, Any]) -> None:
    run = run_decode("osmand", vector)
    expect, derived = vector["expect"], vector.get("derived", {})
    if expect["result"] == "none":
        # osmand-006 has no device id: Traccar returns nothing and answers 400; so do we.
        assert run.exit_code == 2
        assert run.records == []
        assert "device id" in run.stderr
        return
    assert run.exit_code == 0, run.stderr
    assert len(run.records) == 1
    record = run.records[0]
    if expect.get("location_checked"):
        assert_location_checked(record, message_has_time="timestamp" in vector["raw"])
    if "latitude" in derived:
        assert record["lat"] == pytest.approx(derived["latitude"], abs=TOLERANCE_DEG)
        assert record["lon"] == pytest.approx(derived["longitude"], abs=TOLERANCE_DEG)
    if "fixTime" in derived:
        assert parse_time(record["time"]) == parse_time(derived["fixTime"])
    if "accuracy_m" in derived:
        assert record["accuracy_m"] == derived["accuracy_m"]
    if "batteryLevel_pct" in derived:
        assert record["battery_pct"] == derived["batteryLevel_pct"]
    if "speed_mps" in derived:
        assert record["speed_kmh"] == pytest.approx(derived["speed_mps"] * 3.6)
    for key, value in expect.get("attributes", {}).items():
        assert record["attributes"].get(key) == value
    assert record["ack"] is None  # the HTTP status is OsmAnd's acknowledgement


def test_query_speed_is_knots_by_default() -> None:
    run = run_decode("osmand", {"kind": "http-query", "raw": "/?id=1&lat=60&lon=25&speed=10"})
    assert run.records[0]["speed_kmh"] == pytest.approx(18.52)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("/?id=1&lat=95&lon=25", "out of range"),
        ("/?id=1&lat=abc&lon=25", "not a number"),
        ("/?id=1&lat=60&lon=25&timestamp=yesterday", "timestamp"),
        ('{"device_id": "1", "location": {}}', "coords"),
        ("{not json", "malformed JSON"),
        ("/?id=1&cell=1,2", "cell"),
    ],
)
def test_invalid_messages_exit_2_with_a_reason(raw: str, reason: str) -> None:
    run = run_decode("osmand", {"kind": "http-query", "raw": raw})
    assert run.exit_code == 2
    assert run.records == []
    assert reason in run.stderr
