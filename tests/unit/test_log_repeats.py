"""A fault repeating in a tight loop (the accept error when descriptors run out) must not flood
the log: equal lines are written a bounded number of times per window, and the next window's
first line says how many were left out."""

from __future__ import annotations

import logging

import structlog

from valvo.logging import RepeatFilter, RepeatLimiter, limit_repeats


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_a_library_error_repeated_in_a_loop_is_written_a_bounded_number_of_times() -> None:
    clock = Clock()
    handler = Lines()
    handler.addFilter(RepeatFilter(RepeatLimiter(per_window=20, window_s=60, clock=clock)))
    logger = logging.getLogger("test.asyncio.accept")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for _ in range(100_000):
            logger.error("socket.accept() out of system resource")
        logger.error("another fault")
        clock.now = 61
        logger.error("socket.accept() out of system resource")
    finally:
        logger.removeHandler(handler)
    assert handler.lines.count("socket.accept() out of system resource") == 20
    assert "another fault" in handler.lines
    assert handler.lines[-1] == ("socket.accept() out of system resource [99980 like it left out]")


def test_valvos_own_equal_events_are_limited_but_different_ones_are_not() -> None:
    processor = limit_repeats(RepeatLimiter(per_window=3, window_s=60, clock=Clock()))

    def written(events: list[dict[str, str]]) -> int:
        count = 0
        for event in events:
            try:
                processor(None, "warning", dict(event))
            except structlog.DropEvent:
                continue
            count += 1
        return count

    refused = {"event": "tcp connection refused", "reason": "connection budget reached"}
    assert written([refused] * 10) == 3
    closed = [{"event": "tcp connection closed", "peer": f"10.0.0.{n}"} for n in range(10)]
    assert written(closed) == 10
