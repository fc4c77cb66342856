"""Commands of the monitoring sentence's remaining law (issue 22): the abode as a typed record
(§2, §4; R29), a case's own visit target (R53), the register of co-residents and a minor's
representatives (R57), prescription entitlements (R65), orders to attend for a sample (R61)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from valvo.services.cases.commands import CaseStep


@dataclass(frozen=True, kw_only=True)
class RecordAbode(CaseStep):
    """R29: a private dwelling or a placement institution with its contact."""

    kind: str
    address: str
    valid_from: date | None = None
    institution_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class SetVisitTarget(CaseStep):
    """R53: this case's visits a week, replacing the default, with the reason."""

    visits_per_week: int
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class AddRepresentative(CaseStep):
    """R57: a co-resident or a minor's guardian, trustee or legal representative (``kind``;
    ``role`` is the asking user's)."""

    kind: str
    name: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class AddPrescription(CaseStep):
    """R65: a medicine the convict is entitled to, and for how long."""

    substance: str
    valid_from: date
    valid_until: date | None = None
    prescribed_by: str | None = None
    document: str | None = None


@dataclass(frozen=True, kw_only=True)
class OrderSample(CaseStep):
    """R61: attend ``place_name`` (a ``place_kind``) on ``attend_on`` for a urine sample."""

    place_kind: str
    place_name: str
    attend_on: date


@dataclass(frozen=True, kw_only=True)
class RecordSampleAttendance(CaseStep):
    """R61: the convict came, or did not (a breach)."""

    order_id: str
    attended: bool
