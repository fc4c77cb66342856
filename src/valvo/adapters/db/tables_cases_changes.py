"""Changes to a travel ban's content or duration (PKL 2:12; R116), each a version: what it
was before and after, the reason, whether the suspect demanded it, and the hearing; and the
police's executive assistance on a refused visit (§21; R54). Migration ``0011_cases_changes``."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text

from valvo.adapters.db.metadata import metadata
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

# §21 (R54): KHL's request for police assistance after a refused entry, and the response.
case_police_assistance = Table(
    "case_police_assistance",
    metadata,
    _id(),
    _case(),
    Column("visit_id", String(36), ForeignKey("case_visits.id"), nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("requested_by", String(200), nullable=False),  # the KHL official
    Column("police_unit", String(200), nullable=False),
    Column("request_details", Text, nullable=True),
    Column("responded_at", UTCDateTime, nullable=True),
    Column("response", String(20), nullable=True),  # domain.cases.police_assistance
    Column("entry_gained", Boolean, nullable=True),
    Column("response_details", Text, nullable=True),
    Column("responded_officer", String(200), nullable=True),
    *_created(),
)
