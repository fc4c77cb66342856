"""A deadline due in a batch whose commit failed is checked again on retry (the alarm of a
failed batch's observations: tests/integration/test_engine_commit_failure.py). And the loaded
rule sets and states are frozen out of the cyclic collector's sight after large loads."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.integration.test_engine import WORKDAY, append_fixes
from tests.integration.test_engine_commit_failure import FlakyStore
from tests.support.caseload import register_person
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.bootstrap import Valvo
from valvo.engine.worker import EngineWorker


def alarms(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.alarms)).scalar() or 0)


def test_a_deadline_due_in_a_failed_batch_fires_on_retry(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, weekly=WORKDAY, exclusion=False)
    worker = EngineWorker(valvo.observation_log(), SqlEngineStore(valvo.db, "engine"))
    append_fixes(valvo, fix(clock.now, east_m=2000, device=person.device))  # out, at work
    worker.step(clock.advance(seconds=10))
    failing = FlakyStore(valvo.db, "engine")
    worker = EngineWorker(valvo.observation_log(), failing)
    worker.step(clock.now)  # loads the stored state
    failing.fail_next = "before"
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
