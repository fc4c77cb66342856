"""The device-protocol conformance corpus in ../shared/protocols, and a way to run `valvo decode`.

Vectors are read in place (never copied into the project). ``run_decode`` goes through the public
``valvo decode`` command in-process (Typer's runner), so every vector exercises the contract.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from valvo.cli.main import app

# Beside the checkout (/work/main -> /work/shared); VALVO_PROTOCOL_VECTORS names it elsewhere
# (a worktree one level deeper).
CORPUS = Path(
    os.environ.get("VALVO_PROTOCOL_VECTORS")
    or Path(__file__).resolve().parents[2].parent / "shared" / "protocols"
)
TOLERANCE_DEG = 1e-5


@cache
def load_vectors(protocol: str) -> tuple[dict[str, Any], ...]:
    path = CORPUS / f"{protocol}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


def vectors(protocol: str, layer: str = "decoder") -> list[dict[str, Any]]:
    return [v for v in load_vectors(protocol) if v["layer"] == layer]


@dataclass(frozen=True)
class DecodeRun:
    exit_code: int
    records: list[dict[str, Any]]
    stderr: str


_runner = CliRunner()


def run_decode(protocol: str, vector: dict[str, Any], *extra: str) -> DecodeRun:
    """Run ``valvo decode PROTOCOL --hex|--text RAW [extra...]`` on a corpus vector."""
    flag = "--hex" if vector["kind"] == "hex" else "--text"
    result = _runner.invoke(app, ["decode", protocol, flag, vector["raw"], *extra])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return DecodeRun(result.exit_code, records, result.stderr)


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def assert_location_checked(record: dict[str, Any], *, message_has_time: bool = True) -> None:
    """Traccar's generic sanity checks behind ``location_checked`` (README of the corpus).

    A message that carries no time decodes with ``time`` null: the gateway stamps it with the
    receive time, as Traccar stamps it with server time.
    """
    assert record["device"], "device id present"
    if message_has_time:
        assert record["time"] is not None, "fix time present"
        assert parse_time(record["time"]).year >= 1999
    else:
        assert record["time"] is None
    assert record["lat"] is not None
    assert -90 <= record["lat"] <= 90
    assert record["lon"] is not None
    assert -180 <= record["lon"] <= 180
    if record["altitude_m"] is not None:
        assert -12262 <= record["altitude_m"] <= 18000
    if record["speed_kmh"] is not None:
        assert 0 <= record["speed_kmh"] <= 869 * 1.852
    if record["course"] is not None:
        assert 0 <= record["course"] <= 360
    if record["battery_pct"] is not None:
        assert 0 <= record["battery_pct"] <= 100


# Traccar keeps alarm and battery level among a position's attributes; Valvo promotes them to
# record fields (``alarms``, ``battery_pct``, ``satellites``).


def traccar_attributes(record: dict[str, Any]) -> dict[str, Any]:
    """A record's attributes as Traccar names them: ``attributes`` plus the promoted fields
    (``alarm`` is the comma-joined ``alarms``)."""
    merged = dict(record.get("attributes") or {})
    if record.get("alarms"):
        merged["alarm"] = ",".join(record["alarms"])
    if record.get("battery_pct") is not None:
        merged["batteryLevel"] = record["battery_pct"]
    if record.get("satellites") is not None:
        merged["sat"] = record["satellites"]
    return merged


def traccar_attribute(record: dict[str, Any], key: str) -> Any:
    """One Traccar attribute of a record (None when absent), honouring promoted fields."""
    return traccar_attributes(record).get(key)


def assert_towers_checked(record: dict[str, Any]) -> None:
    """Traccar's generic checks on cell towers and Wi-Fi access points, where a record has any."""
    attributes = record.get("attributes") or {}
    for cell in attributes.get("cells", []):
        assert 0 <= cell["mcc"] <= 999, cell
        assert 0 <= cell["mnc"] <= 999, cell
        assert 1 <= cell["lac"] <= 65535, cell
        assert 0 <= cell["cid"] <= 268435455, cell
    for access_point in attributes.get("wifi", []):
        assert re.fullmatch(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}", access_point["mac"]), access_point


# Records that carry no data of their own: a reply-only result, or the bookkeeping of a login or
# heartbeat. Traccar's null result ("none") allows only these.
BOOKKEEPING_TYPES = frozenset({"ack_only", "heartbeat", "login"})


def assert_expectation(
    run: DecodeRun, vector: dict[str, Any], *, message_has_time: bool = True
) -> None:
    """The shape and values a decoder vector's ``expect`` block asks for (corpus README).

    ``none``: Traccar returns null. Valvo then decodes either no record at all (exit 2) or only
    bookkeeping records that carry the server's reply. Attribute checks use Traccar's names
    (:func:`traccar_attributes`).
    """
    expect = vector["expect"]
    if expect["result"] == "none":
        assert all(r["type"] in BOOKKEEPING_TYPES for r in run.records), run.records
        assert all(r["lat"] is None for r in run.records)
        return
    assert run.exit_code == 0, run.stderr
    records = [r for r in run.records if r["type"] != "ack_only"]
    if expect["result"] == "position":
        assert len(records) == 1, records
    else:
        assert len(records) >= expect.get("min_count", 1), records
    for record in records:
        assert_towers_checked(record)
        if expect.get("location_checked"):
            assert_location_checked(record, message_has_time=message_has_time)
    first = records[0]
    if expect.get("attributes_nonempty"):
        assert traccar_attributes(first), first
    for key, value in expect.get("attributes", {}).items():
        assert traccar_attribute(first, key) == value, (key, first)
    if "latitude" in expect:
        assert first["lat"] == pytest.approx(expect["latitude"], abs=expect["tolerance_deg"])
        assert first["lon"] == pytest.approx(expect["longitude"], abs=expect["tolerance_deg"])
        assert parse_time(first["time"]) == parse_time(expect["fixTime"])
        assert first["valid"] is expect["valid"]
