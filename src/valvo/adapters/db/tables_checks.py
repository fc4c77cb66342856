"""Identity checks of a person monitored by phone (R38; 7.1.3) and sweat patches (R67; 5.2):
each case's configuration (a new row replaces the one before; the older stay for the audit),
the checks worked with their outcome, and the patches applied, removed, drawn for the
laboratory and their result. Migration ``0026_identity_patches``.

Every row belongs to a case, so the case's region and restriction scope it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_cases import _case, _created, _id
from valvo.adapters.db.types import UTCDateTime

# R38: how the case's person is identified (methods) and when (random checks a day within
# required presence, a check when presence begins); ``active`` false switches checks off.
case_identity_configs = Table(
    "case_identity_configs",
    metadata,
    _id(),
    _case(),
    Column("version", Integer, nullable=False),  # 1, 2, … per case: the newest is in force
    Column("active", Boolean, nullable=False),
    Column("methods", JSON, nullable=False),  # domain.cases.identity_checks.Method values
    Column("random_per_day", Integer, nullable=False),
    Column("at_presence_start", Boolean, nullable=False),
    Column("seed", String(64), nullable=False),  # the random times are recomputed from it
    Column("reason", Text, nullable=True),
    *_created(),
)

# R38: a check worked (planned by the configuration or started by hand) and its outcome; a
# failed or unanswered check raises an ``identity_check_failed`` alarm (``alarm_id``).
case_identity_checks = Table(
    "case_identity_checks",
    metadata,
    _id(),
    _case(),
    Column("config_id", String(36), ForeignKey("case_identity_configs.id"), nullable=True),
    Column("trigger", String(20), nullable=False),  # random | presence_start | manual
    Column("due_at", UTCDateTime, nullable=False),
    Column("method", String(20), nullable=False),
    Column("outcome", String(20), nullable=False),  # passed | failed | no_answer
    Column("knows_voice", Boolean, nullable=False),
    Column("note", Text, nullable=True),
    Column("performed_at", UTCDateTime, nullable=False),
    Column("performed_by", String(100), nullable=False),
    Column("alarm_id", String(36), nullable=True),
    *_created(),
    UniqueConstraint("case_id", "trigger", "due_at", name="uq_case_identity_checks_due"),
)

# R67: how often the case's patch is changed and what share of removed patches is analysed.
case_patch_configs = Table(
    "case_patch_configs",
    metadata,
    _id(),
    _case(),
    Column("version", Integer, nullable=False),  # 1, 2, … per case: the newest is in force
    Column("change_days", Integer, nullable=False),
    Column("lab_percent", Integer, nullable=False),
    Column("seed", String(64), nullable=False),  # the laboratory draws are recomputed from it
    *_created(),
)

# R67: one patch from application to removal, its laboratory draw and the result (a
# ``sweat_patch`` substance test, ``test_id``); a tampered patch opens a breach.
case_sweat_patches = Table(
    "case_sweat_patches",
    metadata,
    _id(),
    _case(),
    Column("code", String(60), nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
    Column("applied_by", String(200), nullable=False),
    Column("change_due_at", UTCDateTime, nullable=False),
    Column("config_id", String(36), ForeignKey("case_patch_configs.id"), nullable=True),
    Column("removed_at", UTCDateTime, nullable=True),
    Column("removed_by", String(200), nullable=True),
    Column("removal", String(10), nullable=True),  # intact | tampered
    Column("draw_value", Integer, nullable=True),
    Column("draw_percent", Integer, nullable=True),
    Column("selected", Boolean, nullable=True),
    Column("test_id", String(36), ForeignKey("case_substance_tests.id"), nullable=True),
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=True),
    *_created(),
)
