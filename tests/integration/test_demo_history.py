"""A fresh demo database starts with the last 24 hours (issue 20), on SQLite and PostgreSQL:
the fleet's fixes over the whole day and its home units' events went through the observation
log and the engine, which raised the alarms (the trail's first step is the engine's ``raised``,
none written directly); some closed by themselves or worked to a cause at the desk, some open;
a shift-log note; a second start adds nothing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_alarm_desk import alarm_events, shift_notes
from valvo.bootstrap import Valvo
from valvo.sim.demo_history import HOURS, seed_history
from valvo.sim.seed import demo_people, seed_demo
from valvo.sim.staff_seed import seed_staff


def test_a_fresh_demo_has_a_day_of_history_and_its_alarms(valvo: Valvo) -> None:
    now = valvo.clock()
    fleet = demo_people(8)  # every persona
    seed_demo(valvo, fleet, now)
    seed_staff(valvo, now)
    report = seed_history(valvo, fleet, now)
    assert report.observations > 2000
    with valvo.db.connect() as conn:
        p, o, a = t.positions, t.observations, t.alarms
        first, last = conn.execute(select(func.min(p.c.time), func.max(p.c.time))).one()
        people = conn.execute(select(func.count(func.distinct(p.c.subject_id)))).scalar_one()
        presence = conn.execute(
            select(func.count()).select_from(o).where(o.c.kind == "presence")
        ).scalar_one()
        alarms = list(conn.execute(select(a.c.id, a.c.kind, a.c.status, a.c.cause, a.c.raised_at)))
        first_steps = {
            r.alarm_id: (r.action, r.actor)
            for r in conn.execute(
                select(
                    alarm_events.c.alarm_id, alarm_events.c.action, alarm_events.c.actor
                ).order_by(alarm_events.c.id.desc())
            )
        }
        notes = conn.execute(select(func.count()).select_from(shift_notes)).scalar_one()
    assert people == len(fleet)
    assert now - first >= timedelta(hours=HOURS - 1)  # the whole past day
    assert now - last < timedelta(minutes=20)
    assert presence > 0  # the home units' tag reports
    kinds = Counter(r.kind for r in alarms)
    assert kinds["exclusion_zone_entered"] >= 1  # the intruder
    assert kinds["left_during_presence"] >= 1  # the curfew breaker
    assert all(now - timedelta(hours=HOURS) < r.raised_at <= now for r in alarms)
    assert {first_steps[r.id] for r in alarms} == {("raised", "system")}
    causes = Counter(r.cause for r in alarms if r.status == "resolved")
    assert causes["genuine_breach"] == 1  # worked at the desk
    assert causes["self_cleared"] >= 1  # closed by the engine within the grace
    assert any(r.status != "resolved" for r in alarms)  # some open
    assert report.alarms == len(alarms)
    assert notes == 1
    # A second start adds nothing.
    assert seed_history(valvo, fleet, now + timedelta(minutes=5)).observations == 0
