"""A connection's read deadline (valvo.gateway.read_deadline): one timer per connection, moved
by each read; the reading task is cancelled only once the deadline it was reading under passed,
and never while it is not reading."""

from __future__ import annotations

import asyncio

import pytest

from valvo.cli.process_tuning import run
from valvo.gateway.read_deadline import ReadDeadline


async def read_until(deadline_s: float, reads: int, every_s: float) -> tuple[str | None, int]:
    """Reads ``reads`` times, each ``every_s`` apart under a deadline ``deadline_s`` ahead,
    then waits for the last deadline: what expired and how many reads completed."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    deadline = ReadDeadline(loop, task)
    done = 0
    try:
        for kind in [*(["idle"] * reads), "last"]:
            deadline.reading(loop.time() + deadline_s, kind)
            try:
                await asyncio.sleep(every_s if kind != "last" else deadline_s * 10)
            except asyncio.CancelledError:
                task.uncancel()
                return deadline.expired, done
            finally:
                deadline.done_reading()
            done += 1
        return None, done
    finally:
        deadline.close()


@pytest.mark.parametrize("loop", ["asyncio", "auto"])
def test_reads_within_the_deadline_never_expire_and_the_last_one_does(loop: str) -> None:
    # Twenty reads 10 ms apart under a 50 ms deadline: 200 ms in all, four times the deadline.
    assert run(read_until(0.05, 20, 0.01), loop) == ("last", 20)  # type: ignore[arg-type]


@pytest.mark.parametrize("loop", ["asyncio", "auto"])
def test_a_read_slower_than_its_deadline_expires_under_its_kind(loop: str) -> None:
    assert run(read_until(0.02, 1, 0.2), loop) == ("idle", 0)  # type: ignore[arg-type]


async def test_no_cancel_while_not_reading_and_an_earlier_deadline_takes_the_timer() -> None:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    deadline = ReadDeadline(loop, task)
    try:
        deadline.reading(loop.time() + 0.01, "idle")
        deadline.done_reading()
        await asyncio.sleep(0.05)  # storing frames: the passed deadline does not apply
        assert deadline.expired is None
        deadline.reading(loop.time() + 60, "idle")
        deadline.reading(loop.time() + 0.02, "frame")  # a started frame's deadline is sooner
        with pytest.raises(asyncio.CancelledError):
            await asyncio.sleep(1)
        task.uncancel()
        assert deadline.expired == "frame"
    finally:
        deadline.close()
