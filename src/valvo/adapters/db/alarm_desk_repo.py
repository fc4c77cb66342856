"""The alarm desk's other records: periodic reviews, the shift-handover log, the facts the
statistics are computed from, and a person's monitoring state for the subject page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func, insert, or_, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from valvo.adapters.db import tables as t
from valvo.adapters.db.evidence import seal
from valvo.adapters.db.scoping import in_region, visible
from valvo.adapters.db.tables_alarm_desk import alarm_events, alarm_reviews, shift_notes
from valvo.domain.alarms.stats import AlarmFact
from valvo.domain.alarms.trail import Action
from valvo.domain.security import EVERYTHING, Scope
from valvo.services.errors import Conflict


class SqlDeskRepository:
    """Reads of alarms and subjects keep to ``region`` when one is given."""

    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    # --- periodic review -------------------------------------------------------------------

    def last_review(self) -> dict[str, Any] | None:
        r = alarm_reviews
        row = (
            self._conn.execute(select(r).order_by(r.c.covered_until.desc()).limit(1))
            .mappings()
            .first()
        )
        return None if row is None else dict(row)

    def review_queue(self, since: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
        a, s = t.alarms, t.subjects
        query = (
            select(a, s.c.name.label("subject_name"), s.c.region)
            .join(s, s.c.id == a.c.subject_id)
            .where(a.c.handling == "review", a.c.raised_at > since, a.c.raised_at <= until)
            .where(visible(s, self._scope))
            .order_by(a.c.raised_at, a.c.id)
            .limit(limit)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def record_review(self, row: Mapping[str, Any], alarm_ids: list[str]) -> None:
        try:
            with self._conn.begin_nested():
                self._conn.execute(insert(alarm_reviews), [dict(row)])
        except IntegrityError as exc:  # another reviewer confirmed the same window just now
            raise Conflict("this window was confirmed by someone else just now") from exc
        if alarm_ids:
            trail = [
                {
                    "alarm_id": alarm_id,
                    "at": row["reviewed_at"],
                    "actor": row["reviewed_by"],
                    "action": Action.REVIEWED.value,
                    "from_status": None,
                    "to_status": None,
                    "note": row["note"],
                    "details": {"review_id": row["id"]},
                }
                for alarm_id in alarm_ids
            ]
            seal(self._conn, "alarm_events", trail)
            self._conn.execute(insert(alarm_events), trail)

    def review_alarm_ids(self, since: datetime, until: datetime) -> list[str]:
        a = t.alarms
        query = select(a.c.id).where(
            a.c.handling == "review",
            a.c.raised_at > since,
            a.c.raised_at <= until,
            visible(a, self._scope),
        )
        return [r[0] for r in self._conn.execute(query)]

    # --- shift-handover log ----------------------------------------------------------------

    def add_shift_note(self, row: Mapping[str, Any]) -> int:
        result = self._conn.execute(insert(shift_notes).returning(shift_notes.c.id), [dict(row)])
        return int(result.scalar_one())

    def shift_notes(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        n = shift_notes
        query = select(n).where(n.c.at >= start, n.c.at < end)
        if self._region is not None:  # the region's notes and the national desk's
            query = query.where(or_(n.c.region.is_(None), n.c.region == self._region))
        query = query.order_by(n.c.at, n.c.id)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def open_counts(self) -> dict[str, int]:
        a = t.alarms
        query = (
            select(a.c.status, func.count())
            .where(a.c.status != "resolved", visible(a, self._scope))
            .group_by(a.c.status)
        )
        return {r[0]: int(r[1]) for r in self._conn.execute(query)}

    # --- statistics ------------------------------------------------------------------------

    def alarm_facts(
        self, start: datetime, end: datetime, region: str | None, kind: str | None
    ) -> list[AlarmFact]:
        """Alarms raised in [start, end), with each one's device model at the time."""
        a, s = t.alarms, t.subjects
        query = (
            select(
                a.c.id,
                a.c.incident_id,
                a.c.subject_id,
                s.c.region,
                a.c.kind,
                a.c.explanation,
                a.c.status,
                a.c.raised_at,
                a.c.acknowledged_at,
                a.c.resolved_at,
                a.c.cause,
                a.c.occurrences,
            )
            .join(s, s.c.id == a.c.subject_id)
            .where(a.c.raised_at >= start, a.c.raised_at < end, visible(s, self._scope))
        )
        if region is not None:
            query = query.where(s.c.region == region)
        if kind is not None:
            query = query.where(a.c.kind == kind)
        rows = self._conn.execute(query).mappings().all()
        models = self._device_models({r["subject_id"] for r in rows})
        return [
            AlarmFact(
                subject_id=r["subject_id"],
                region=r["region"],
                kind=r["kind"],
                rule=str(r["explanation"].get("rule", "unknown")),
                device_model=_model_at(models.get(r["subject_id"], []), r["raised_at"]),
                status=r["status"],
                raised_at=r["raised_at"],
                acknowledged_at=r["acknowledged_at"],
                resolved_at=r["resolved_at"],
                cause=r["cause"],
                occurrences=int(r["occurrences"]),
                incident_id=r["incident_id"] or r["id"],
            )
            for r in rows
        ]

    def monitored_intervals(
        self, start: datetime, end: datetime, region: str | None
    ) -> dict[str, list[tuple[datetime, datetime | None]]]:
        o, s = t.orders, t.subjects
        query = (
            select(o.c.subject_id, o.c.starts_at, o.c.ends_at)
            .join(s, s.c.id == o.c.subject_id)
            .where(o.c.starts_at < end, (o.c.ends_at.is_(None)) | (o.c.ends_at > start))
            .where(visible(s, self._scope))
        )
        if region is not None:
            query = query.where(s.c.region == region)
        spans: dict[str, list[tuple[datetime, datetime | None]]] = defaultdict(list)
        for subject_id, starts_at, ends_at in self._conn.execute(query):
            spans[subject_id].append((starts_at, ends_at))
        return dict(spans)

    def _device_models(
        self, subject_ids: set[str]
    ) -> dict[str, list[tuple[datetime, datetime | None, str]]]:
        if not subject_ids:
            return {}
        da, d = t.device_assignments, t.devices
        query = (
            select(da.c.subject_id, da.c.assigned_at, da.c.unassigned_at, d.c.model, d.c.kind)
            .join(d, d.c.id == da.c.device_id)
            .where(da.c.subject_id.in_(sorted(subject_ids)))
        )
        out: dict[str, list[tuple[datetime, datetime | None, str]]] = defaultdict(list)
        for subject_id, assigned, unassigned, model, kind in self._conn.execute(query):
            out[subject_id].append((assigned, unassigned, model or f"unknown {kind}"))
        return out

    # --- the subject page ------------------------------------------------------------------

    def monitoring_state(self, subject_id: str) -> dict[str, Any] | None:
        st = t.subject_states
        row = self._conn.execute(
            select(st.c.state, st.c.updated_at).where(
                st.c.subject_id == subject_id, visible(st, self._scope)
            )
        ).first()
        return None if row is None else {"state": row[0], "updated_at": row[1]}

    def trail_counts(
        self, start: datetime, end: datetime, region: str | None = None
    ) -> dict[str, int]:
        """Steps taken in [start, end) by action (the handover summary of a shift, and the
        desk statistics' automatic closes), of the scope's region and of ``region``."""
        e = alarm_events
        query = (
            select(e.c.action, func.count())
            .where(and_(e.c.at >= start, e.c.at < end), self._of_region_alarms(e, region))
            .group_by(e.c.action)
        )
        return {r[0]: int(r[1]) for r in self._conn.execute(query)}

    def _of_region_alarms(self, table: Table, region: str | None = None) -> ColumnElement[bool]:
        """Rows (``alarm_id``) about the alarms of the region (and of ``region``)."""
        names = sorted({n for n in (self._region, region) if n is not None})
        a = t.alarms
        if not names and self._scope.restricted:
            return true()
        mine = select(a.c.id).where(visible(a, self._scope))
        return and_(
            table.c.alarm_id.in_(mine),
            *(table.c.alarm_id.in_(select(a.c.id).where(in_region(a, n))) for n in names),
        )


def _model_at(assignments: list[tuple[datetime, datetime | None, str]], at: datetime) -> str:
    for assigned, unassigned, model in sorted(assignments, reverse=True):
        if assigned <= at and (unassigned is None or unassigned > at):
            return model
    return "no device"
