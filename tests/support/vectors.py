"""The device-protocol conformance corpus in ../shared/protocols, and a way to run `valvo decode`.

Vectors are read in place (never copied into the project). ``run_decode`` goes through the public
``valvo decode`` command in-process (Typer's runner), so every vector exercises the contract.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from valvo.cli.main import app

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "protocols"
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
