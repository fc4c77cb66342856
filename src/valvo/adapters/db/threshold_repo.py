"""Threshold revisions in the database (``tables_thresholds.py``): national configuration,
not a region's records, so not scoped. Publishing notes a rule change for every person under an
active order of the type, so the engines recompile their rule sets with the new revision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_thresholds import threshold_revisions as tr
from valvo.domain.rules.threshold_revisions import RevisionStatus


def published_rows(conn: Connection, order_types: Iterable[str]) -> list[dict[str, Any]]:
    query = select(tr).where(
        tr.c.status == RevisionStatus.PUBLISHED.value, tr.c.order_type.in_(sorted(order_types))
    )
    return [dict(r) for r in conn.execute(query).mappings()]


class SqlThresholdRevisions:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def all(self, order_type: str | None = None) -> list[dict[str, Any]]:
        query = select(tr).order_by(tr.c.order_type, tr.c.number)
        if order_type is not None:
            query = query.where(tr.c.order_type == order_type)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def get(self, revision_id: int, lock: bool = False) -> dict[str, Any] | None:
        query = select(tr).where(tr.c.id == revision_id)
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).mappings().first()
        return dict(row) if row is not None else None

    def add_draft(
        self, order_type: str, values: Mapping[str, Any], note: str, at: datetime, by: str
    ) -> int:
        number = self._conn.execute(
            select(func.coalesce(func.max(tr.c.number), 0)).where(tr.c.order_type == order_type)
        ).scalar_one()
        result = self._conn.execute(
            insert(tr).returning(tr.c.id),
            [
                {
                    "order_type": order_type,
                    "number": int(number) + 1,
                    "status": RevisionStatus.DRAFT.value,
                    "thresholds": dict(values),
                    "note": note,
                    "created_at": at,
                    "created_by": by,
                    "updated_at": at,
                    "updated_by": by,
                }
            ],
        )
        return int(result.scalar_one())

    def edit_draft(
        self, revision_id: int, values: Mapping[str, Any], note: str, at: datetime, by: str
    ) -> None:
        self._conn.execute(
            update(tr)
            .where(tr.c.id == revision_id, tr.c.status == RevisionStatus.DRAFT.value)
            .values(thresholds=dict(values), note=note, updated_at=at, updated_by=by)
        )

    def publish(self, revision_id: int, effective_from: datetime, at: datetime, by: str) -> None:
        self._conn.execute(
            update(tr)
            .where(tr.c.id == revision_id, tr.c.status == RevisionStatus.DRAFT.value)
            .values(
                status=RevisionStatus.PUBLISHED.value,
                effective_from=effective_from,
                published_at=at,
                published_by=by,
                updated_at=at,
                updated_by=by,
            )
        )

    def note_rule_changes(self, order_type: str, reason: str, at: datetime) -> int:
        """A rule change for everyone under an active order of ``order_type`` (every region:
        the thresholds are national); how many people."""
        subjects = sorted(
            set(
                self._conn.execute(
                    select(t.orders.c.subject_id).where(
                        t.orders.c.type == order_type, t.orders.c.status == "active"
                    )
                ).scalars()
            )
        )
        if subjects:
            self._conn.execute(
                insert(t.rule_changes),
                [{"subject_id": s, "reason": reason, "at": at} for s in subjects],
            )
        return len(subjects)
