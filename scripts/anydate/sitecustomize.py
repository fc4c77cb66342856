"""Loaded by ``./dev test-dates`` only (through PYTHONPATH), in every Python process of the
any-date run: libfaketime 0.9.10 cannot fake the monotonic clock without breaking timed lock
waits (``threading.Event.wait`` waits for years), and with the monotonic clock left real
(``FAKETIME_DONT_FAKE_MONOTONIC=1``) its ``clock_nanosleep`` refuses Python's absolute-deadline
``time.sleep`` with EINVAL. So ``time.sleep`` waits in ``select`` instead (a relative timeout,
which libfaketime leaves alone). Nothing of Valvo's behaviour changes: only how a process
sleeps under the tool."""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
