"""A retry loop ends when it is stopped even if a library turned the cancellation into its own
error (nats-py: a cancelled fetch on a closing connection raises ConnectionClosedError)."""

from __future__ import annotations

import asyncio

import pytest

from valvo.cancellation import reraise_if_cancelling


class ClosedError(Exception):
    """Stands for the library's own error."""


async def fetch_that_converts_cancellation() -> None:
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        raise ClosedError("connection closed") from None


async def retry_loop(attempts: list[int]) -> None:
    while True:
        try:
            await fetch_that_converts_cancellation()
        except Exception:
            attempts.append(1)
            reraise_if_cancelling()
            await asyncio.sleep(0)


async def test_a_stopped_retry_loop_ends_though_the_library_swallowed_the_cancellation() -> None:
    attempts: list[int] = []
    loop_task = asyncio.create_task(retry_loop(attempts))
    await asyncio.sleep(0.01)
    loop_task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(loop_task, 2)
    assert attempts == [1]  # the converted error was seen once, and the loop stopped


async def test_an_error_of_a_task_not_being_stopped_is_left_to_the_loop() -> None:
    async def fails_once() -> str:
        try:
            raise ClosedError("a real failure")
        except Exception:
            reraise_if_cancelling()  # not being cancelled: nothing raised here
            return "retried"

    assert await fails_once() == "retried"
