"""Regional scoping of reads, in one place for every repository: the SQL condition that keeps a
row of a table to the subjects of one region. A unit of work opened with a ``Scope`` passes its
region to the repositories, which add this condition to every read, so another region's rows
are simply not there (a single read answers None, a route 404)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Table, or_, select, true

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as tc
from valvo.adapters.db import tables_partners as tp


def subjects_of(region: str) -> Select[tuple[str]]:
    return select(t.subjects.c.id).where(t.subjects.c.region == region)


def in_region(table: Table, region: str | None) -> ColumnElement[bool]:
    """The condition keeping ``table``'s rows to ``region`` (always true without a region)."""
    if region is None:
        return true()
    c = table.c
    if "region" in c and table.name in ("subjects", "cases", "supervisors"):
        return c.region == region
    if "subject_id" in c:
        return c.subject_id.in_(subjects_of(region))
    if "order_id" in c:
        orders = select(t.orders.c.id).where(t.orders.c.subject_id.in_(subjects_of(region)))
        return c.order_id.in_(orders)
    if table.name == "devices":  # assigned to one of the region's people, or in its pool
        assigned = select(t.device_assignments.c.device_id).where(
            t.device_assignments.c.subject_id.in_(subjects_of(region))
        )
        return or_(c.id.in_(assigned), c.region == region)
    if table.name == tp.attendance.name:  # a partner's confirmation: its assignment's person
        assignments = tp.place_assignments
        return c.assignment_id.in_(
            select(assignments.c.id).where(assignments.c.subject_id.in_(subjects_of(region)))
        )
    if "case_id" in c:
        return c.case_id.in_(select(tc.cases.c.id).where(tc.cases.c.region == region))
    raise ValueError(f"table {table.name} has no regional scope")
