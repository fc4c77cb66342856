"""The seals' canonical text written out per table is the text the generic canonical JSON gives
(valvo.adapters.db.evidence): any difference would break every stored seal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valvo.adapters.db import evidence
from valvo.adapters.db.evidence import (
    CANONICAL_TEXT,
    CONTENT,
    UnreadableValue,
    canonical,
    row_mac,
)

texts = st.one_of(st.none(), st.text(max_size=12))
numbers = st.one_of(st.none(), st.floats(), st.integers(-(10**20), 10**20))
# hypothesis bounds aware datetimes by naive ones; each drawn value gets one of the zones.
instants = st.datetimes(
    min_value=datetime(1971, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=3))]),
)
scalars = st.one_of(st.none(), st.booleans(), st.floats(), st.integers(), st.text(max_size=8))
payloads = st.dictionaries(
    st.text(max_size=8),
    st.one_of(
        scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=4), scalars)
    ),
    max_size=12,
)


def _generic(table: str, row: dict[str, Any]) -> str:
    return json.dumps(CONTENT[table](row), sort_keys=True, separators=(",", ":"), default=str)


@given(
    subject=st.text(max_size=36),
    device=texts,
    time=instants,
    lat=numbers,
    lon=numbers,
    accuracy=numbers,
    speed=numbers,
    seq=st.integers(0, 2**63),
)
def test_a_position_reads_as_the_generic_canonical_json(
    subject: str,
    device: str | None,
    time: datetime,
    lat: float | None,
    lon: float | None,
    accuracy: float | None,
    speed: float | None,
    seq: int,
) -> None:
    row = {
        "subject_id": subject,
        "device_id": device,
        "time": time,
        "lat": lat,
        "lon": lon,
        "accuracy_m": accuracy,
        "speed_kmh": speed,
        "seq": seq,
    }
    assert CANONICAL_TEXT["positions"](row) == _generic("positions", row)


@given(
    device=st.text(max_size=20),
    kind=st.text(max_size=10),
    time=instants,
    payload=payloads,
    raw=st.binary(max_size=40),
    peer=texts,
    dedup_key=texts,
    quarantined=st.one_of(st.booleans(), st.integers(0, 2)),
)
def test_an_observation_reads_as_the_generic_canonical_json(
    device: str,
    kind: str,
    time: datetime,
    payload: dict[str, Any],
    raw: bytes,
    peer: str | None,
    dedup_key: str | None,
    quarantined: bool | int,
) -> None:
    row = {
        "device_identifier": device,
        "protocol": "teltonika",
        "kind": kind,
        "device_time": time,
        "received_at": time + timedelta(seconds=3),
        "payload": payload,
        "raw": raw,
        "peer": peer,
        "dedup_key": dedup_key,
        "quarantined": quarantined,
    }
    assert CANONICAL_TEXT["observations"](row) == _generic("observations", row)


def test_odd_values_take_the_encoder_itself() -> None:
    # A stored number as a string, an unusual payload: whatever the generic text is.
    when = datetime(2027, 1, 1, tzinfo=UTC)
    row = {
        "subject_id": "s",
        "device_id": 7,
        "time": when,
        "lat": True,
        "lon": 1e16,
        "accuracy_m": float("nan"),
        "speed_kmh": float("-inf"),
        "seq": "12",
    }
    with pytest.raises(UnreadableValue):
        CANONICAL_TEXT["positions"](row)
    row["lat"] = 1.5
    assert CANONICAL_TEXT["positions"](row) == _generic("positions", row)
    obs = {
        "device_identifier": "d\u00e9v",
        "protocol": "p",
        "kind": "position",
        "device_time": when,
        "received_at": when,
        "payload": {"when": when, "b": [1, 2.5, None], "a": {"z": 1, "y": "\u2603"}},
        "raw": memoryview(b"x"),
        "peer": None,
        "dedup_key": None,
        "quarantined": 0,
    }
    assert CANONICAL_TEXT["observations"](obs) == _generic("observations", obs)
    assert row_mac(b"k", "observations", obs) == row_mac(b"k", "observations", dict(obs))
    assert canonical({"b": 1, "a": [2]}) == '{"a":[2],"b":1}'


def test_a_bad_row_fails_as_before() -> None:
    when = datetime(2027, 1, 1, tzinfo=UTC)
    row = {
        "subject_id": "s",
        "device_id": "d",
        "time": when.replace(tzinfo=None),
        "lat": "x",
        "lon": 1.0,
        "accuracy_m": None,
        "speed_kmh": None,
        "seq": 1,
    }
    with pytest.raises(UnreadableValue, match="instant"):
        CANONICAL_TEXT["positions"](row)
    with pytest.raises(UnreadableValue, match="instant"):
        CONTENT["positions"](row)


def test_an_instant_seals_as_its_utc_text_remembered_or_not() -> None:
    """The UTC text of instants sealed lately is remembered (``evidence._ISO``): the same
    instant gives the same text, in UTC or another offset, first time or again."""
    utc = datetime(2026, 12, 7, 22, 30, 1, 250, tzinfo=UTC)
    elsewhere = utc.astimezone(timezone(timedelta(hours=2)))
    texts = {evidence._instant(v) for v in (utc, elsewhere, utc, elsewhere)}
    assert texts == {"2026-12-07T22:30:01.000250+00:00"}


def test_the_two_instants_of_a_repeated_hour_seal_apart() -> None:
    """In a zone whose clocks go back, 02:30 happens twice: the two are equal as Python compares
    them (same zone, ``fold`` ignored) but an hour apart, and must not share a remembered
    text."""
    zone = ZoneInfo("Europe/Brussels")
    first = datetime(2026, 10, 25, 2, 30, tzinfo=zone)
    second = first.replace(fold=1)
    assert first == second
    assert evidence._instant(first) == "2026-10-25T00:30:00+00:00"
    assert evidence._instant(second) == "2026-10-25T01:30:00+00:00"
