"""Alarms made the way production makes them: fixes through the engine, or breach events
through the engine's intake in its store's batch transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from tests.support.caseload import Registered, register_person
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.tables_alarm_desk import alarm_events, alarm_outbox
from valvo.bootstrap import Valvo
from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import BreachEnded, BreachStarted
from valvo.services.alarm_commands import alarm_changed
from valvo.services.engine.intake import take_in_breaches
from valvo.services.engine.ports import WriteSet
from valvo.services.telemetry import LogEntry

# Authorised to be out all day, every day: only the exclusion zone can fire.
ALWAYS_OUT = [
    {"weekday": d, "start": s, "end": e, "purpose": "activity"}
    for d in range(7)
    for s, e in (("00:00", "12:00"), ("12:00", "00:00"))
]
INTO_EXCLUSION_M = 1000.0  # east of home: the protected address (tests.support.caseload.VICTIM)


def person(valvo: Valvo, device: str = "dev-1", region: str = "Etelä-Suomi") -> Registered:
    return register_person(valvo, device, weekly=ALWAYS_OUT, region=region)


def send_fix(valvo: Valvo, who: Registered, at: datetime, east_m: float) -> None:
    valvo.observation_log().append(
        [LogEntry(fix(at, east_m=east_m, device=who.device), "osmand", b"raw", None, None)]
    )


def exclusion_alarm(valvo: Valvo, who: Registered, at: datetime) -> dict[str, Any]:
    """One fix inside the exclusion zone, through the engine: the critical alarm it raises."""
    send_fix(valvo, who, at, INTO_EXCLUSION_M)
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        found = uow.alarms.find(None, who.subject_id, 10, kinds=["exclusion_zone_entered"])
    assert len(found) == 1, found
    return found[0]


def commit_events(
    valvo: Valvo, events: list[object], now: datetime, policy: IntakePolicy | None = None
) -> list[str]:
    """Breach events through the engine's intake and its store's one transaction per batch."""
    store = SqlEngineStore(valvo.db, "desk-test")
    with store.batch() as tx:
        intake = take_in_breaches(tx, events, now, policy or IntakePolicy())
        tx.write(WriteSet(new_alarms=intake.new, changed_alarms=intake.changed, offset=0), now)
    return [a.id for a in intake.alarms]


def left_home(who: Registered, at: datetime) -> BreachStarted:
    return BreachStarted(
        who.subject_id,
        AlarmKind.INCLUSION_ZONE_LEFT,
        "inclusion:home",
        at,
        Explanation("left home", "poistui kotoa", "zone.inclusion", 1),
        (),
    )


def back_home(who: Registered, at: datetime) -> BreachEnded:
    return BreachEnded(who.subject_id, "inclusion:home", at)


def trail_actions(valvo: Valvo, alarm_id: str) -> list[str]:
    e = alarm_events
    with valvo.db.connect() as conn:
        rows = conn.execute(select(e.c.action).where(e.c.alarm_id == alarm_id).order_by(e.c.id))
        return [r[0] for r in rows]


def outbox_rows(valvo: Valvo) -> list[dict[str, Any]]:
    o = alarm_outbox
    with valvo.db.connect() as conn:
        return [dict(r) for r in conn.execute(select(o).order_by(o.c.id)).mappings()]


def alarm_row(valvo: Valvo, alarm_id: str) -> dict[str, Any]:
    with valvo.db.connect() as conn:
        row = conn.execute(select(t.alarms).where(t.alarms.c.id == alarm_id)).mappings().one()
        return dict(row)


def alarm_message(valvo: Valvo, alarm_id: str) -> dict[str, object]:
    """The live-feed message the engine and the bus publish for a committed alarm."""
    with valvo.uow() as uow:
        alarm = uow.alarms.get(alarm_id)
        assert alarm is not None, alarm_id
        return alarm_changed(uow, alarm).feed_message()


def escape(who: Registered, at: datetime) -> list[object]:
    """One escape as the rules report it (issue 20's incidents): the strap cut, the tag gone
    from home 4 minutes later, the home zone left 9 minutes after the cut."""

    def breach(kind: AlarmKind, key: str, minutes: int, en: str, fi: str) -> BreachStarted:
        explained = Explanation(en, fi, f"test.{kind.value}", 1)
        return BreachStarted(
            who.subject_id, kind, key, at + timedelta(minutes=minutes), explained, ()
        )

    return [
        breach(AlarmKind.STRAP_TAMPER, "tamper:strap", 0, "Strap cut", "Hihna katkaistu"),
        breach(AlarmKind.LEFT_DURING_PRESENCE, "presence:rf", 4, "Tag gone", "Panta poissa"),
        breach(AlarmKind.INCLUSION_ZONE_LEFT, "inclusion:home", 9, "Left home", "Poistui"),
    ]
