"""The rest of the monitoring sentence's law on the case (issue 22): the abode as a typed
record, a private dwelling or a placement institution with its contact (§2, §4; R29); a case's
own visit-frequency target (R53); the register of co-residents and a minor's guardian,
trustee or legal representative (R57); prescription entitlements (R65); orders to attend
for a sample (R61). Migration ``0022_lawcases``."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_cases import _case, _created, _id
from valvo.adapters.db.types import UTCDateTime

# R29: each record replaces the one before from ``valid_from``; the newest is the abode.
case_abodes = Table(
    "case_abodes",
    metadata,
    _id(),
    _case(),
    Column("seq", Integer, nullable=False),  # 1, 2, … per case: the newest is in force
    Column("kind", String(20), nullable=False),  # domain.cases.abode.AbodeKind
    Column("address", Text, nullable=False),
    Column("institution_name", String(200), nullable=True),
    Column("contact_name", String(200), nullable=True),
    Column("contact_phone", String(40), nullable=True),
    Column("contact_email", String(200), nullable=True),
    Column("valid_from", Date, nullable=False),
    Column("notes", Text, nullable=True),
    *_created(),
)

# R53: a case's own visit target, replacing the practice default (domain.cases.visits).
case_visit_targets = Table(
    "case_visit_targets",
    metadata,
    Column("case_id", String(36), ForeignKey("cases.id"), primary_key=True),
    Column("visits_per_week", Integer, nullable=False),
    Column("reason", Text, nullable=True),
    Column("set_at", UTCDateTime, nullable=False),
    Column("set_by", String(100), nullable=False),
)

# §10.4 (R57): co-residents and a minor's guardian, trustee or legal representative, each with
# a way to reach them; contacts with them are logged in ``case_contacts``.
case_representatives = Table(
    "case_representatives",
    metadata,
    _id(),
    _case(),
    Column("kind", String(30), nullable=False),  # domain.cases.representatives
    Column("name", String(200), nullable=False),
    Column("phone", String(40), nullable=True),
    Column("email", String(200), nullable=True),
    Column("address", Text, nullable=True),
    Column("notes", Text, nullable=True),
    *_created(),
)

# §11.3 (R65): the medicines the convict is entitled to; a positive laboratory result a valid
# prescription explains is not a breach.
case_prescriptions = Table(
    "case_prescriptions",
    metadata,
    _id(),
    _case(),
    Column("substance", String(100), nullable=False),
    Column("prescribed_by", String(200), nullable=True),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date, nullable=True),
    Column("document", String(200), nullable=True),  # the prescription seen (reference)
    *_created(),
)

# §11.1 (R61): an order to attend a place for a urine sample, and whether the convict came;
# not coming opens a breach (§8.7).
case_sample_orders = Table(
    "case_sample_orders",
    metadata,
    _id(),
    _case(),
    Column("place_kind", String(30), nullable=False),  # domain.cases.substance.SamplePlace
    Column("place_name", String(200), nullable=False),
    Column("attend_on", Date, nullable=False),
    Column("attended", Boolean, nullable=True),  # None until recorded
    Column("recorded_at", UTCDateTime, nullable=True),
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=True),
    *_created(),
)
