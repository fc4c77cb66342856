"""The monitored person's own page (issue 15 item 8; R48, R114): the person's login, linked to
exactly one subject; the device instructions given to them (or the device they refused) and
their acknowledgement; messages between the supervisor and the person (with read receipts);
problems the person reports and the supervisor handles. Migration ``0025_person``.

Every row but the login belongs to a case, so the case's region and restriction scope it."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_cases import _case, _created, _id
from valvo.adapters.db.types import UTCDateTime

# A ``person`` account sees the one subject it is linked to, and nothing else.
person_logins = Table(
    "person_logins",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id"), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
)

# R48, R114: the device's usage instructions given (in a language, a version of the text), or
# the device refused (a breach opened on the case, ``breach_id``); the person's acknowledgement.
case_device_instructions = Table(
    "case_device_instructions",
    metadata,
    _id(),
    _case(),
    Column("device_kind", String(30), nullable=False),  # domain.registry_choices.DeviceKind
    Column("language", String(5), nullable=False),  # domain.person.LANGUAGES
    Column("text_version", String(60), nullable=False),
    Column("outcome", String(10), nullable=False),  # given | refused
    Column("given_by", String(200), nullable=False),
    Column("given_at", UTCDateTime, nullable=False),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=True),
    *_created(),
)

# Messages between the case's supervisor and the person: ``to_person`` or ``from_person``.
case_person_messages = Table(
    "case_person_messages",
    metadata,
    _id(),
    _case(),
    Column("direction", String(12), nullable=False),
    Column("body", Text, nullable=False),
    Column("read_at", UTCDateTime, nullable=True),  # the read receipt
    *_created(),
)

# A problem the person reports (device, schedule, other) and its handling by the supervisor.
case_person_reports = Table(
    "case_person_reports",
    metadata,
    _id(),
    _case(),
    Column("kind", String(10), nullable=False),  # domain.person.ReportKind
    Column("text", Text, nullable=False),
    Column("handled_at", UTCDateTime, nullable=True),
    Column("handled_by", String(100), nullable=True),
    Column("handled_note", Text, nullable=True),
    *_created(),
)
