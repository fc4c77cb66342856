"""A caseload whose orders ended at known times, with every kind of data retention touches:
positions, frames (and their observations) through the real gateway log, alarms with their
trail and outbox, and cases with breaches and a timeline. All dates are absolute, in the past.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text

from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_alarm_desk import alarm_events, alarm_outbox
from valvo.adapters.db.tables_cases import case_breaches, case_events, cases
from valvo.bootstrap import Valvo
from valvo.gateway.ingest import to_frame
from valvo.protocols.base import DecodedRecord

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def at(text_: str) -> datetime:
    return datetime.fromisoformat(text_).replace(tzinfo=UTC)


@dataclass
class Person:
    name: str
    subject_id: str
    order_id: str
    device: str
    case_id: str | None = None
    alarm_ids: list[str] = field(default_factory=list)


def _id() -> str:
    return str(uuid.uuid4())


def person(
    valvo: Valvo,
    name: str,
    device: str,
    start: datetime,
    end: datetime | None,
    *,
    region: str = "Etelä-Suomi",
    order_type: str = "monitoring_sentence",
    alarms: int = 1,
    case: bool = True,
) -> Person:
    """A person with one order over [start, end), a device assigned for it, three positions
    and three frames inside it, one position before it, alarms and a case with a breach."""
    subject_id, order_id, device_id = _id(), _id(), _id()
    with valvo.db.begin() as conn:
        conn.execute(
            insert(t.subjects),
            [{"id": subject_id, "name": name, "region": region, "created_at": start}],
        )
        conn.execute(
            insert(t.orders),
            [
                {
                    "id": order_id,
                    "subject_id": subject_id,
                    "type": order_type,
                    "timezone": "Europe/Helsinki",
                    "starts_at": start,
                    "ends_at": end,
                    "status": "ended" if end else "active",
                    "created_at": start,
                }
            ],
        )
        known = conn.execute(
            select(t.devices.c.id).where(t.devices.c.identifier == device)
        ).scalar()
        if known is None:
            conn.execute(
                insert(t.devices),
                [
                    {
                        "id": device_id,
                        "identifier": device,
                        "protocol": "teltonika",
                        "kind": "gps_tracker",
                        "created_at": start - timedelta(days=30),
                    }
                ],
            )
        else:
            device_id = known
        conn.execute(
            insert(t.device_assignments),
            [
                {
                    "id": _id(),
                    "device_id": device_id,
                    "subject_id": subject_id,
                    "assigned_at": start,
                    "unassigned_at": end,
                }
            ],
        )
        times = [start + timedelta(days=d, hours=3) for d in (1, 2, 3)]
        conn.execute(
            insert(t.positions),
            [
                {
                    "subject_id": subject_id,
                    "device_id": device_id,
                    "time": when,
                    "lat": 60.17,
                    "lon": 24.94,
                    "seq": 0,
                }
                for when in [start - timedelta(days=5), *times]
            ],
        )
    frames(valvo, device, times)
    who = Person(name, subject_id, order_id, device)
    with valvo.db.begin() as conn:
        for i in range(alarms):
            alarm_id = _id()
            occurred = start + timedelta(days=1 + i, hours=4)
            conn.execute(
                insert(t.alarms),
                [
                    {
                        "id": alarm_id,
                        "subject_id": subject_id,
                        "kind": "exclusion_zone_entered" if i % 2 == 0 else "device_silent",
                        "severity": "high",
                        "status": "resolved",
                        "condition_key": f"k{i}",
                        "occurred_at": occurred,
                        "raised_at": occurred,
                        "explanation": {},
                        "evidence_seqs": [],
                        "ruleset_version": 1,
                    }
                ],
            )
            conn.execute(
                insert(alarm_events),
                [
                    {
                        "alarm_id": alarm_id,
                        "at": occurred,
                        "actor": "op",
                        "action": "acknowledge",
                        "details": {},
                    }
                ],
            )
            conn.execute(
                insert(alarm_outbox),
                [
                    {
                        "alarm_id": alarm_id,
                        "event": "raised",
                        "route": "duty",
                        "payload": {},
                        "created_at": occurred,
                        "next_attempt_at": occurred,
                        "delivered_to": [],
                    }
                ],
            )
            who.alarm_ids.append(alarm_id)
        if case:
            who.case_id = _id()
            conn.execute(
                insert(cases),
                [
                    {
                        "id": who.case_id,
                        "type": "monitoring_sentence",
                        "subject_id": subject_id,
                        "order_id": order_id,
                        "status": "completed",
                        "policy": "2007-draft",
                        "timezone": "Europe/Helsinki",
                        "region": region,
                        "updated_at": start,
                        "created_at": start,
                        "created_by": "sup",
                    }
                ],
            )
            conn.execute(
                insert(case_breaches),
                [
                    {
                        "id": _id(),
                        "case_id": who.case_id,
                        "kind": "minor",
                        "occurred_at": start + timedelta(days=2),
                        "source": "alarm",
                        "status": "closed",
                        "created_at": start,
                        "created_by": "sup",
                    }
                ],
            )
            conn.execute(
                insert(case_events),
                [
                    {
                        "case_id": who.case_id,
                        "at": start,
                        "actor": "sup",
                        "kind": "opened",
                        "details": {},
                    }
                ],
            )
    return who


def frames(valvo: Valvo, device: str, times: list[datetime]) -> None:
    """One position frame per instant, through the real observation log (chained)."""
    log = valvo.observation_log()
    for when in times:
        record = DecodedRecord("position", device, when, lat=60.17, lon=24.94, valid=True)
        frame = to_frame(
            (record,),
            protocol="teltonika",
            raw=f"{device} {when.isoformat()}".encode(),
            peer="127.0.0.1:4000",
            received_at=when,
        )
        log.append_frames([frame])


def counts(valvo: Valvo) -> dict[str, int]:
    from valvo.adapters.db.tables_gateway import device_frames

    out: dict[str, int] = {}
    with valvo.db.connect() as conn:
        for name, table in (
            ("positions", t.positions),
            ("observations", t.observations),
            ("raw_frames", device_frames),
            ("alarms", t.alarms),
            ("alarm_events", alarm_events),
            ("alarm_outbox", alarm_outbox),
            ("cases", cases),
            ("case_breaches", case_breaches),
            ("case_events", case_events),
        ):
            out[name] = int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
    return out


def partition_positions(valvo: Valvo) -> None:
    """PostgreSQL: beside the daily partitions and the DEFAULT one of migration 0012, give
    ``positions`` a 2019 partition and a June 2024 one (any range works for retention)."""
    with valvo.db.begin() as conn:
        for statement in (
            "CREATE TABLE positions_y2019 PARTITION OF positions "
            "FOR VALUES FROM ('2019-01-01') TO ('2020-01-01')",
            "CREATE TABLE positions_m2024_06 PARTITION OF positions "
            "FOR VALUES FROM ('2024-06-01') TO ('2024-07-01')",
        ):
            conn.execute(text(statement))


def rows_of(valvo: Valvo, table: Any, **where: Any) -> list[dict[str, Any]]:
    query = select(table)
    for key, value in where.items():
        query = query.where(table.c[key] == value)
    with valvo.db.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
