"""Victims and their protection zones (R139), restraining orders (R140). Migration
``0021_victims``.

A victim belongs to a case (and so to its person and region). The exclusion zone is kept as
GeoJSON in lon/lat; the warning buffer is the area within ``buffer_m`` of it, drawn by the
engine when it compiles the person's rule set. The victim's name and contact are personal data
read only by the roles that need them (``domain/victims.py``), every read audited.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_cases import _created, _id
from valvo.adapters.db.types import UTCDateTime

victims = Table(
    "victims",
    metadata,
    _id(),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("contact_person", String(200), nullable=True),  # a support person, if not the victim
    Column("contact_channel", String(300), nullable=True),  # mailto:… or https://…
    Column("notify_opt_in", Boolean, nullable=False),
    Column("zone", JSON, nullable=False),  # the exclusion zone, GeoJSON [lon, lat]
    Column("buffer_m", Float, nullable=False),
    Column("valid_from", UTCDateTime, nullable=True),
    Column("valid_to", UTCDateTime, nullable=True),
    *_created(),
)

restraining_orders = Table(
    "restraining_orders",
    metadata,
    _id(),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("victim_id", String(36), ForeignKey("victims.id"), nullable=True),
    Column("court", String(200), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_to", UTCDateTime, nullable=True),
    Column("terms", Text, nullable=False),
    *_created(),
)
