"""Restricted people and cases (issue 15 item 5): a person, or one of their cases, marked as a
protected person's, a staff member's or a high-profile one. While a marking is in force
(``lifted_at`` empty) the person and everything of theirs (cases, positions, alarms, devices,
evidence, crime matches) is seen only with ``restricted:access`` (adapters/db/scoping.py).
A marking of a case records its person too: the case's sensitivity is the person's."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.types import UTCDateTime

restrictions = Table(
    "restrictions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=True, index=True),
    Column("reason", String(30), nullable=False),  # domain/restriction.RestrictionReason
    Column("note", Text, nullable=True),
    Column("marked_at", UTCDateTime, nullable=False),
    Column("marked_by", String(100), nullable=False),
    Column("lifted_at", UTCDateTime, nullable=True),
    Column("lifted_by", String(100), nullable=True),
)
