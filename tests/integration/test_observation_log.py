"""The durable observation log: batches, log positions, resends recognised, nothing half-stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import StatementError

from tests.support.factories import fix
from valvo.bootstrap import Valvo
from valvo.services.telemetry import LogEntry

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def entry(key: str | None, device: str = "dev-1") -> LogEntry:
    return LogEntry(fix(T0, device=device), "osmand", b"/?id=dev-1", "127.0.0.1:1", key)


def test_append_returns_positions_and_recognises_a_resend(valvo: Valvo) -> None:
    log = valvo.observation_log()
    first = log.append([entry("k1"), entry("k2"), entry(None)])
    positions = [s for s in first if s is not None]
    assert len(positions) == 3
    assert positions == sorted(positions)
    again = log.append([entry("k1"), entry("k3"), entry("k3")])
    assert again[0] is None  # resend of k1
    assert isinstance(again[1], int)
    assert again[2] is None  # the same message twice in one batch is stored once
    stored = log.read_after(0, 100)
    assert [o.seq for o in stored] == [*first, again[1]]
    assert stored[0].device_id == "dev-1"
    assert stored[0].device_time == T0


def test_a_failing_batch_stores_nothing(valvo: Valvo) -> None:
    log = valvo.observation_log()
    log.append([entry("k1")])
    good = entry("k2")
    unstorable = LogEntry(
        replace(fix(T0), attributes={"blob": object()}), "osmand", b"", None, "k3"
    )
    with pytest.raises((StatementError, TypeError), match="not JSON serializable"):
        log.append([good, unstorable])
    assert len(log.read_after(0, 100)) == 1  # the good entry of the failed batch is not there
