"""The desk's pipeline alarm judged at a given ``now``: the engine too far behind the log, no
frame at all while devices are assigned, and neither when the data keeps up."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.pipeline_health import (
    BehindReason,
    HealthBounds,
    PipelineSnapshot,
    assess,
    is_silent,
)

NOW = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)
BOUNDS = HealthBounds(lag_alarm=timedelta(seconds=120), no_frame_alarm=timedelta(minutes=10))


def snapshot(
    pending_since: timedelta | None = None,
    behind: int | None = 0,
    last_frame_ago: timedelta | None = timedelta(seconds=5),
    assigned: int = 3,
) -> PipelineSnapshot:
    return PipelineSnapshot(
        backend="database",
        log_head=100,
        engine_position=100 - (behind or 0),
        messages_behind=behind,
        oldest_pending_at=None if pending_since is None else NOW - pending_since,
        last_frames={} if last_frame_ago is None else {"osmand": NOW - last_frame_ago},
        assigned_devices=assigned,
        assigned_since=NOW - timedelta(days=1) if assigned else None,
    )


def test_keeping_up_raises_nothing() -> None:
    health = assess(snapshot(pending_since=timedelta(seconds=3), behind=4), NOW, BOUNDS)
    assert not health.behind
    assert health.lag == timedelta(seconds=3)


def test_engine_lag_past_the_bound_is_behind() -> None:
    at_bound = assess(snapshot(pending_since=timedelta(seconds=120), behind=9), NOW, BOUNDS)
    assert not at_bound.behind
    past = assess(snapshot(pending_since=timedelta(seconds=121), behind=9), NOW, BOUNDS)
    assert past.reasons == (BehindReason.ENGINE_LAG,)


def test_no_frames_while_devices_are_assigned_is_behind() -> None:
    quiet = snapshot(last_frame_ago=timedelta(minutes=10, seconds=1))
    assert assess(quiet, NOW, BOUNDS).reasons == (BehindReason.NO_FRAMES,)
    never = snapshot(last_frame_ago=None)
    assert assess(never, NOW, BOUNDS).reasons == (BehindReason.NO_FRAMES,)
    # Devices assigned five minutes ago and never heard: not overdue yet.
    fresh = dataclasses.replace(never, assigned_since=NOW - timedelta(minutes=5))
    assert not assess(fresh, NOW, BOUNDS).behind
    # A device assigned long ago, last heard an hour ago, another assigned a minute ago: overdue
    # (the oldest assignment in force counts, not the newest).
    long_quiet = snapshot(last_frame_ago=timedelta(hours=1))
    assert assess(long_quiet, NOW, BOUNDS).reasons == (BehindReason.NO_FRAMES,)
    # Nobody to hear from: silence is no alarm.
    assert not assess(snapshot(last_frame_ago=None, assigned=0), NOW, BOUNDS).behind


def test_both_reasons_together() -> None:
    both = snapshot(pending_since=timedelta(hours=1), behind=50, last_frame_ago=timedelta(hours=1))
    assert assess(both, NOW, BOUNDS).reasons == (BehindReason.ENGINE_LAG, BehindReason.NO_FRAMES)


def test_unknown_lag_raises_no_lag_alarm() -> None:
    health = assess(snapshot(behind=None), NOW, BOUNDS)
    assert health.lag is None
    assert not health.behind


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        assess(snapshot(), NOW.replace(tzinfo=None), BOUNDS)


def test_silence_is_past_the_expected_interval() -> None:
    ten = timedelta(minutes=10)
    assert not is_silent(NOW - ten, ten, NOW)
    assert is_silent(NOW - ten - timedelta(seconds=1), ten, NOW)
