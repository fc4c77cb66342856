"""Cancellation that a library swallowed or turned into its own error, noticed by the loop.

A retry loop's ``except Exception`` may receive a cancellation in disguise (nats-py raises
ConnectionClosedError from a cancelled fetch on a closing connection), and on Python 3.11
``asyncio.wait_for`` returns the awaited result instead of raising when the result and the
cancellation arrive in the same instant. A loop that carried on would never end; it calls
:func:`reraise_if_cancelling` after such a wait and in such a handler.
"""

from __future__ import annotations

import asyncio


def reraise_if_cancelling() -> None:
    """Raise CancelledError when the current task is being cancelled."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
