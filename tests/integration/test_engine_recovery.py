"""A batch whose commit fails leaves no trace in the engine's memory: the retry evaluates from
the stored states, so the alarm the failed batch would have raised is raised, once. And the
loaded rule sets and states are frozen out of the cyclic collector's sight after large loads."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.integration.test_engine import WORKDAY, append_fixes
from tests.support.caseload import register_person
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.bootstrap import Valvo
from valvo.engine.worker import EngineWorker


def alarms(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.alarms)).scalar() or 0)


class FailingOnce(SqlEngineStore):
    """The database goes away during the next batch's commit while ``armed``."""

    armed = True

    def write(self, *args: Any, **kwargs: Any) -> Any:
        if self.armed:
            self.armed = False
            raise ConnectionError("server closed the connection unexpectedly")
        return super().write(*args, **kwargs)


def test_the_alarm_of_a_batch_whose_commit_failed_is_raised_on_retry(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, weekly=WORKDAY)
    worker = EngineWorker(valvo.observation_log(), FailingOnce(valvo.db, "engine"))
    append_fixes(valvo, fix(clock.now, east_m=1000, device=person.device))
    with pytest.raises(ConnectionError):
        worker.step(clock.advance(seconds=10))
    assert alarms(valvo) == 0
    result = worker.step(clock.advance(seconds=10))
    assert (result.observations, result.alarms) == (1, 1)
    assert alarms(valvo) == 1


def test_a_deadline_due_in_a_failed_batch_fires_on_retry(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, weekly=WORKDAY, exclusion=False)
    worker = EngineWorker(valvo.observation_log(), SqlEngineStore(valvo.db, "engine"))
    append_fixes(valvo, fix(clock.now, east_m=2000, device=person.device))  # out, at work
    worker.step(clock.advance(seconds=10))
    failing = FailingOnce(valvo.db, "engine")
    failing.armed = False
    worker = EngineWorker(valvo.observation_log(), failing)
    worker.step(clock.now)  # loads the stored state
    failing.armed = True
    # 16:00 local (14:00 UTC): presence required, the person is far away; the commit fails.
    with pytest.raises(ConnectionError):
        worker.step(clock.now.replace(hour=14, minute=30))
    assert alarms(valvo) == 0
    raised = worker.step(clock.now.replace(hour=14, minute=31)).alarms
    assert raised >= 1  # required presence missed (and the tracker silent)
    assert alarms(valvo) == raised
    assert worker.step(clock.now.replace(hour=14, minute=32)).alarms == 0
    assert alarms(valvo) == raised


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_loaded_subjects_are_frozen_out_of_the_collector(
    valvo: Valvo, clock: FakeClock, unfrozen: None
) -> None:
    for i in range(3):
        register_person(valvo, device=f"dev-{i}", weekly=WORKDAY)
    worker = EngineWorker(
        valvo.observation_log(), SqlEngineStore(valvo.db, "engine"), freeze_after=2
    )
    before = gc.get_freeze_count()
    worker.step(clock.now + timedelta(seconds=1))  # everyone is evaluated once at start
    assert worker.frozen == 1
    assert gc.get_freeze_count() > before
