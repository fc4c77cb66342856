"""The device-visit feed's own rules (R39, R40): a gap in the log's numbering that may still be
committing holds the round back, an old gap (a rolled-back append, retention) does not; and the
loop ``valvo serve`` runs survives a failing round and stops when told."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from valvo.engine.device_visit_loop import DeviceVisitCollector, run_device_visit_collector
from valvo.services.bus.messages import Command
from valvo.services.cases.adjudication_commands import CollectDeviceVisits
from valvo.services.cases.device_feed import SETTLE, Round, _settled

NOW = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # the night the clocks go forward in Helsinki


def _rows(*seqs: int, age: timedelta) -> list[dict[str, Any]]:
    return [{"seq": s, "received_at": NOW - age} for s in seqs]


def test_a_fresh_gap_holds_the_round_back_before_it() -> None:
    rows = _rows(11, 12, 14, 15, age=timedelta(seconds=5))
    assert [r["seq"] for r in _settled(rows, 10, NOW)] == [11, 12]
    assert [r["seq"] for r in _settled(rows, 9, NOW)] == []


def test_an_old_gap_is_passed() -> None:
    rows = _rows(11, 12, 14, 15, age=SETTLE + timedelta(seconds=1))
    assert [r["seq"] for r in _settled(rows, 0, NOW)] == [11, 12, 14, 15]


def test_the_loop_survives_a_failing_round_and_stops_when_told() -> None:
    stop = asyncio.Event()
    seen: list[Command] = []

    def handle(command: Command) -> Round:
        seen.append(command)
        if len(seen) == 1:
            raise RuntimeError("database went away")
        if len(seen) == 3:
            stop.set()
        return Round(0, [], [])

    collector = DeviceVisitCollector(handle)
    asyncio.run(asyncio.wait_for(run_device_visit_collector(collector, 0.01, lambda: NOW, stop), 5))
    assert len(seen) == 3
    assert all(isinstance(c, CollectDeviceVisits) and c.at == NOW for c in seen)
