"""The pilot flag of units (issue 17; R143): a unit (a region, the one that handles a case)
joins or leaves the pilot from a date. Rows are never changed: a new row from a later date (or
the same date, set later) takes over, so the history of who put which unit in the pilot from
when stays whole. Migration ``0026_pilot_units``."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Index, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.types import UTCDateTime

unit_pilots = Table(
    "unit_pilots",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("region", String(60), nullable=False),
    Column("pilot", Boolean, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("reason", Text, nullable=True),
    Column("set_at", UTCDateTime, nullable=False),
    Column("set_by", String(100), nullable=False),
)
Index("ix_unit_pilots_region", unit_pilots.c.region, unit_pilots.c.valid_from)
