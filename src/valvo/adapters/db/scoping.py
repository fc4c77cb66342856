"""Scoping of reads, in one place for every repository: the SQL conditions that keep a row of a
table to the subjects of one region (R131) and away from the restricted people unless the
reader may see them (issue 15 item 5). A unit of work opened with a ``Scope`` passes it to the
repositories, which add ``visible(table, scope)`` to every read, so another region's rows and a
restricted person's rows are simply not there (a single read answers None, a route 404)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Table, and_, not_, or_, select, true

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as tc
from valvo.adapters.db import tables_partners as tp
from valvo.adapters.db import tables_restricted as tr
from valvo.domain.security import Scope

# Regional tables about no monitored person: nothing in them is restricted.
PERSONLESS = frozenset({"supervisors", "officer_fobs"})


def subjects_of(region: str) -> Select[tuple[str]]:
    return select(t.subjects.c.id).where(t.subjects.c.region == region)


def restricted_subjects() -> Select[tuple[str]]:
    """The people under a restriction in force (marked themselves or through a case)."""
    r = tr.restrictions
    return select(r.c.subject_id).where(r.c.lifted_at.is_(None))


def of_subjects(table: Table, subjects: Select[tuple[str]]) -> ColumnElement[bool]:
    """The condition keeping ``table``'s rows to those of the people ``subjects`` selects."""
    c = table.c
    if table.name == "subjects":
        return c.id.in_(subjects)
    if "subject_id" in c:
        return c.subject_id.in_(subjects)
    if "order_id" in c:
        return c.order_id.in_(select(t.orders.c.id).where(t.orders.c.subject_id.in_(subjects)))
    if table.name == "devices":
        assigned = select(t.device_assignments.c.device_id).where(
            t.device_assignments.c.subject_id.in_(subjects)
        )
        return c.id.in_(assigned)
    if table.name == tp.attendance.name:  # a partner's confirmation: its assignment's person
        assignments = tp.place_assignments
        return c.assignment_id.in_(
            select(assignments.c.id).where(assignments.c.subject_id.in_(subjects))
        )
    if "case_id" in c:
        return c.case_id.in_(select(tc.cases.c.id).where(tc.cases.c.subject_id.in_(subjects)))
    raise ValueError(f"table {table.name} has no person to scope by")


def in_region(table: Table, region: str | None) -> ColumnElement[bool]:
    """The condition keeping ``table``'s rows to ``region`` (always true without a region)."""
    if region is None:
        return true()
    c = table.c
    if "region" in c and table.name in ("subjects", "cases", "supervisors", "officer_fobs"):
        return c.region == region
    if "case_id" in c and "subject_id" not in c and "order_id" not in c:
        return c.case_id.in_(select(tc.cases.c.id).where(tc.cases.c.region == region))
    if table.name == "devices":  # assigned to one of the region's people, or in its pool
        return or_(of_subjects(table, subjects_of(region)), c.region == region)
    try:
        return of_subjects(table, subjects_of(region))
    except ValueError:
        raise ValueError(f"table {table.name} has no regional scope") from None


def unrestricted(table: Table, scope: Scope) -> ColumnElement[bool]:
    """The condition keeping ``table``'s rows away from the restricted people (always true for a
    scope that sees them). A row with no person (an unassigned device) is not restricted."""
    if scope.restricted or table.name in PERSONLESS:
        return true()
    c = table.c
    condition = not_(of_subjects(table, restricted_subjects()))
    key = next((k for k in ("subject_id", "order_id", "case_id", "assignment_id") if k in c), None)
    if table.name not in ("subjects", "devices") and key is not None and c[key].nullable:
        return or_(c[key].is_(None), condition)
    return condition


def visible(table: Table, scope: Scope) -> ColumnElement[bool]:
    """What ``scope`` sees of ``table``: its region's rows, without the restricted people's
    unless it may see them. Every scoped read uses this one rule."""
    return and_(in_region(table, scope.region), unrestricted(table, scope))
