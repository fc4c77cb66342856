"""The relational schema (SQLAlchemy Core). Alembic migrations create exactly this."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from valvo.adapters.db.metadata import BigId as BigId
from valvo.adapters.db.metadata import metadata as metadata
from valvo.adapters.db.tables_alarm_desk import ALARM_COLUMNS
from valvo.adapters.db.types import UTCDateTime
from valvo.services.telemetry import DEVICE_ID_LENGTH, PEER_LENGTH

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("region", String(60), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

subjects = Table(
    "subjects",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("region", String(60), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # What tells two people of the same name apart on the board, and what it is searched by.
    Column("birth_date", Date, nullable=True),
    Column("identity_code", String(11), nullable=True, index=True),  # Finnish HETU
    Column("case_number", String(40), nullable=True, index=True),
)

orders = Table(
    "orders",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("type", String(40), nullable=False),
    Column("timezone", String(60), nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=True),
    Column("status", String(30), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("identifier", String(64), nullable=False, unique=True),
    Column("protocol", String(30), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("model", String(60), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # The region whose pool the device is in (scoping.py): the region of the user who
    # registered it, then of the person it was last assigned to; None: the national pool.
    Column("region", String(60), nullable=True, index=True),
    # R34: an RF home unit's configured range in metres (None: the policy's default).
    Column("rf_range_m", Float, nullable=True),
    # R47 device stock (domain/stock.py): where the unit is in its life, since when, at which
    # unit of its region; while in servicing, the vendor, why and when it was sent.
    Column("stock_state", String(20), nullable=False, server_default="in_stock"),
    Column("stock_location", String(120), nullable=True),
    Column("stock_since", UTCDateTime, nullable=True),
    Column("service_vendor", String(120), nullable=True),
    Column("service_reason", Text, nullable=True),
    Column("service_sent_at", UTCDateTime, nullable=True),
)

device_assignments = Table(
    "device_assignments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("device_id", String(36), ForeignKey("devices.id"), nullable=False, index=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("assigned_at", UTCDateTime, nullable=False),
    Column("unassigned_at", UTCDateTime, nullable=True),
)

zones = Table(
    "zones",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(36), ForeignKey("orders.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("geometry", JSON, nullable=False),  # GeoJSON, RFC 7946 [lon, lat]
    Column("presence_only", Boolean, nullable=False, default=False),
    # An activity place's zone (issue 7): enforced only during plan windows with this place_id.
    Column("place_id", String(36), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # R116: enforced from valid_from (None: from the start) until just before valid_to.
    Column("valid_from", UTCDateTime, nullable=True),
    Column("valid_to", UTCDateTime, nullable=True),
)

schedules = Table(
    "schedules",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(36), ForeignKey("orders.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("timezone", String(60), nullable=False),
    Column("weekly", JSON, nullable=False),
    Column("one_off", JSON, nullable=False),
    Column("reason", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("order_id", "version", name="uq_schedules_order_version"),
)

# The observation log of the embedded default: append-only; ``seq`` is the log position.
observations = Table(
    "observations",
    metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("device_identifier", String(DEVICE_ID_LENGTH), nullable=False),
    Column("protocol", String(30), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("device_time", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("peer", String(PEER_LENGTH), nullable=True),
    # Hash of device and message: equal means a resend. NULL (a message carrying no device
    # time, such as a bare heartbeat) never collides.
    Column("dedup_key", String(64), nullable=True, unique=True),
    Column("quarantined", Boolean, nullable=False, default=False),
    # Keyed seal of the row (adapters/db/evidence.py); NULL only on rows older than sealing.
    Column("mac", String(32), nullable=True),
)

# On PostgreSQL migration 0012 partitions this table by day on ``time`` (primary key (id, time))
# and adds the place-time index (time, lat, lon): docs/postgresql.md, position_partitions.py.
positions = Table(
    "positions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("subject_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("time", UTCDateTime, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("accuracy_m", Float, nullable=True),
    Column("speed_kmh", Float, nullable=True),
    Column("seq", BigInteger, nullable=False),
    Column("mac", String(32), nullable=True),  # keyed seal (adapters/db/evidence.py)
    Index("ix_positions_subject_time", "subject_id", "time"),
)

subject_states = Table(
    "subject_states",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # Raised by every write; a worker whose cached state is older re-reads it (two engine
    # workers may evaluate one person whose devices fall in different log partitions).
    Column("version", BigInteger, nullable=False, server_default="0"),
    # The board's summary of ``state`` (domain/rules/status.py), written with it, so the
    # caseload board filters and sorts in SQL.
    Column("last_seen", UTCDateTime, nullable=True, index=True),
    Column("in_breach", Boolean, nullable=False, server_default=false()),
    Column("silent_devices", Integer, nullable=False, server_default="0"),
    Column("low_battery", Boolean, nullable=False, server_default=false()),
    Column("battery_pct", Float, nullable=True),
)

alarms = Table(
    "alarms",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("kind", String(60), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("condition_key", String(120), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("raised_at", UTCDateTime, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("evidence_seqs", JSON, nullable=False),
    Column("ruleset_version", Integer, nullable=False),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("acknowledged_by", String(100), nullable=True),
    Column("resolved_at", UTCDateTime, nullable=True),
    Column("resolved_by", String(100), nullable=True),
    Column("cause", String(60), nullable=True),
    Column("note", Text, nullable=True),
    *ALARM_COLUMNS,  # the alarm desk's (tables_alarm_desk.py)
)
Index("ix_alarms_subject_condition", alarms.c.subject_id, alarms.c.condition_key)
Index("ix_alarms_raised_at", alarms.c.raised_at)

# Every change to what the engine enforces for a subject (order, zones, plan, devices) appends
# a row; engines reload the rule sets of subjects changed since the last id they saw, and the
# id is the rule-set version recorded with each alarm.
rule_changes = Table(
    "rule_changes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("reason", String(120), nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

log_offsets = Table(
    "log_offsets",
    metadata,
    Column("consumer", String(60), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

audit_records = Table(
    "audit_records",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target_type", String(40), nullable=False),
    Column("target_id", String(64), nullable=True),
    Column("purpose", Text, nullable=True),
    Column("peer", String(80), nullable=True),
    Column("details", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # HMAC(VALVO_AUDIT_KEY, hash): the chain cannot be recomputed without the key. NULL only on
    # records older than the key (migration 0014).
    Column("mac", String(64), nullable=True),
)

# The alarm desk's tables (trail, outbox, reviews, handover log) and the case work's tables
# (sentences, travel bans, deadlines) register on the same metadata; so do the adjudicated
# breaches and officers' key fobs (issue 15 item 4).
import valvo.adapters.db.tables_adjudication  # noqa: E402
import valvo.adapters.db.tables_cases  # noqa: E402

# Changes to a travel ban (PKL 2:12), versioned.
import valvo.adapters.db.tables_cases_changes  # noqa: E402

# The rest of the case work (wanted notice, combined sentences, travel costs, contacts, §11.2).
import valvo.adapters.db.tables_cases_enforcement  # noqa: E402

# The abode as a typed record (R29), issue 22.
import valvo.adapters.db.tables_lawcases  # noqa: E402
import valvo.adapters.db.tables_network  # noqa: E402

# The partner registry's tables (places, agreements, networks, search) register here too.
import valvo.adapters.db.tables_partners  # noqa: E402
import valvo.adapters.db.tables_partners_follow_up  # noqa: E402, F401

# Acting on the person (issue 20 item 5): phone numbers and device commands.
from valvo.adapters.db import tables_acting as _tables_acting  # noqa: E402, F401

# Authentication: second factor, sessions and refresh tokens, failed logins and lockouts.
from valvo.adapters.db import tables_auth as _tables_auth  # noqa: E402, F401

# Identity checks of phone monitoring (R38) and sweat patches (R67).
from valvo.adapters.db import tables_checks as _tables_checks  # noqa: E402, F401

# Crime matching (issue 16): batches of crimes, their versions, runs and matches.
from valvo.adapters.db import tables_crimes as _tables_crimes  # noqa: E402, F401

# The keyed heads of the audit chain and of the sealed evidence tables.
from valvo.adapters.db import tables_evidence as _tables_evidence  # noqa: E402, F401

# The gateway's tables (provenance, device keys) register on the same metadata.
from valvo.adapters.db import tables_gateway as _tables_gateway  # noqa: E402, F401

# The partitioned log's leases and stream positions (JetStream backend).
from valvo.adapters.db import tables_log as _tables_log  # noqa: E402, F401

# The monitored person's own page: their login, device instructions, messages, problem reports.
from valvo.adapters.db import tables_person as _tables_person  # noqa: E402, F401

# The pilot flag of units (regions), by date (issue 17; R143).
from valvo.adapters.db import tables_pilot as _tables_pilot  # noqa: E402, F401

# Restricted people and cases (issue 15): who is hidden from all but restricted:access.
from valvo.adapters.db import tables_restricted as _tables_restricted  # noqa: E402, F401

# Retention's tables (legal holds, anonymised statistics, provenance gaps) register here too.
from valvo.adapters.db import tables_retention as _tables_retention  # noqa: E402, F401
from valvo.adapters.db import tables_stock as _tables_stock  # noqa: E402, F401

# Versioned threshold sets per order type (noise control, issue 20).
from valvo.adapters.db import tables_thresholds as _tables_thresholds  # noqa: E402, F401

# Victims, their protection zones and restraining orders (R139, R140).
from valvo.adapters.db import tables_victims as _tables_victims  # noqa: E402, F401
