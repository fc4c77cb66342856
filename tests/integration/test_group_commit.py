"""The group commit: a frame the database refuses fails alone, and a failing database fails all."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select, text

from tests.support.factories import fix
from valvo.adapters.db.tables import observations
from valvo.bootstrap import Valvo
from valvo.services.telemetry import FrameStatus, LogEntry, RawFrame

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def frame(device: str, key: str, attributes: dict[str, object] | None = None) -> RawFrame:
    observation = replace(fix(T0, device=device), attributes=attributes or {})
    raw = f"/?id={device}&k={key}".encode()
    entry = LogEntry(observation, "osmand", raw, "127.0.0.1:1", key)
    return RawFrame(device, "osmand", raw, "127.0.0.1:1", T0, (entry,), "f" + key)


async def test_a_frame_the_database_refuses_costs_only_its_own_request(valvo: Valvo) -> None:
    writer = valvo.log_writer()
    runner = asyncio.create_task(writer.run())
    try:
        # Queued before the writer runs, so all three requests share one batch.
        good_before = asyncio.ensure_future(writer.append_frames([frame("dev-1", "k1")]))
        # The poisoned frame fails the batch's transaction on both databases (not JSON).
        mixed = asyncio.ensure_future(
            writer.append_frames(
                [
                    frame("dev-2", "k2"),
                    frame("dev-2", "k3", {"blob": object()}),
                    frame("dev-2", "k4"),
                ]
            )
        )
        good_after = asyncio.ensure_future(writer.append_frames([frame("dev-3", "k5")]))
        (before,), outcomes, (after,) = await asyncio.gather(good_before, mixed, good_after)
    finally:
        runner.cancel()
    assert before.status is FrameStatus.STORED
    assert after.status is FrameStatus.STORED
    assert [o.status for o in outcomes] == [
        FrameStatus.STORED,
        FrameStatus.REFUSED,
        FrameStatus.REFUSED,
    ]
    assert str(outcomes[1].reason).startswith("not storable")
    with valvo.db.connect() as conn:
        stored = conn.execute(select(observations.c.device_identifier)).scalars().all()
    assert sorted(stored) == ["dev-1", "dev-2", "dev-3"]


async def test_a_failing_database_fails_every_request_of_the_batch(valvo: Valvo) -> None:
    writer = valvo.log_writer()
    with valvo.db.begin() as conn:
        conn.execute(text("DROP TABLE observations"))
    runner = asyncio.create_task(writer.run())
    try:
        requests = [
            asyncio.ensure_future(writer.append_frames([frame(f"dev-{n}", f"k{n}")]))
            for n in range(5)
        ]
        results = await asyncio.gather(*requests, return_exceptions=True)
    finally:
        runner.cancel()
    assert all(isinstance(r, Exception) for r in results)
