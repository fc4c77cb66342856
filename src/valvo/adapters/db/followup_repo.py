"""The follow-up's reads (issue 17): each monitoring sentence of the scope as a
``SentenceFact`` (dates in the case's own calendar), and the anonymised follow-up cells retention
kept of sentences already counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as c
from valvo.adapters.db.scoping import in_region
from valvo.adapters.db.tables_pilot import unit_pilots
from valvo.adapters.db.tables_retention import retention_counted_orders, retention_statistics
from valvo.domain.followup.compute import Period, counts
from valvo.domain.followup.facts import BreachFact, SentenceFact, Span, TestFact, VisitFact
from valvo.domain.followup.pilot import PilotChange, pilot_days, with_units
from valvo.domain.followup.pilot import select as pilot_select
from valvo.domain.followup.pilot import view as pilot_view
from valvo.domain.schedule.local_time import zone
from valvo.domain.security import EVERYTHING, Scope

SENTENCE = "monitoring_sentence"
FOLLOW_UP_METRIC = "followup"  # the retention_statistics metric of the follow-up's cells


def _local(at: datetime | None, tz: str) -> date | None:
    return None if at is None else at.astimezone(zone(tz)).date()


class SqlFollowUpReader:
    """Reads keep to ``region`` when one is given (the unit of work's scope)."""

    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    def sentence_facts(
        self, region: str | None, pilot: bool | None, case_ids: Iterable[str] | None = None
    ) -> list[SentenceFact]:
        """The monitoring sentences of the scope (and of ``region``), leaving out those whose
        anonymised figures retention already wrote; with ``pilot``, the pilot's part of them
        (flagged, or on the days their unit is in the pilot) or the others' part
        (``domain/followup/pilot.py``)."""
        cs, s, r = c.cases, c.sentences, c.case_reports
        query = (
            select(
                cs.c.id,
                cs.c.region,
                cs.c.pilot,
                cs.c.status,
                cs.c.timezone,
                r.c.requested_on,
                s.c.sentenced_on,
                s.c.length_days,
                s.c.serving_start,
                s.c.ended_on,
                s.c.devices,
            )
            .join(s, s.c.case_id == cs.c.id)
            .outerjoin(r, r.c.case_id == cs.c.id)
            .where(cs.c.type == SENTENCE, in_region(cs, self._region))  # aggregates name no one
        )
        if case_ids is not None:
            query = query.where(cs.c.id.in_(list(case_ids)))
        else:
            counted = select(retention_counted_orders.c.order_id)
            query = query.where((cs.c.order_id.is_(None)) | cs.c.order_id.not_in(counted))
        if region is not None:
            query = query.where(cs.c.region == region)
        rows = self._conn.execute(query.order_by(cs.c.id)).mappings().all()
        ids = [row["id"] for row in rows]
        zones = {row["id"]: row["timezone"] for row in rows}
        kinds = self._device_kinds({d for row in rows for d in (row["devices"] or [])})
        spans, breaches, visits, tests = self._children(ids, zones)
        runs = pilot_days(self.pilot_changes({row["region"] for row in rows}))
        facts = [
            SentenceFact(
                case_id=row["id"],
                region=row["region"],
                pilot=bool(row["pilot"]),
                status=row["status"],
                requested_on=row["requested_on"],
                sentenced_on=row["sentenced_on"],
                length_days=row["length_days"],
                serving_start=row["serving_start"],
                ended_on=row["ended_on"],
                device_kinds=tuple(sorted(kinds[d] for d in (row["devices"] or []) if d in kinds)),
                interruptions=tuple(spans[row["id"]]),
                breaches=tuple(breaches[row["id"]]),
                visits=tuple(visits[row["id"]]),
                tests=tuple(tests[row["id"]]),
            )
            for row in rows
        ]
        return pilot_select(with_units(facts, runs), pilot)

    def pilot_changes(self, regions: Iterable[str] | None = None) -> list[PilotChange]:
        """The units' pilot history (of ``regions``, or all), oldest first."""
        u = unit_pilots.c
        query = select(u.region, u.pilot, u.valid_from, u.set_at).order_by(
            u.region, u.valid_from, u.set_at
        )
        if regions is not None:
            query = query.where(u.region.in_(sorted(regions)))
        return [
            PilotChange(r.region, bool(r.pilot), r.valid_from, r.set_at)
            for r in self._conn.execute(query)
        ]

    def pilot_history(self) -> list[dict[str, Any]]:
        """Every change of a unit's pilot flag (of the scope's region), newest first."""
        query = select(unit_pilots).order_by(
            unit_pilots.c.region, unit_pilots.c.valid_from.desc(), unit_pilots.c.set_at.desc()
        )
        if self._region is not None:
            query = query.where(unit_pilots.c.region == self._region)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def regions(self) -> list[str]:
        """The units known: the regions of the cases, the people and the pilot history."""
        found: set[str] = set()
        for column in (c.cases.c.region, t.subjects.c.region, unit_pilots.c.region):
            found.update(str(r[0]) for r in self._conn.execute(select(column).distinct()) if r[0])
        if self._region is not None:
            found &= {self._region}
        return sorted(found)

    def add_pilot_change(self, row: dict[str, Any]) -> None:
        self._conn.execute(insert(unit_pilots), [row])

    def _device_kinds(self, device_ids: set[str]) -> dict[str, str]:
        if not device_ids:
            return {}
        d = t.devices
        query = select(d.c.id, d.c.kind).where(d.c.id.in_(sorted(device_ids)))
        return {row[0]: row[1] for row in self._conn.execute(query)}

    def _children(
        self, ids: list[str], zones: dict[str, str]
    ) -> tuple[
        dict[str, list[Span]],
        dict[str, list[BreachFact]],
        dict[str, list[VisitFact]],
        dict[str, list[TestFact]],
    ]:
        spans: dict[str, list[Span]] = defaultdict(list)
        breaches: dict[str, list[BreachFact]] = defaultdict(list)
        visits: dict[str, list[VisitFact]] = defaultdict(list)
        tests: dict[str, list[TestFact]] = defaultdict(list)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            i, b, v = c.case_interruptions, c.case_breaches, c.case_visits
            x = c.case_substance_tests
            for row in self._rows(select(i).where(i.c.case_id.in_(chunk)).order_by(i.c.seq)):
                spans[row["case_id"]].append(Span(row["reason"], row["start"], row["end"]))
            for row in self._rows(select(b).where(b.c.case_id.in_(chunk)).order_by(b.c.id)):
                tz = zones[row["case_id"]]
                occurred = _local(row["occurred_at"], tz)
                assert occurred is not None
                breaches[row["case_id"]].append(
                    BreachFact(row["kind"], occurred, row["response"], row["responded_on"])
                )
            query = select(v).where(v.c.case_id.in_(chunk), v.c.visited_at.is_not(None))
            for row in self._rows(query.order_by(v.c.id)):
                visited = _local(row["visited_at"], zones[row["case_id"]])
                assert visited is not None
                visits[row["case_id"]].append(
                    VisitFact(visited, row["travel_km"], row["travel_minutes"])
                )
            for row in self._rows(select(x).where(x.c.case_id.in_(chunk)).order_by(x.c.id)):
                tz = zones[row["case_id"]]
                taken = _local(row["taken_at"], tz)
                assert taken is not None
                tests[row["case_id"]].append(
                    TestFact(row["kind"], taken, _local(row["lab_requested_at"], tz))
                )
        return spans, breaches, visits, tests

    def _rows(self, query: Any) -> list[Any]:
        return list(self._conn.execute(query).mappings())

    def retained(
        self, region: str | None, pilot: bool | None, months: Iterable[str]
    ) -> dict[str, float]:
        """The follow-up cells retention wrote (``figure`` or ``figure:key`` → value) for
        ``months`` (YYYY-MM), of the scope's region (and ``region``), pilot or not."""
        rs = retention_statistics.c
        wanted = sorted(set(months))
        if not wanted:
            return {}
        query = select(rs.key, func.sum(rs.value)).where(
            rs.metric == FOLLOW_UP_METRIC, rs.month.in_(wanted)
        )
        for name in {n for n in (self._region, region) if n is not None}:
            query = query.where(rs.region == name)
        if pilot is not None:
            query = query.where(rs.key.like(f"{cell_prefix(pilot)}%"))
        totals: dict[str, float] = defaultdict(float)
        for key, value in self._conn.execute(query.group_by(rs.key)):
            totals[key.split("/", 1)[1]] += float(value)
        return dict(totals)


def cell_prefix(pilot: bool) -> str:
    return "pilot/" if pilot else "other/"


def follow_up_cells(
    facts: Iterable[SentenceFact], until: date
) -> dict[tuple[str, str, str, str], float]:
    """The anonymised follow-up cells of ``facts`` (region, month, metric, pilot/figure):
    each figure of ``domain/followup/compute.counts`` per calendar month, from the first day
    a sentence's record names up to ``until``. Retention writes these before the cases go."""
    cells: dict[tuple[str, str, str, str], float] = defaultdict(float)
    for whole in facts:
        days = [
            d
            for d in (whole.requested_on, whole.sentenced_on, whole.serving_start)
            if d is not None
        ]
        if not days:
            continue
        # The pilot's part and the others' part apart (a unit may join the pilot part-way).
        parts = [(p, v) for p in (True, False) if (v := pilot_view(whole, p)) is not None]
        month = date(min(days).year, min(days).month, 1)
        while month <= until:
            following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            for pilot, fact in parts:
                for key, value in counts([fact], Period(month, following)).items():
                    if value:
                        name = f"{cell_prefix(pilot)}{key}"
                        cells[(fact.region, f"{month:%Y-%m}", FOLLOW_UP_METRIC, name)] += value
            month = following
    return cells
