"""Commands of a travel ban (PKL ch. 2): the decision, the court, charges, extension,
revocation, changes and lapse; violations, warnings served with proof, the passport."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from valvo.domain.cases.ban_content import BanContent
from valvo.services.cases.commands import CaseDecision, CaseStep, OpenCase

Shape = Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class ImposeTravelBan(OpenCase):
    """The decision (PKL 2:2–2:10): provisional by the police or the prosecutor, or the
    court's; a device always (R100)."""

    decided_by: str
    decided_at: datetime
    content: BanContent
    provisional: bool
    prosecutor_notified_at: datetime | None
    court: str | None
    heard_in_person_at: datetime | None
    copy_delivery: str
    device_identifier: str
    device_protocol: str
    passport_status: str
    passport_surrendered_on: date | None
    term_ends_at: datetime | None
    birth_date: date | None
    subject_id: str | None
    subject_name: str | None
    region: str | None
    area_geometry: Shape | None
    home_geometry: Shape | None
    forbidden_geometries: Sequence[Shape]
    timezone: str
    policy: str
    # PKL 2:6, 2:16 (R110, R120): the case's stage, the prosecutor's part, the judgment
    stage: str | None = None
    prosecutor_took_over: bool = False
    prosecutor_demanded: bool = False
    remanded: bool = False
    sentence_kind: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReferBanToCourt(CaseStep):
    happened_at: datetime
    court: str


@dataclass(frozen=True, kw_only=True)
class CourtDecidesBan(CaseDecision):
    happened_at: datetime
    confirmed: bool
    court: str
    suspect_heard: str | None = None  # R112 (PKL 2:8.2): in_person | opportunity_given


@dataclass(frozen=True, kw_only=True)
class ConvictionBan(CaseDecision):
    """R120 (PKL 2:16): at the judgment the court keeps the ban in force or lets it end."""

    happened_at: datetime
    sentence: str
    continues: bool
    court: str


@dataclass(frozen=True, kw_only=True)
class EndConvictionBan(CaseDecision):
    """R120 (PKL 2:16): enforcement began (the police) or a higher court's order (court)."""

    happened_at: datetime
    reason: str
    court: str | None = None


@dataclass(frozen=True, kw_only=True)
class FileBanPetition(CaseStep):
    """R117 (PKL 2:13.2) and R116 (PKL 2:12): the person's petition for review or change."""

    work: ClassVar[bool] = False
    kind: str
    happened_at: datetime
    grounds: str


@dataclass(frozen=True, kw_only=True)
class DecideBanPetition(CaseDecision):
    """R117: the court's review; R116: a change petition declined by its authority."""

    petition_id: str
    happened_at: datetime
    outcome: str
    decided_by: str
    official_heard: bool = False
    details: str | None = None
    court: str | None = None


@dataclass(frozen=True, kw_only=True)
class BringCharges(CaseDecision):
    happened_at: datetime


@dataclass(frozen=True, kw_only=True)
class RequestBanExtension(CaseStep):
    happened_at: datetime


@dataclass(frozen=True, kw_only=True)
class HearOnBanExtension(CaseDecision):
    """R118 (PKL 2:14.2): the person's opportunity to be heard before the court decides."""

    happened_at: datetime
    hearing: str
    court: str


@dataclass(frozen=True, kw_only=True)
class ExtendBan(CaseDecision):
    """R118: the court grants (with ``until``) or refuses the official's request."""

    happened_at: datetime
    until: datetime | None
    court: str
    granted: bool = True


@dataclass(frozen=True, kw_only=True)
class RevokeBan(CaseDecision):
    happened_at: datetime
    decided_by: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class ChangeBan(CaseDecision):
    """R116 (PKL 2:12): the deciding authority changes the content or the duration."""

    happened_at: datetime
    decided_by: str
    reason_kind: str
    reason: str
    demanded_by_suspect: bool
    heard_at: datetime | None
    content: Mapping[str, Any]
    new_forbidden_areas: Sequence[Shape]
    home_geometry: Shape | None
    term_ends_at: datetime | None
    indefinite: bool
    # R116: the area redrawn, and forbidden areas removed, from ``effective_from`` (None: at
    # once); new forbidden areas are enforced from the same instant.
    area_geometry: Shape | None = None
    removed_forbidden_areas: Sequence[str] = ()
    effective_from: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class LapseBan(CaseStep):
    pass


@dataclass(frozen=True, kw_only=True)
class RecordBanViolation(CaseStep):
    category: str
    occurred_at: datetime
    minor: bool
    response: str
    decided_by: str
    description: str | None = None
    breach_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ServeBanWarning(CaseStep):
    violation_id: str
    served_at: datetime
    served_by: str
    proof: str


@dataclass(frozen=True, kw_only=True)
class UpdatePassport(CaseStep):
    status: str
    on: date | None = None


@dataclass(frozen=True, kw_only=True)
class FileBanComplaint(CaseStep):
    """R121 (PKL 2:17): a complaint against the court's decision; no time limit, urgent."""

    work: ClassVar[bool] = False
    happened_at: datetime
    complainant: str
    decision_id: str
    grounds: str


@dataclass(frozen=True, kw_only=True)
class DecideBanComplaint(CaseDecision):
    """R121: the higher court's handling and outcome of a complaint."""

    complaint_id: str
    happened_at: datetime
    outcome: str
    court: str
    reasoning: str | None = None


@dataclass(frozen=True, kw_only=True)
class SetMainHearing(CaseDecision):
    """R119 (PKL 2:15): the court sets the main hearing; the ban is valid until it."""

    happened_at: datetime
    hearing_at: datetime
    court: str


@dataclass(frozen=True, kw_only=True)
class ChangeMainHearing(CaseDecision):
    """R119 (PKL 2:15): cancelled or postponed, with the court's decision on continuation."""

    happened_at: datetime
    change: str
    ban_continues: bool | None
    court: str
    new_hearing_at: datetime | None = None
