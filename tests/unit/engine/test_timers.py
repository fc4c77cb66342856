"""The deadline queue: each subject's next deadline, popped once when due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from valvo.engine.timers import DeadlineQueue

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_due_subjects_pop_once_in_deadline_order() -> None:
    queue = DeadlineQueue()
    queue.schedule("b", T0 + timedelta(seconds=20))
    queue.schedule("a", T0 + timedelta(seconds=10))
    assert queue.next_deadline() == T0 + timedelta(seconds=10)
    assert queue.pop_due(T0) == []
    assert queue.pop_due(T0 + timedelta(seconds=30)) == ["a", "b"]
    assert queue.pop_due(T0 + timedelta(seconds=30)) == []
    assert len(queue) == 0


def test_rescheduling_supersedes_the_old_deadline() -> None:
    queue = DeadlineQueue()
    queue.schedule("a", T0 + timedelta(seconds=10))
    queue.schedule("a", T0 + timedelta(seconds=60))
    assert queue.pop_due(T0 + timedelta(seconds=30)) == []
    assert queue.next_deadline() == T0 + timedelta(seconds=60)
    queue.schedule("a", None)
    assert queue.next_deadline() is None
