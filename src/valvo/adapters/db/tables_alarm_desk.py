"""Tables of the alarm desk (issue 5): the immutable alarm trail, the notification outbox, the
breach confirmations the case work picks up, periodic reviews and the shift-handover log; and
the columns the desk adds to ``alarms`` (grouping, escalation, handling, investigation).

Registered on the shared ``metadata``; ``tables.alarms`` declares ``ALARM_COLUMNS``. Migration
``0003_alarm_desk`` creates exactly this, with triggers that make the trail, the confirmations
and the handover log append-only in the database itself.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime

ALARM_COLUMNS = (
    Column("handling", String(20), nullable=False, server_default="realtime"),
    Column("order_type", String(40), nullable=True),
    Column("occurrences", Integer, nullable=False, server_default="1"),
    Column("last_occurred_at", UTCDateTime, nullable=True),
    Column("condition_ended_at", UTCDateTime, nullable=True),
    Column("investigating_at", UTCDateTime, nullable=True),
    Column("investigating_by", String(100), nullable=True),
    Column("escalation_level", Integer, nullable=False, server_default="0"),
    Column("escalated_at", UTCDateTime, nullable=True),
    Column("escalation_route", String(60), nullable=True),
    Column("reopened_at", UTCDateTime, nullable=True),
    Column("reopened_by", String(100), nullable=True),
    Column("reopen_count", Integer, nullable=False, server_default="0"),
    # The threshold revision the breach ran under (None: built-in defaults; migration 0025).
    Column("threshold_revision", Integer, nullable=True),
    # The incident the alarm belongs to: the id of its incident's first alarm (migration 0026;
    # domain/alarms/incidents.py decides it when the alarm is raised).
    Column("incident_id", String(36), nullable=True, index=True),
)

# Who did what to which alarm, when, from which status to which: append-only.
alarm_events = Table(
    "alarm_events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("alarm_id", String(36), ForeignKey("alarms.id"), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("from_status", String(20), nullable=True),
    Column("to_status", String(20), nullable=True),
    Column("note", Text, nullable=True),
    Column("details", JSON, nullable=False),
    Column("mac", String(32), nullable=True),  # keyed seal (adapters/db/evidence.py)
)

# Notifications to send after commit; the route becomes addresses and URLs at delivery.
alarm_outbox = Table(
    "alarm_outbox",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("alarm_id", String(36), nullable=True, index=True),
    Column("event", String(40), nullable=False),
    Column("route", String(60), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("delivered_to", JSON, nullable=False),
    Column("delivered_at", UTCDateTime, nullable=True),
    Column("dead", Boolean, nullable=False, server_default=false()),
    Column("last_error", Text, nullable=True),
    Index("ix_alarm_outbox_due", "delivered_at", "dead", "next_attempt_at"),
)

# Events for other parts of Valvo; the case work reads ``breach_confirmed`` rows after the last
# id it has seen and opens its breach record (see docs/alarm-desk.md). Append-only.
alarm_desk_events = Table(
    "alarm_desk_events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("alarm_id", String(36), ForeignKey("alarms.id"), nullable=False, index=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("payload", JSON, nullable=False),
)

# Periodic review (R43): each confirmed review covers the alarms raised in (from, until].
alarm_reviews = Table(
    "alarm_reviews",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("covered_from", UTCDateTime, nullable=False),
    Column("covered_until", UTCDateTime, nullable=False),
    Column("alarm_count", Integer, nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=False),
    Column("reviewed_by", String(100), nullable=False),
    Column("note", Text, nullable=True),
    # Two reviewers confirming the same window at once: the second gets a conflict.
    UniqueConstraint("covered_from", name="uq_alarm_reviews_covered_from"),
)

# The shift-handover log: notes per shift, append-only.
shift_notes = Table(
    "shift_notes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("author", String(100), nullable=False),
    Column("shift", String(20), nullable=False),
    Column("shift_start", UTCDateTime, nullable=False),
    Column("region", String(60), nullable=True),
    Column("text", Text, nullable=False),
)

# An incident's owner (the operator working it); a row only once someone takes it on. The
# incident's alarms are those whose ``alarms.incident_id`` is its id (the first alarm's id).
incidents = Table(
    "incidents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("owner", String(100), nullable=True),
    Column("owned_at", UTCDateTime, nullable=True),
)

APPEND_ONLY = ("alarm_events", "alarm_desk_events", "shift_notes")
