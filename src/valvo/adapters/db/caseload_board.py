"""The caseload board in SQL: the page of people matching a search and filters, sorted, with
each one's live-status summary (kept beside the engine's state) and open-alarm count, and how
many match in all, in one query over indexed columns; then one batched read of the page's
states, devices and plans. Keeps to the unit of work's region like every other read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, union
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.scoping import visible
from valvo.domain.alarms import OPEN_STATUSES
from valvo.domain.security import EVERYTHING, Scope
from valvo.services.caseload_board import BoardPage, BoardQuery, BoardSort

OPEN = sorted(s.value for s in OPEN_STATUSES)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlCaseloadBoard:
    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    def _in_force(self, now: datetime) -> ColumnElement[bool]:
        o = t.orders
        return exists().where(
            o.c.subject_id == t.subjects.c.id,
            o.c.status == "active",
            o.c.starts_at <= now,
            or_(o.c.ends_at.is_(None), o.c.ends_at > now),
        )

    def _matching(self, query: BoardQuery) -> list[str]:
        """The people a search finds, each key looked up on its own (the identity code and the
        case number by index, a device id by its beginning, the name anywhere in it), so the
        page's query joins only them: one OR across the keys would have the planner guess
        half the caseload and join it all."""
        s, d, a = t.subjects, t.devices, t.device_assignments
        term = query.search or ""
        code = query.code or ""
        like = f"%{_escape(term)}%"
        found = union(
            select(s.c.id).where(
                or_(s.c.name.like(like, "\\"), func.lower(s.c.name).like(like.lower(), "\\"))
            ),
            select(s.c.id).where(s.c.identity_code == code),
            select(s.c.id).where(s.c.case_number.in_(sorted({term, code}))),
            select(a.c.subject_id)
            .join(d, d.c.id == a.c.device_id)
            .where(a.c.unassigned_at.is_(None), d.c.identifier.like(f"{_escape(term)}%", "\\")),
        )
        return [r[0] for r in self._conn.execute(found)]

    def page(self, query: BoardQuery, now: datetime) -> BoardPage:
        s, st, al = t.subjects, t.subject_states, t.alarms
        alarms = (
            select(al.c.subject_id, func.count().label("n"))
            .where(al.c.status.in_(OPEN))
            .group_by(al.c.subject_id)
            .subquery("open_alarms")
        )
        open_alarms = func.coalesce(alarms.c.n, 0)
        in_breach = func.coalesce(st.c.in_breach, False)
        silent = func.coalesce(st.c.silent_devices, 0)
        conditions: list[ColumnElement[bool]] = [visible(s, self._scope)]
        if query.monitored_only:
            conditions.append(self._in_force(now))
        if query.search:
            found = self._matching(query)
            if not found:
                return BoardPage(0, [])
            conditions.append(s.c.id.in_(found))
        if query.region:
            conditions.append(s.c.region == query.region)
        if query.in_breach is not None:
            conditions.append(in_breach == query.in_breach)
        if query.open_alarms is not None:
            conditions.append((open_alarms > 0) == query.open_alarms)
        if query.silent is not None:
            conditions.append((silent > 0) == query.silent)
        if query.low_battery is not None:
            conditions.append(func.coalesce(st.c.low_battery, False) == query.low_battery)
        order = self._order(query, open_alarms, in_breach, silent)
        stmt = (
            select(
                s.c.id,
                s.c.name,
                s.c.region,
                s.c.birth_date,
                s.c.identity_code,
                s.c.case_number,
                st.c.last_seen,
                in_breach.label("in_breach"),
                silent.label("silent_devices"),
                func.coalesce(st.c.low_battery, False).label("low_battery"),
                st.c.battery_pct,
                open_alarms.label("open_alarms"),
                func.count().over().label("total"),
            )
            .select_from(
                s.outerjoin(st, st.c.subject_id == s.c.id).outerjoin(
                    alarms, alarms.c.subject_id == s.c.id
                )
            )
            .where(and_(*conditions))
            .order_by(*order, s.c.id)
            .limit(query.limit)
            .offset(query.offset)
        )
        rows = [dict(r) for r in self._conn.execute(stmt).mappings()]
        if rows:
            total = int(rows[0]["total"])
        elif query.offset:  # past the end: count without the page
            counted = select(func.count()).select_from(
                stmt.order_by(None).limit(None).offset(None).subquery()
            )
            total = int(self._conn.execute(counted).scalar() or 0)
        else:
            total = 0
        return BoardPage(total, rows)

    def _order(
        self,
        query: BoardQuery,
        open_alarms: ColumnElement[Any],
        in_breach: ColumnElement[Any],
        silent: ColumnElement[Any],
    ) -> list[ColumnElement[Any]]:
        s, st = t.subjects, t.subject_states
        desc = query.descending
        keys: list[ColumnElement[Any]]
        if query.sort is BoardSort.NAME:
            keys = [s.c.name.desc() if desc else s.c.name.asc()]
        elif query.sort is BoardSort.REGION:
            keys = [s.c.region.desc() if desc else s.c.region.asc(), s.c.name]
        elif query.sort is BoardSort.LAST_SEEN:  # the longest silent first unless descending
            seen = st.c.last_seen
            keys = [seen.desc().nulls_last() if desc else seen.asc().nulls_first(), s.c.name]
        elif query.sort is BoardSort.ALARMS:
            keys = [open_alarms.asc() if desc else open_alarms.desc(), s.c.name]
        else:
            keys = [in_breach.desc(), open_alarms.desc(), silent.desc(), s.c.name]
        return keys

    def details(
        self, subject_ids: Sequence[str], page_names: Sequence[str], now: datetime
    ) -> dict[str, Any]:
        ids = list(subject_ids)
        s, st, d, a, o, sc = (
            t.subjects,
            t.subject_states,
            t.devices,
            t.device_assignments,
            t.orders,
            t.schedules,
        )
        states = {
            sid: state
            for sid, state in self._conn.execute(
                select(st.c.subject_id, st.c.state).where(st.c.subject_id.in_(ids))
            )
        }
        # Assignments by person, then their devices by key: two index lookups (one join
        # would have the planner scan every device).
        holder = {
            device_id: subject_id
            for subject_id, device_id in self._conn.execute(
                select(a.c.subject_id, a.c.device_id).where(
                    a.c.subject_id.in_(ids), a.c.unassigned_at.is_(None)
                )
            )
        }
        devices: dict[str, list[dict[str, Any]]] = defaultdict(list)
        device_rows = self._conn.execute(
            select(d.c.id, d.c.identifier, d.c.kind, d.c.model)
            .where(d.c.id.in_(list(holder)))
            .order_by(d.c.kind, d.c.identifier)
        ).mappings()
        for r in device_rows:
            devices[holder[r["id"]]].append(dict(r))
        plan_rows = self._conn.execute(
            select(
                o.c.subject_id,
                o.c.id.label("order_id"),
                o.c.type.label("order_type"),
                o.c.timezone.label("order_timezone"),
                sc.c.timezone,
                sc.c.weekly,
                sc.c.one_off,
                sc.c.version,
            )
            .join(sc, sc.c.order_id == o.c.id, isouter=True)
            .where(
                o.c.subject_id.in_(ids),
                o.c.status == "active",
                o.c.starts_at <= now,
                or_(o.c.ends_at.is_(None), o.c.ends_at > now),
            )
        ).mappings()
        latest: dict[str, dict[str, Any]] = {}
        for r in plan_rows:
            kept = latest.get(r["order_id"])
            if kept is None or (r["version"] or 0) > (kept["version"] or 0):
                latest[r["order_id"]] = dict(r)
        plans: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for plan in latest.values():
            if plan["version"] is None:  # no plan yet: presence required at all times
                plan = {**plan, "timezone": plan["order_timezone"], "weekly": [], "one_off": []}
                plan["version"] = 0
            plans[plan["subject_id"]].append(plan)
        names = self._conn.execute(
            select(s.c.name, func.count())
            .where(s.c.name.in_(sorted(set(page_names))), visible(s, self._scope))
            .group_by(s.c.name)
        ).all()
        return {
            "states": states,
            "devices": devices,
            "plans": plans,
            "namesakes": {name: int(n) for name, n in names},
        }
