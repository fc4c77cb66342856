"""The engine when its batch commit fails (the database restarted under it): the worker keeps
running and retries, and the retry must give what one clean commit would have given.

Found by the fault tests (tests/faults): the rules advance each person's state in memory while
the batch is evaluated, before the commit. Retrying the same observations on that advanced state
saw "already inside the zone" and raised nothing: an alarm lost. And when the commit did reach
the database but its answer did not (the connection dropped after COMMIT), the retry wrote the
batch's positions a second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import Table, func, select

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine_store import SqlEngineBatch, SqlEngineStore
from valvo.bootstrap import Valvo
from valvo.engine.worker import EngineWorker
from valvo.services.telemetry import LogEntry

WORKDAY = [{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}]


class FlakyStore(SqlEngineStore):
    """Fails the next commit: before it reaches the database, or after it committed."""

    fail_next: str | None = None  # "before" or "after"

    @contextmanager
    def batch(self) -> Iterator[SqlEngineBatch]:
        failure, self.fail_next = self.fail_next, None
        if failure == "before":
            raise ConnectionError("the database went away before the commit")
        with super().batch() as tx:
            yield tx
        if failure == "after":
            raise ConnectionError("the database went away before it answered the commit")


def count(valvo: Valvo, table: Table, **where: object) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with valvo.db.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


@pytest.mark.parametrize("failure", ["before", "after"])
def test_a_failed_batch_commit_is_retried_as_if_it_had_never_run(
    valvo: Valvo, clock: FakeClock, failure: str
) -> None:
    person = register_person(valvo, weekly=WORKDAY)  # out at work now: only the zone matters
    store = FlakyStore(valvo.db, "engine")
    worker = EngineWorker(valvo.observation_log(), store, valvo.publish, intake=valvo.desk.intake)
    worker.step(clock.now)  # the start-up evaluation of everyone under an order
    now = clock.now
    valvo.observation_log().append(
        [
            LogEntry(f, "osmand", b"raw", None, None)
            for f in (
                fix(now, device=person.device),
                fix(now + timedelta(seconds=30), east_m=1000, device=person.device),  # inside
            )
        ]
    )
    store.fail_next = failure
    with pytest.raises(ConnectionError):
        worker.step(clock.advance(minutes=1))
    worker.step(clock.advance(seconds=1))  # the engine loop retries

    assert count(valvo, t.positions) == 2
    assert count(valvo, t.alarms, kind="exclusion_zone_entered") == 1
    assert worker.position == SqlEngineStore(valvo.db, "engine").offset()
    # Nothing is left to do, and nothing is done twice afterwards.
    assert worker.step(clock.advance(seconds=1)).observations == 0
    assert count(valvo, t.positions) == 2
