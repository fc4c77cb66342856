"""The alarm desk inside the engine's batch transaction, on SQLite and PostgreSQL: repeats of
a condition group into one alarm, conditions that end within grace close themselves, and the
trail is append-only in the database itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from tests.conftest import FakeClock
from tests.support.alarm_desk import (
    alarm_row,
    back_home,
    commit_events,
    exclusion_alarm,
    left_home,
    outbox_rows,
    person,
    send_fix,
    trail_actions,
)
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.bootstrap import Valvo
from valvo.domain.alarms.policy import Handling, IntakePolicy
from valvo.services import alarms


def count_alarms(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.alarms)).scalar() or 0)


def test_reentering_the_exclusion_zone_is_one_alarm_with_occurrences(
    valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    first = exclusion_alarm(valvo, who, clock.now)
    worker = valvo.engine_worker()
    send_fix(valvo, who, clock.advance(minutes=2), 0.0)  # out of the zone again
    worker.step(clock.now)
    send_fix(valvo, who, clock.advance(minutes=2), 1000.0)  # and back in
    worker.step(clock.now)
    with valvo.uow() as uow:
        entered = uow.alarms.find(None, who.subject_id, 10, kinds=["exclusion_zone_entered"])
    assert [a["id"] for a in entered] == [first["id"]]  # one alarm, not one per entry
    row = alarm_row(valvo, first["id"])
    assert (row["occurrences"], row["status"], row["condition_ended_at"]) == (2, "raised", None)
    assert row["last_occurred_at"] is not None
    assert trail_actions(valvo, first["id"]) == ["raised", "condition_ended", "occurrence"]
    told = [r["event"] for r in outbox_rows(valvo) if r["alarm_id"] == first["id"]]
    assert told == ["raised"]  # told once, not once per repeat


def test_back_home_within_grace_closes_the_alarm_by_itself(valvo: Valvo, clock: FakeClock) -> None:
    who = person(valvo)
    (alarm_id,) = commit_events(valvo, [left_home(who, clock.now)], clock.now)
    commit_events(
        valvo, [back_home(who, clock.now + timedelta(minutes=6))], clock.advance(minutes=6)
    )
    row = alarm_row(valvo, alarm_id)
    assert (row["status"], row["cause"], row["resolved_by"]) == (
        "resolved",
        "self_cleared",
        "system",
    )
    assert "Closed automatically" in row["note"]
    assert trail_actions(valvo, alarm_id) == ["raised", "auto_closed"]
    assert [r["event"] for r in outbox_rows(valvo)] == ["raised", "auto_closed"]
    # Out again soon after: the same alarm is reopened with a second occurrence.
    commit_events(
        valvo, [left_home(who, clock.now + timedelta(minutes=3))], clock.advance(minutes=3)
    )
    row = alarm_row(valvo, alarm_id)
    assert (row["status"], row["occurrences"], row["reopened_by"]) == ("reopened", 2, "system")
    assert count_alarms(valvo) == 1


def test_an_acknowledged_alarm_stays_open_when_the_condition_ends(
    valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    (alarm_id,) = commit_events(valvo, [left_home(who, clock.now)], clock.now)
    with valvo.uow() as uow:
        alarms.acknowledge(uow, "op", clock.advance(minutes=1), alarm_id)
        uow.commit()
    commit_events(valvo, [back_home(who, clock.now)], clock.advance(minutes=1))
    row = alarm_row(valvo, alarm_id)
    assert row["status"] == "acknowledged"
    assert row["condition_ended_at"] == clock.now - timedelta(minutes=1)
    assert trail_actions(valvo, alarm_id) == ["raised", "acknowledged", "condition_ended"]


def test_review_handling_is_decided_by_order_type_and_tells_nobody(
    valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    policy = IntakePolicy(handling_by_order_type={"monitoring_sentence": Handling.REVIEW})
    (alarm_id,) = commit_events(valvo, [left_home(who, clock.now)], clock.now, policy)
    row = alarm_row(valvo, alarm_id)
    assert (row["handling"], row["order_type"]) == ("review", "monitoring_sentence")
    assert outbox_rows(valvo) == []


def test_a_replayed_batch_raises_nothing_twice(valvo: Valvo, clock: FakeClock) -> None:
    who = person(valvo)
    event = left_home(who, clock.now)
    (alarm_id,) = commit_events(valvo, [event], clock.now)
    with valvo.uow() as uow:
        alarms.resolve(uow, "op", clock.advance(minutes=1), alarm_id, "duplicate", None)
        uow.commit()
    assert commit_events(valvo, [event], clock.now) == []
    assert count_alarms(valvo) == 1


@pytest.mark.parametrize(
    "statement",
    [
        update(alarm_events).values(note="rewritten"),
        delete(alarm_events),
    ],
    ids=["update", "delete"],
)
def test_the_trail_is_append_only_in_the_database(
    valvo: Valvo, clock: FakeClock, statement: object
) -> None:
    who = person(valvo)
    commit_events(valvo, [left_home(who, clock.now)], clock.now)
    with pytest.raises(DBAPIError, match="append-only"), valvo.db.begin() as conn:
        conn.execute(statement)  # type: ignore[call-overload]
    with valvo.db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(alarm_events)).scalar() == 1
