"""Changes to a travel ban's content or duration (PKL 2:12; R116), each a version: what it
was before and after, the reason, whether the suspect demanded it, and the hearing. Migration
``0011_cases_changes``."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Integer, String, Table, Text

from valvo.adapters.db.tables import metadata
from valvo.adapters.db.tables_cases import _case, _created, _id
from valvo.adapters.db.types import UTCDateTime

travel_ban_changes = Table(
    "travel_ban_changes",
    metadata,
    _id(),
    _case(),
    Column("number", Integer, nullable=False),  # 1, 2, … per ban
    Column("changed_at", UTCDateTime, nullable=False),
    Column("decided_by", String(20), nullable=False),  # domain.cases.ban_content.Decider
    Column("reason_kind", String(30), nullable=False),  # domain.cases.ban_change.ChangeReason
    Column("reason", Text, nullable=False),
    Column("demanded_by_suspect", Boolean, nullable=False),
    Column("heard_at", UTCDateTime, nullable=False),
    Column("before", JSON, nullable=False),  # the content and term in force until the change
    Column("after", JSON, nullable=False),
    *_created(),
)
