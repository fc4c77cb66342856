"""The engine on a real database: one transaction per batch with positions, states, alarms and
the log offset; rule sets recompiled when the plan changes; deadlines fire with no message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.bootstrap import Valvo
from valvo.engine.worker import EngineWorker
from valvo.services import registry
from valvo.services.telemetry import LogEntry


def append_fixes(valvo: Valvo, *fixes: object) -> None:
    valvo.observation_log().append(
        [LogEntry(f, "osmand", b"raw", None, None) for f in fixes]  # type: ignore[arg-type]
    )


def count(valvo: Valvo, table: object) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)  # type: ignore[arg-type]


WORKDAY = [{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}]


def test_a_batch_commits_positions_alarm_state_and_offset(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, weekly=WORKDAY)  # out at work now: only the zone matters
    worker = valvo.engine_worker()
    now = clock.now
    append_fixes(
        valvo,
        fix(now, device=person.device),
        fix(now + timedelta(seconds=30), east_m=1000, device=person.device),  # into the zone
        fix(now, device="unknown-device"),  # not assigned to anyone: stored, not evaluated
    )
    result = worker.step(clock.advance(minutes=1))
    assert (result.observations, result.fixes, result.alarms) == (3, 2, 1)
    assert count(valvo, t.positions) == 2
    with valvo.uow() as uow:
        (alarm,) = uow.alarms.find(None, person.subject_id, 10)
    assert alarm["kind"] == "exclusion_zone_entered"
    assert alarm["status"] == "raised"
    assert alarm["ruleset_version"] > 0
    with valvo.db.connect() as conn:
        offset = conn.execute(select(t.log_offsets.c.position)).scalar()
    assert offset == worker.position == 3
    # A restarted worker resumes after the offset and raises nothing twice.
    assert valvo.engine_worker().step(clock.advance(minutes=1)).observations == 0
    assert count(valvo, t.alarms) == 1


def test_a_plan_change_takes_effect_in_the_engine(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, exclusion=False)
    worker = valvo.engine_worker()
    worker.step(clock.now)
    # Authorise an absence covering now (Monday 12:00 local), then go out: no alarm.
    with valvo.uow() as uow:
        registry.set_schedule(
            uow,
            "test",
            clock.now,
            order_id=person.order_id,
            weekly=WORKDAY,
            one_off=[],
        )
        uow.commit()
    sent = clock.now
    append_fixes(valvo, fix(sent, east_m=2000, device=person.device))
    assert worker.step(clock.advance(seconds=10)).alarms == 0
    # The tracker then falls silent; at 16:00 local (14:00 UTC) required presence begins with
    # the last fix far from home. Both are time-driven: no message arrives to trigger them.
    silent_at = sent + timedelta(minutes=10)
    assert worker.next_deadline() == silent_at
    assert worker.step(silent_at).alarms == 1
    due = clock.now.replace(hour=14, minute=5, second=0)  # the presence grace of 5 minutes ends
    assert worker.next_deadline() == clock.now.replace(hour=14, minute=0, second=0)
    worker.step(clock.now.replace(hour=14, minute=0, second=0))
    assert worker.next_deadline() == due
    assert worker.step(due).alarms == 1
    with valvo.uow() as uow:
        alarms = uow.alarms.find(None, person.subject_id, 10)
    assert {a["kind"] for a in alarms} == {"device_silent", "not_back_after_absence"}
    presence = next(a for a in alarms if a["kind"] == "not_back_after_absence")
    assert presence["explanation"]["rule"] == "presence.gps"
    assert presence["occurred_at"] == due


def test_a_restarted_engine_still_fires_for_a_subject_that_never_reports_again(
    valvo: Valvo, clock: FakeClock
) -> None:
    """After a restart nothing arrives from this person, yet the silence deadline must fire:
    the new worker evaluates everyone under an active order once and schedules their
    deadlines."""
    person = register_person(valvo, weekly=WORKDAY, exclusion=False)
    first = valvo.engine_worker()
    sent = clock.now
    append_fixes(valvo, fix(sent, east_m=2000, device=person.device))
    first.step(clock.advance(seconds=10))
    del first  # the process stops before the deadline

    restarted = valvo.engine_worker()
    assert restarted.step(clock.advance(seconds=10)).woken == 1
    silent_at = sent + timedelta(minutes=10)
    assert restarted.next_deadline() == silent_at
    assert restarted.step(silent_at).alarms == 1
    with valvo.uow() as uow:
        (alarm,) = uow.alarms.find(None, person.subject_id, 10)
    assert alarm["kind"] == "device_silent"


def test_the_first_steps_after_a_restart_wake_at_most_one_batch_of_subjects(
    valvo: Valvo, clock: FakeClock
) -> None:
    for i in range(3):
        register_person(valvo, f"dev-{i}", exclusion=False)
    store = SqlEngineStore(valvo.db, "engine")
    worker = EngineWorker(valvo.observation_log(), store, batch_size=2)
    assert [worker.step(clock.now).woken for _ in range(3)] == [2, 1, 0]
