"""Reads and writes of acting on the person (issue 20 item 5): the person's phone numbers and
contact persons, their devices that take commands, and the command rows. Every read keeps to
the unit of work's scope (``scoping.visible``). ``SqlCommandStore`` is the gateway's side of the
command table: what is due for the connected devices, and each command's sending and answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as tc
from valvo.adapters.db import tables_lawcases as law
from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables_acting import device_commands, subject_phones
from valvo.domain.acting.commands import REPLY_WITHIN, CommandStatus, acknowledges
from valvo.domain.security import EVERYTHING, Scope


class SqlActingRepository:
    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope

    def phones(self, subject_id: str) -> list[dict[str, Any]]:
        p = subject_phones
        query = (
            select(p)
            .where(p.c.subject_id == subject_id, p.c.ended_at.is_(None), visible(p, self._scope))
            .order_by(p.c.added_at, p.c.id)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def add_phone(self, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(subject_phones), [dict(row)])

    def phone_history(self, subject_id: str) -> list[dict[str, Any]]:
        """Every number the person has had, ended ones too, oldest first."""
        p = subject_phones
        query = (
            select(p)
            .where(p.c.subject_id == subject_id, visible(p, self._scope))
            .order_by(p.c.added_at, p.c.id)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def phone(self, subject_id: str, phone_id: str) -> dict[str, Any] | None:
        p = subject_phones
        query = select(p).where(
            p.c.id == phone_id, p.c.subject_id == subject_id, visible(p, self._scope)
        )
        row = self._conn.execute(query).mappings().first()
        return None if row is None else dict(row)

    def end_phone(self, phone_id: str, values: Mapping[str, Any]) -> None:
        p = subject_phones
        query = update(p).where(p.c.id == phone_id, p.c.ended_at.is_(None))
        self._conn.execute(query.values(**dict(values)))

    def contact_persons(self, subject_id: str) -> list[dict[str, Any]]:
        """The co-residents, guardians and representatives on the person's cases (R57), and
        the contact of the abode in force of each case (R29), each with a number if known."""
        cases = select(tc.cases.c.id).where(tc.cases.c.subject_id == subject_id)
        r = law.case_representatives
        reps = (
            select(r.c.kind, r.c.name, r.c.phone)
            .where(r.c.case_id.in_(cases), visible(r, self._scope))
            .order_by(r.c.created_at, r.c.id)
        )
        out = [
            {"kind": row.kind, "name": row.name, "phone": row.phone}
            for row in self._conn.execute(reps)
        ]
        a = law.case_abodes
        abodes = (
            select(a.c.case_id, a.c.seq, a.c.contact_name, a.c.contact_phone, a.c.institution_name)
            .where(a.c.case_id.in_(cases), visible(a, self._scope))
            .order_by(a.c.case_id, a.c.seq.desc())
        )
        seen: set[str] = set()
        for row in self._conn.execute(abodes):
            if row.case_id in seen:
                continue  # only the newest abode of a case is in force
            seen.add(row.case_id)
            if row.contact_phone:
                name = row.contact_name or row.institution_name or ""
                out.append({"kind": "abode", "name": name, "phone": row.contact_phone})
        return out

    def devices_of(self, subject_id: str) -> list[dict[str, Any]]:
        """The devices assigned to the person now."""
        d, a = t.devices, t.device_assignments
        query = (
            select(d.c.id, d.c.identifier, d.c.protocol, d.c.kind, d.c.model)
            .join(a, a.c.device_id == d.c.id)
            .where(a.c.subject_id == subject_id, a.c.unassigned_at.is_(None))
            .where(visible(d, self._scope))
            .order_by(a.c.assigned_at, d.c.id)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def add_command(self, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(device_commands), [dict(row)])

    def commands(self, subject_id: str, limit: int = 50) -> list[dict[str, Any]]:
        c = device_commands
        query = (
            select(c)
            .where(c.c.subject_id == subject_id, visible(c, self._scope))
            .order_by(c.c.requested_at.desc(), c.c.id)
            .limit(limit)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]


class SqlCommandStore:
    """The gateway's reads and writes of ``device_commands``; each call is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def due(self, identifiers: Iterable[str], now: datetime) -> list[dict[str, Any]]:
        """Queued, unexpired commands for ``identifiers`` (the connected devices), oldest first."""
        wanted = sorted(set(identifiers))
        if not wanted:
            return []
        c = device_commands
        query = (
            select(c.c.id, c.c.device_identifier, c.c.protocol, c.c.text)
            .where(c.c.status == CommandStatus.QUEUED, c.c.device_identifier.in_(wanted))
            .where(c.c.expires_at > now)
            .order_by(c.c.requested_at, c.c.id)
        )
        with self._engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def sent(self, command_id: str, at: datetime, serial: int | None) -> None:
        c = device_commands
        with self._engine.begin() as conn:
            conn.execute(
                update(c)
                .where(c.c.id == command_id, c.c.status == CommandStatus.QUEUED)
                .values(status=CommandStatus.SENT, sent_at=at, serial=serial)
            )

    def failed(self, command_id: str, at: datetime, reason: str) -> None:
        c = device_commands
        with self._engine.begin() as conn:
            conn.execute(
                update(c)
                .where(c.c.id == command_id)
                .values(status=CommandStatus.FAILED, finished_at=at, reason=reason)
            )

    def answered(self, identifier: str, reply: str, at: datetime) -> str | None:
        """The device's answer acknowledges its oldest command awaiting one that it answers
        (``acknowledges``: an H02 V4 names its command, a watch echoes it...); that command's id,
        or None when the answer answers nothing that was sent."""
        c = device_commands
        with self._engine.begin() as conn:
            waiting = conn.execute(
                select(c.c.id, c.c.protocol, c.c.text)
                .where(c.c.device_identifier == identifier, c.c.status == CommandStatus.SENT)
                .order_by(c.c.sent_at, c.c.id)
            ).all()
            found = next((r.id for r in waiting if acknowledges(r.protocol, r.text, reply)), None)
            if found is None:
                return None
            conn.execute(
                update(c)
                .where(c.c.id == found, c.c.status == CommandStatus.SENT)
                .values(status=CommandStatus.ACKNOWLEDGED, answered_at=at, reply=reply[:2000])
            )
            return str(found)

    def close_overdue(self, now: datetime) -> int:
        """Queued past their expiry: expired; sent without an answer in time: failed."""
        c = device_commands
        with self._engine.begin() as conn:
            expired = conn.execute(
                update(c)
                .where(c.c.status == CommandStatus.QUEUED, c.c.expires_at <= now)
                .values(
                    status=CommandStatus.EXPIRED,
                    finished_at=now,
                    reason="the device did not connect in time",
                )
            ).rowcount
            failed = conn.execute(
                update(c)
                .where(c.c.status == CommandStatus.SENT, c.c.sent_at <= now - REPLY_WITHIN)
                .values(
                    status=CommandStatus.FAILED, finished_at=now, reason="no answer from the device"
                )
            ).rowcount
        return int(expired or 0) + int(failed or 0)

    def connection_lost(self, identifier: str, at: datetime) -> None:
        """The device's connection closed: what was sent and not answered has failed."""
        c = device_commands
        with self._engine.begin() as conn:
            conn.execute(
                update(c)
                .where(and_(c.c.device_identifier == identifier, c.c.status == CommandStatus.SENT))
                .values(
                    status=CommandStatus.FAILED,
                    finished_at=at,
                    reason="the connection closed before the device answered",
                )
            )
