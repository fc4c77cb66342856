"""Acting on the person from an alarm (issue 20 item 5): the person's phone numbers, and the
commands sent to their devices through the gateway with their life (queued, sent, acknowledged,
failed, expired). Calls and ticked checklist steps are trail entries (``alarm_events``).
Migration ``0025_acting``."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.types import UTCDateTime

# The numbers the desk calls the person on (mobile, home, work); ended, never deleted.
subject_phones = Table(
    "subject_phones",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("label", String(20), nullable=False),  # mobile | home | work | other
    Column("number", String(40), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("added_by", String(100), nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    # Whose number (the person's, a co-resident's, a contact person's) and their name; a
    # change ends the row (who ended it, the row that replaced it): the rows are its history.
    Column("holder", String(20), nullable=False, server_default="person"),
    Column("holder_name", String(200), nullable=True),
    Column("ended_by", String(100), nullable=True),
    Column("replaced_by", String(36), nullable=True),
)

# A command for one device; the gateway sends it on the device's open connection.
device_commands = Table(
    "device_commands",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("device_id", String(36), ForeignKey("devices.id"), nullable=False),
    Column("device_identifier", String(64), nullable=False),  # the IMEI the session names
    Column("protocol", String(30), nullable=False),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("alarm_id", String(36), ForeignKey("alarms.id"), nullable=True, index=True),
    Column("kind", String(30), nullable=False),  # domain.acting.commands.CommandKind
    Column("text", String(200), nullable=False),  # what the device is sent
    Column("status", String(20), nullable=False),  # domain.acting.commands.CommandStatus
    Column("requested_at", UTCDateTime, nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("serial", Integer, nullable=True),  # the frame's serial number (GT06)
    Column("sent_at", UTCDateTime, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("reply", Text, nullable=True),  # the device's answer
    Column("finished_at", UTCDateTime, nullable=True),  # failed or expired
    Column("reason", Text, nullable=True),  # why it failed or expired
    Index("ix_device_commands_due", "status", "device_identifier"),
)
