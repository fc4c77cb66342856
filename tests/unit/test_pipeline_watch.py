"""The engine process's pipeline watch: a warning each round the data is behind, a line when it
keeps up again, silence while all is well; the loop looks, sleeps and stops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import structlog
from structlog.testing import capture_logs

from valvo.domain.pipeline_health import HealthBounds, PipelineSnapshot
from valvo.engine import pipeline_watch
from valvo.engine.pipeline_watch import run_pipeline_watch, watch_round

NOW = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)


def snapshot(frame_ago: timedelta) -> PipelineSnapshot:
    return PipelineSnapshot(
        backend="database",
        log_head=10,
        engine_position=10,
        messages_behind=0,
        oldest_pending_at=None,
        last_frames={"osmand": NOW - frame_ago},
        assigned_devices=1,
        assigned_since=NOW - timedelta(days=1),
    )


@pytest.fixture
def info_logged(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Info lines reach the capture whichever level an earlier test in this process configured
    (a cached logger keeps the level it was first used at)."""
    config = structlog.get_config()
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG),
        cache_logger_on_first_use=False,
    )
    monkeypatch.setattr(pipeline_watch, "log", structlog.get_logger(pipeline_watch.__name__))
    yield
    structlog.configure(**config)


@pytest.mark.usefixtures("info_logged")
def test_a_round_warns_while_behind_and_notes_the_recovery() -> None:
    quiet, fresh = snapshot(timedelta(hours=1)), snapshot(timedelta(seconds=5))
    with capture_logs() as events:
        assert watch_round(lambda now: quiet, HealthBounds(), NOW, was_behind=False).behind
        assert not watch_round(lambda now: fresh, HealthBounds(), NOW, was_behind=True).behind
        watch_round(lambda now: fresh, HealthBounds(), NOW, was_behind=False)
    assert [e["event"] for e in events] == [
        "data pipeline falling behind",
        "data pipeline keeping up again",
    ]
    assert events[0]["log_level"] == "warning"
    assert events[0]["reasons"] == ["no_frames"]


def test_the_loop_looks_until_stopped() -> None:
    seen: list[datetime] = []

    def read(now: datetime) -> PipelineSnapshot:
        seen.append(now)
        if len(seen) == 2:
            stop.set()
        return snapshot(timedelta(seconds=5))

    stop = asyncio.Event()
    asyncio.run(
        asyncio.wait_for(run_pipeline_watch(read, HealthBounds(), 0.01, lambda: NOW, stop), 5)
    )
    assert seen == [NOW, NOW]
