"""The engine archives the stream's frames knowing the resend keys it committed lately
(``observation_log.ResendKeys``): a known key is a resend without a query, an unknown one is
inserted with the unique indexes as the backstop. A resend the engine no longer remembers (older
than its memory, or stored by another worker) is still stored once, and a batch that failed
leaves no key behind that would make its frames look stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Table, func, select

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import fix
from tests.support.streams import frame_of
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.evidence_check import check_evidence
from valvo.adapters.db.observation_log import ResendKeys
from valvo.adapters.db.provenance import verify_chains
from valvo.adapters.db.tables_gateway import device_frames
from valvo.bootstrap import Valvo
from valvo.engine.worker import EngineWorker
from valvo.services.telemetry import FrameOutcome, FrameStatus, RawFrame

WORKDAY = [{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}]


def count(valvo: Valvo, table: Table) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def stored(valvo: Valvo) -> tuple[int, int, int]:
    return count(valvo, t.observations), count(valvo, device_frames), count(valvo, t.positions)


def engine(valvo: Valvo, now: datetime) -> tuple[EngineWorker, SqlEngineStore]:
    """A worker with everyone under an order loaded (as after its start-up evaluation)."""
    log = valvo.observation_log()
    store = SqlEngineStore(valvo.db, "engine", log)
    worker = EngineWorker(log, store, valvo.publish, intake=valvo.desk.intake)
    worker.step(now)  # loads before its transaction (SQLite has one writer at a time)
    return worker, store


def test_a_resend_no_longer_remembered_is_still_stored_once(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, weekly=WORKDAY)
    worker, store = engine(valvo, clock.now)
    first = frame_of(fix(clock.now, device=person.device))
    assert first.dedup_key is not None
    assert worker.step_frames([first], clock.now).observations == 1
    assert first.dedup_key in store.resends  # committed: remembered
    assert worker.step_frames([first], clock.now).observations == 0  # known: a resend
    assert stored(valvo) == (1, 1, 1)
    store.resends.clear()  # older than what the engine remembers (or another worker's)
    second = frame_of(fix(clock.now + timedelta(seconds=30), east_m=50, device=person.device))
    # The unchecked insert hits the unique index: the batch is archived again on the checked
    # path, the resend recognised and the new frame beside it stored, each once.
    result = worker.step_frames([first, second], clock.now + timedelta(seconds=30))
    assert result.observations == 1
    assert stored(valvo) == (2, 2, 2)
    with valvo.db.connect() as conn:
        assert verify_chains(conn).intact  # the rolled-back attempt left no link behind
        assert check_evidence(conn).intact  # nor a seal credited twice
    # Nothing remembered and nothing new (a worker that took the partition over): the same.
    store.resends.clear()
    assert worker.step_frames([first, second], clock.now + timedelta(minutes=1)).observations == 0
    assert stored(valvo) == (2, 2, 2)


def test_an_observation_stored_under_another_frame_is_not_stored_again(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, weekly=WORKDAY)
    worker, store = engine(valvo, clock.now)
    first = frame_of(fix(clock.now, device=person.device))
    worker.step_frames([first], clock.now)
    store.resends.clear()
    # The same observation in a frame of another key (a device that re-frames its backlog).
    again = replace(first, raw=b"re-framed", dedup_key="other-key")
    (outcome,) = _archive(store, [again])
    assert outcome.status is FrameStatus.STORED
    assert outcome.observation_seqs == (None,)  # recognised by its own key
    assert stored(valvo) == (1, 2, 1)


def test_a_failed_batch_leaves_no_key_that_would_hide_its_frames(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, weekly=WORKDAY)
    worker, store = engine(valvo, clock.now)
    frame = frame_of(fix(clock.now, device=person.device))
    with pytest.raises(RuntimeError):
        _archive(store, [frame], fail=True)
    assert frame.dedup_key is not None
    assert frame.dedup_key not in store.resends
    assert stored(valvo) == (0, 0, 0)
    assert worker.step_frames([frame], clock.now).observations == 1  # not taken for a resend
    assert stored(valvo) == (1, 1, 1)


def test_the_resend_keys_are_bounded_and_keep_the_newest() -> None:
    keys = ResendKeys(limit=3)
    keys.add(["a", "b"])
    keys.add(["c"])  # the newest generation is full: it becomes the older one
    keys.add(["d", "e"])
    assert all(k in keys for k in "abcde")
    keys.add(["f"])  # full again: "a", "b" and "c" dropped whole
    assert [k for k in "abcdef" if k in keys] == ["d", "e", "f"]
    keys.clear()
    assert len(keys) == 0


def _archive(
    store: SqlEngineStore, frames: list[RawFrame], fail: bool = False
) -> list[FrameOutcome]:
    with store.batch() as tx:
        outcomes = tx.archive(frames)
        if fail:
            raise RuntimeError("the batch failed after archiving")
        return outcomes
