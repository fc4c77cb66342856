"""Retention of victims' personal data (R139/R140), on SQLite and PostgreSQL: a victim's name,
contact person, contact channel and protection zone go with the case's other records when the
case's records expire (and their restraining orders with them), never earlier while the case is
kept, never while a legal hold protects the person; and nothing of the victim is left behind
anywhere in the database, not in the alarm outbox that carried the victim's notice."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from tests.support.retention import NOW, Person, at, person
from valvo.adapters.db.legal_holds import place_hold
from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.retention_plan import make_plan
from valvo.adapters.db.retention_run import execute
from valvo.adapters.db.tables_alarm_desk import alarm_outbox
from valvo.adapters.db.tables_cases import cases
from valvo.adapters.db.tables_victims import restraining_orders, victims
from valvo.bootstrap import Valvo
from valvo.domain.retention.policy import get_policy


def _victim(valvo: Valvo, who: Person, tag: str, start: datetime) -> str:
    """A victim of ``who``'s case with a zone, a contact and a restraining order; and, on
    the person's first alarm, the victim's notice in the outbox (its target is the channel)."""
    victim_id = str(uuid.uuid4())
    with valvo.db.begin() as conn:
        conn.execute(
            insert(victims),
            [
                {
                    "id": victim_id,
                    "case_id": who.case_id,
                    "subject_id": who.subject_id,
                    "name": f"Victim {tag} Virtanen",
                    "contact_person": f"Support {tag} Korhonen",
                    "contact_channel": f"mailto:victim-{tag}@example.fi",
                    "notify_opt_in": True,
                    "zone": {"type": "Point", "coordinates": [24.1234567, 60.7654321]},
                    "buffer_m": 500.0,
                    "valid_from": start,
                    "valid_to": None,
                    "created_at": start,
                    "created_by": "sup",
                }
            ],
        )
        conn.execute(
            insert(restraining_orders),
            [
                {
                    "id": str(uuid.uuid4()),
                    "case_id": who.case_id,
                    "subject_id": who.subject_id,
                    "victim_id": victim_id,
                    "court": "Helsingin käräjäoikeus",
                    "decided_at": start,
                    "valid_from": start,
                    "valid_to": None,
                    "terms": f"Keep away from Victim {tag} Virtanen",
                    "created_at": start,
                    "created_by": "sup",
                }
            ],
        )
        occurred = start + timedelta(days=1, hours=4)
        conn.execute(
            insert(alarm_outbox),
            [
                {
                    "alarm_id": who.alarm_ids[0],
                    "event": "victim_warning",
                    "route": "victim",
                    "payload": {"zone": "exclusion", "target": f"mailto:victim-{tag}@example.fi"},
                    "created_at": occurred,
                    "next_attempt_at": occurred,
                    "delivered_to": [],
                }
            ],
        )
    return victim_id


def _traces(valvo: Valvo, tag: str) -> list[str]:
    """Every table whose rows still mention the victim's name, contact or channel."""
    found = []
    needles = (f"Victim {tag} Virtanen", f"Support {tag} Korhonen", f"victim-{tag}@example.fi")
    with valvo.db.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(select(table)).mappings().all()
            text_ = json.dumps([dict(r) for r in rows], default=str)
            if any(n in text_ for n in needles):
                found.append(table.name)
    return found


def test_victims_go_with_the_expired_case_and_stay_while_it_is_kept_or_held(
    valvo: Valvo,
) -> None:
    # A ended 2019: its case records expired; B ended 2024-09: its case is kept five years;
    # C ended 2019 like A but a legal hold protects the person.
    a = person(valvo, "A", "DA", at("2019-01-01"), at("2019-03-01"))
    b = person(valvo, "B", "DB", at("2024-06-01"), at("2024-09-01"))
    c = person(valvo, "C", "DC", at("2019-01-01"), at("2019-03-01"))
    victim_a = _victim(valvo, a, "a", at("2019-01-01"))
    victim_b = _victim(valvo, b, "b", at("2024-06-01"))
    victim_c = _victim(valvo, c, "c", at("2019-01-01"))
    with valvo.db.begin() as conn:
        place_hold(conn, "admin", at("2025-06-01"), reason="appeal pending", case_id=c.case_id)
    assert set(_traces(valvo, "a")) == {"victims", "alarm_outbox", "restraining_orders"}

    with valvo.db.connect() as conn:
        plan = make_plan(conn, get_policy(), NOW)
    result = execute(valvo.db, plan, "test", batch_size=2)
    assert result.deleted["case_records"] == 1  # A's case, and with it A's victim

    with valvo.db.connect() as conn:
        left = set(conn.execute(select(victims.c.id)).scalars())
        orders_left = set(conn.execute(select(restraining_orders.c.victim_id)).scalars())
        cases_left = set(conn.execute(select(cases.c.id)).scalars())
        n_outbox = conn.execute(
            select(func.count()).select_from(alarm_outbox).where(alarm_outbox.c.route == "victim")
        ).scalar_one()
    assert a.case_id not in cases_left
    assert left == orders_left == {victim_b, victim_c}
    assert victim_a not in left
    assert n_outbox == 2  # B's and C's notices; A's went with A's alarms
    assert _traces(valvo, "a") == []  # nothing of A's victim anywhere in the database
    assert set(_traces(valvo, "b")) == {"victims", "alarm_outbox", "restraining_orders"}
    assert set(_traces(valvo, "c")) == {"victims", "alarm_outbox", "restraining_orders"}

    # Re-running deletes nothing more: B's victim waits for B's case records (2029-09).
    with valvo.db.connect() as conn:
        again = execute(valvo.db, make_plan(conn, get_policy(), NOW), "test", batch_size=2)
    assert "case_records" not in again.deleted
    with valvo.db.connect() as conn:
        assert set(conn.execute(select(victims.c.id)).scalars()) == {victim_b, victim_c}
