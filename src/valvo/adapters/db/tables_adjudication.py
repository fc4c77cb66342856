"""Adjudicated breaches and the officers' key fobs (issue 15 item 4; R39, R40). Migration
``0025_adjudication``, which also gives ``case_visits`` the fob, the reporting device and the
officer's departure.

``case_breach_adjudications`` keeps every decision on a breach (counted, reasonable excuse,
authorised absence): a change is a new row naming the one it replaces, never an update, so the
history of who decided what, when and why stays whole; the newest row is in force.
``officer_fobs`` registers a key fob to a supervisor (R39): a home unit that sees the fob
reports it, and the visit is the fob's officer's.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_cases import _case, _created, _id
from valvo.adapters.db.types import UTCDateTime

case_breach_adjudications = Table(
    "case_breach_adjudications",
    metadata,
    _id(),
    _case(),
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=False, index=True),
    Column("outcome", String(30), nullable=False),  # domain.cases.adjudication.Outcome
    Column("reason", Text, nullable=True),
    Column("minutes", Integer, nullable=True),  # the violation time, when the decider states it
    Column("decided_by", String(100), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("supersedes", String(36), nullable=True),  # the decision this one changes
    *_created(),
)

officer_fobs = Table(
    "officer_fobs",
    metadata,
    _id(),
    Column("fob", String(64), nullable=False),  # the identifier the home unit reports
    Column("supervisor_id", String(36), ForeignKey("supervisors.id"), nullable=False),
    Column("region", String(60), nullable=False),
    Column("retired_at", UTCDateTime, nullable=True),
    Column("retired_by", String(100), nullable=True),
    *_created(),
)
Index("ix_officer_fobs_fob", officer_fobs.c.fob)
