"""API schemas of the case work: what clients send (XCreate) and receive (XRead). Unknown keys
are refused, so an activity or sobriety obligation cannot be slipped onto a travel ban (R107)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from valvo.domain.cases.ban_change import ChangeReason
from valvo.domain.cases.ban_content import (
    CopyDelivery,
    Decider,
    Ground,
    Obligation,
    PassportStatus,
)
from valvo.domain.cases.police_assistance import AssistanceResponse
from valvo.domain.cases.report import Requester
from valvo.domain.cases.sentencing import CommunityServiceBar
from valvo.domain.cases.substance import TestKind, TestResult
from valvo.domain.cases.violations import PoliceResponse, ViolationCategory
from valvo.domain.cases.visits import VisitKind
from valvo.web.schemas import Strict

SentenceKindName = Literal[
    "unconditional_prison",
    "conditional_prison",
    "monitoring_sentence",
    "community_service",
    "fine",
    "acquitted",
]


class SubjectRef(Strict):
    """An existing person (``subject_id``), or a new one (``subject_name`` and ``region``)."""

    subject_id: str | None = None
    subject_name: str | None = Field(default=None, max_length=200)
    region: str | None = Field(default=None, max_length=60)
    timezone: str = "Europe/Helsinki"
    policy: str = "2007-draft"


class ReportRequestCreate(SubjectRef):
    requested_on: date
    requester: Requester | None = None  # taken from the role; an administrator names it
    pilot: bool = False  # R143: the sentence belongs to the pilot followed up


class ReportUpdate(Strict):
    suspect_consents: bool | None = None
    dwelling_assessment: str | None = None
    circumstances_assessment: str | None = None
    activity_place: str | None = None
    movement_needs: str | None = None
    existing_work_or_study: str | None = None
    statement_justified: bool | None = None
    statement: str | None = None
    suspect_heard_on: date | None = None
    substance_assessment: str | None = None
    home_visit_on: date | None = None
    home_visit_by: str | None = Field(default=None, max_length=100)


class CoResidentCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    birth_date: date
    written_consent: bool = False
    consent_document: str | None = Field(default=None, max_length=200)
    heard: bool = False
    heard_on: date | None = None
    views: str | None = None


class CoResidentUpdate(Strict):
    """The fields to correct; those left out keep their value."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    birth_date: date | None = None
    written_consent: bool | None = None
    consent_document: str | None = Field(default=None, max_length=200)
    heard: bool | None = None
    heard_on: date | None = None
    views: str | None = None


class DayBody(Strict):
    on: date


class SentenceCreate(Strict):
    length_days: int = Field(ge=0, le=100_000)
    replaced_prison_days: int = Field(ge=0, le=100_000)
    sentenced_on: date
    enforceable_on: date
    court: str = Field(min_length=1, max_length=200)
    community_service_bar: CommunityServiceBar | None
    promotes_social_coping: bool
    special_obstacle: str | None = None
    obligations_orderable: bool
    can_cope: bool
    under_21: bool
    prison_within_lookback: bool
    final: bool = True
    written_consent_to_early_enforcement: bool = False
    accepted_judgment: bool = False


class PlanCreate(Strict):
    content: dict[str, Any]
    convict_heard_on: date
    reason: str | None = None


class PlanCheckRead(BaseModel):
    valid: bool
    errors: list[dict[str, str]]


class InstallationCreate(Strict):
    device_ids: list[str]
    installed_at: AwareDatetime


class InterruptionCreate(Strict):
    reason: Literal["impediment", "new_charge"]
    start: date
    cause: str


class ExemptionCreate(Strict):
    start: str = Field(description="Local wall-clock YYYY-MM-DDTHH:MM")
    end: str
    reason: str


class BreachCreate(Strict):
    occurred_at: AwareDatetime
    source: Literal["supervisor", "assistant", "visit", "test", "alarm"] = "supervisor"
    description: str | None = None


class HearingCreate(Strict):
    heard_on: date
    statement: str | None = None


class ReferralCreate(Strict):
    kind: str
    on: date


class StartBody(Strict):
    start: date


class ClearBody(Strict):
    note: str


class ProsecutorDecisionCreate(Strict):
    decided_at: AwareDatetime
    bring_to_court: bool
    court: str | None = None


class CourtDecisionCreate(Strict):
    decided_at: AwareDatetime
    convert: bool
    court: str = Field(min_length=1, max_length=200)
    in_absence: bool = False
    # §16 (R85): who the court heard before deciding.
    convict_heard: bool | None = None
    convict_representative: str | None = Field(default=None, max_length=200)
    khl_representative: str | None = Field(default=None, max_length=200)


class SupervisorCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["official", "assistant"]
    region: str = Field(min_length=1, max_length=60)
    username: str | None = None
    qualification: str | None = None
    consented: bool = False
    contract: str | None = None
    fee_per_visit_cents: int | None = None


class SupervisorRead(BaseModel):
    id: str
    name: str
    kind: str
    region: str
    username: str | None
    fee_per_visit_cents: int | None


class SupervisionCreate(Strict):
    supervisor_id: str


class VisitPlanCreate(Strict):
    kind: VisitKind
    planned_at: AwareDatetime
    visitor_id: str | None = None


class VisitRecordCreate(Strict):
    visit_id: str | None = None
    kind: VisitKind
    visited_at: AwareDatetime
    visitor_id: str | None = None
    present: bool | None = None
    sober: bool | None = None
    entry_refused: bool = False
    police_assistance: str | None = None
    intoxication_observations: str | None = None
    notes: str | None = None
    travel_km: float | None = Field(default=None, ge=0, le=2000)  # R137
    travel_minutes: int | None = Field(default=None, ge=0, le=24 * 60)  # R137


class SubstanceTestCreate(Strict):
    kind: TestKind
    taken_at: AwareDatetime
    location: str | None = None
    tester: str
    result: TestResult
    substance: str | None = None
    justified_suspicion: bool = False


class LabResultCreate(Strict):
    result: Literal["negative", "positive"]
    at: AwareDatetime
    entitled_medicine: bool = False
    substance: str | None = Field(
        default=None, max_length=100
    )  # R65: checked against prescriptions


class Shape(Strict):
    """A GeoJSON geometry (a Point needs ``radius_m``)."""

    geometry: dict[str, Any]
    radius_m: float | None = None
    name: str | None = None


class LocalityWindowBody(Strict):
    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")
    justification: str | None = None


class TravelBanCreate(SubjectRef):
    birth_date: date | None = None
    decided_at: AwareDatetime
    decided_by: Decider | None = None  # taken from the role; an administrator names it
    offence: str
    max_penalty_months: int = Field(ge=0, le=2000)
    # PKL 2:2, R101: evidence tampering is not a ground, so it is not a choice.
    grounds: list[Ground]
    probable_cause: bool
    instead_of_arrest_or_remand: bool
    area: str
    area_geometry: Shape | None = None
    forbidden_areas: list[Shape] = Field(default_factory=list)
    permitted_exits: list[str] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    obligation_details: str | None = None
    locality_window: LocalityWindowBody | None = None
    home: Shape | None = None
    provisional: bool = False
    prosecutor_notified: bool = False  # R110: kept for older clients; the time is the record
    prosecutor_notified_at: AwareDatetime | None = Field(
        default=None, description="R110 (PKL 2:6): when the police notified the prosecutor"
    )
    prosecutor_took_over: bool = Field(
        default=False, description="R110: the prosecutor took the decision over"
    )
    stage: Literal["investigation", "with_prosecutor", "charged", "judgment"] | None = Field(
        default=None,
        description="PKL 2:6, 2:16: where the case stands (default: investigation, or "
        "with_prosecutor when the prosecutor decides)",
    )
    prosecutor_demanded: bool = Field(
        default=False, description="R110, R120: the court decides on the prosecutor's demand"
    )
    remanded: bool = Field(
        default=False, description="R120: the convicted person is remanded (no demand needed)"
    )
    sentence_kind: SentenceKindName | None = Field(
        default=None, description="R120 (PKL 2:16): the judgment's sentence, at stage judgment"
    )
    court: str | None = None
    heard_in_person_at: AwareDatetime | None = None
    copy_delivery: CopyDelivery
    device_identifier: str = Field(min_length=1, max_length=64)
    device_protocol: str = Field(default="osmand", max_length=30)
    passport_status: PassportStatus
    passport_surrendered_on: date | None = None
    term_ends_at: AwareDatetime | None = None


class BanChangeCreate(Strict):
    """PKL 2:12 (R116). Content fields left out stay as decided; ``locality_window: null``
    removes the window (with the obligation). ``term_ends_at`` sets a new term, ``indefinite``
    removes it; neither keeps the duration."""

    at: AwareDatetime
    decided_by: Decider | None = None  # taken from the role; an administrator names it
    reason_kind: ChangeReason
    reason: str
    demanded_by_suspect: bool = False
    heard_at: AwareDatetime | None = None
    permitted_exits: list[str] | None = None
    obligations: list[Obligation] | None = None
    obligation_details: str | None = None
    locality_window: LocalityWindowBody | None = None
    new_forbidden_areas: list[Shape] = Field(default_factory=list)
    home: Shape | None = None
    term_ends_at: AwareDatetime | None = None
    indefinite: bool = False
    area: Shape | None = Field(default=None, description="The area redrawn (its name stays)")
    removed_forbidden_areas: list[str] = Field(
        default_factory=list, description="Forbidden areas (by name) no longer forbidden"
    )
    effective_from: AwareDatetime | None = Field(
        default=None, description="The zones change at this instant (default: at once)"
    )


class PoliceAssistanceCreate(Strict):
    """§21 (R54): the request after a refused entry."""

    requested_at: AwareDatetime
    requested_by: str = Field(min_length=1, max_length=200)  # the KHL official
    police_unit: str = Field(min_length=1, max_length=200)
    details: str | None = None


class PoliceResponseCreate(Strict):
    responded_at: AwareDatetime
    response: AssistanceResponse
    entry_gained: bool
    details: str
    officer: str | None = Field(default=None, max_length=200)


class AtBody(Strict):
    at: AwareDatetime


class CourtReferralCreate(Strict):
    at: AwareDatetime
    court: str


class BanCourtDecisionCreate(Strict):
    at: AwareDatetime
    confirmed: bool
    court: str
    suspect_heard: Literal["in_person", "opportunity_given"] | None = Field(
        default=None,
        description="R112 (PKL 2:8.2): the suspect heard in person or given the opportunity; "
        "required",
    )


class ConvictionCreate(Strict):
    """R120 (PKL 2:16): the judgment's sentence and whether the ban is kept in force."""

    at: AwareDatetime
    sentence: SentenceKindName
    continues: bool
    court: str = Field(min_length=1, max_length=200)


class ConvictionEndCreate(Strict):
    """R120 (PKL 2:16): enforcement began (police) or a higher court ordered (court)."""

    at: AwareDatetime
    reason: Literal["enforcement_started", "higher_court_order"]
    court: str | None = Field(default=None, max_length=200)
    decided_by: Decider | None = None


class PetitionCreate(Strict):
    """R117 (PKL 2:13.2) review by the court, R116 (PKL 2:12) change: the person's petition."""

    kind: Literal["review", "change"]
    at: AwareDatetime
    grounds: str = Field(min_length=1, max_length=4000)


class PetitionDecisionCreate(Strict):
    at: AwareDatetime
    outcome: Literal["revoked", "partly_revoked", "rejected", "declined"]
    official_heard: bool = False
    details: str | None = Field(default=None, max_length=4000)
    court: str | None = Field(default=None, max_length=200)
    decided_by: Decider | None = None


class ExtensionCreate(Strict):
    """R118 (PKL 2:14): the court's decision on the official's request, after the person's
    hearing (``/extension-hearing``): granted until ``until``, or refused."""

    at: AwareDatetime
    until: AwareDatetime | None = None
    court: str = Field(max_length=200)
    granted: bool = True


class ExtensionHearingCreate(Strict):
    """R118 (PKL 2:14.2): the person heard, or given the opportunity and not using it."""

    at: AwareDatetime
    hearing: Literal["heard", "opportunity_not_used"]
    court: str = Field(max_length=200)


class RevocationCreate(Strict):
    at: AwareDatetime
    reason: str
    decided_by: Decider | None = None


class ViolationCreate(Strict):
    category: ViolationCategory
    occurred_at: AwareDatetime
    minor: bool
    response: PoliceResponse
    decided_by: str = Field(description="The police officer entitled to arrest who decided")
    description: str | None = None
    breach_id: str | None = None


class WarningServiceCreate(Strict):
    served_at: AwareDatetime
    served_by: str
    proof: str


class PassportUpdate(Strict):
    status: PassportStatus
    on: date | None = None


class CaseRead(BaseModel):
    id: str
    type: str
    subject_id: str
    subject_name: str | None = None
    order_id: str | None
    status: str
    effective_status: str | None = None
    policy: str
    timezone: str
    region: str
    number: str | None = None  # VR-2026-00017: what documents and people call the case
    pilot: bool = False  # R143
    violation_totals: dict[str, int] | None = None  # a sentence's running totals (issue 15 item 4)
    created_at: datetime
    updated_at: datetime
    open_person_reports: int = 0  # problems the person reported on their page, not yet handled


class CaseDetailRead(CaseRead):
    """One case with everything on it. The visit plan is KHL's own: it is never part of any
    document or view given to the monitored person (R51)."""

    timeline: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    breaches: list[dict[str, Any]]
    exemptions: list[dict[str, Any]]
    computed: dict[str, Any]
    sentence: dict[str, Any] | None = None
    report: dict[str, Any] | None = None
    co_residents: list[dict[str, Any]] | None = None
    plans: list[dict[str, Any]] | None = None
    interruptions: list[dict[str, Any]] | None = None
    supervision: list[dict[str, Any]] | None = None
    visits: list[dict[str, Any]] | None = None
    assistant_fees_cents: int | None = None
    substance_tests: list[dict[str, Any]] | None = None
    wanted_notices: list[dict[str, Any]] | None = None
    joined_sentences: list[dict[str, Any]] | None = None
    travel_claims: list[dict[str, Any]] | None = None
    contacts: list[dict[str, Any]] | None = None
    abodes: list[dict[str, Any]] | None = None
    representatives: list[dict[str, Any]] | None = None
    prescriptions: list[dict[str, Any]] | None = None
    sample_orders: list[dict[str, Any]] | None = None
    intoxication_observations: list[dict[str, Any]] | None = None
    police_assistance: list[dict[str, Any]] | None = None
    travel_ban: dict[str, Any] | None = None
    ban_changes: list[dict[str, Any]] | None = None
    violations: list[dict[str, Any]] | None = None
    complaints: list[dict[str, Any]] | None = None  # R121, R142
    petitions: list[dict[str, Any]] | None = None  # R116, R117
    actions: list[dict[str, Any]] = Field(
        default_factory=list,
        description="The steps the case's state allows now that the caller may take",
    )
    documents: list[dict[str, Any]] = Field(default_factory=list)


class DeadlineRead(BaseModel):
    id: str
    case_id: str
    case_type: str
    subject_name: str
    kind: str
    rule: str
    label_en: str
    label_fi: str
    due_at: datetime
    stage: str
    stage_en: str
    stage_fi: str
    escalation: int
    remaining_seconds: int


class QueueItemRead(BaseModel):
    """One thing a case asks of a prosecutor or a court (services/cases/queue)."""

    kind: str
    kind_en: str
    kind_fi: str
    case_id: str
    case_number: str | None
    case_type: str
    subject_name: str
    asked_en: str
    asked_fi: str
    due_at: datetime | None
    since: date | datetime | None
    escalation: int
    stage: str | None
    stage_en: str | None
    stage_fi: str | None
    timezone: str | None
    link: str


class WantedNoticeCreate(Strict):
    """§13: the failed search, RSV's official and the set date."""

    not_found_since: date
    search_steps: str = Field(max_length=4000)
    issued_on: date
    issued_by: str = Field(max_length=200)
    contact_by: date


class OnBody(Strict):
    on: date


class NewPrisonCreate(Strict):
    """§18.2, §19: the court's new prison sentence and its prohibition."""

    decided_at: AwareDatetime
    court: str = Field(max_length=200)
    new_prison_days: int = Field(ge=1, le=36500)
    appealed: bool = False


class AppealCreditCreate(Strict):
    decided_at: AwareDatetime
    court: str = Field(max_length=200)
    new_sentence_days: int = Field(ge=1, le=36500)


class CombineCreate(Strict):
    """§20: another monitoring sentence enforceable at the same time."""

    length_days: int = Field(ge=0, le=1000)
    sentenced_on: date
    court: str = Field(max_length=200)


class TravelClaimCreate(Strict):
    """§22: the trip, the fare basis and the amounts in cents."""

    trip_on: date
    purpose: str
    route: str = Field(max_length=400)
    fare_basis: str = Field(max_length=400)
    cheapest_fare_cents: int = Field(ge=0, le=10_000_000)
    claimed_cents: int = Field(ge=0, le=10_000_000)
    ground: str | None = None
    justification: str | None = Field(default=None, max_length=2000)


class ContactCreate(Strict):
    kind: str
    channel: str
    contacted_at: AwareDatetime
    counterpart: str = Field(max_length=200)
    announced: bool
    outcome: str
    notes: str | None = Field(default=None, max_length=4000)


class IntoxicationCreate(Strict):
    observed_at: AwareDatetime
    occasion: str
    place: str = Field(max_length=400)
    observer: str = Field(max_length=200)
    signs: list[str] = Field(max_length=10)
    description: str = Field(max_length=4000)
    test_ordered: str = "none"
    convict_statement: str | None = Field(default=None, max_length=4000)
    visit_id: str | None = None


class ImpedimentDecisionCreate(Strict):
    """§15.3: extend, convert or deem_completed (the last for special reasons)."""

    decided_at: AwareDatetime
    court: str = Field(max_length=200)
    outcome: str
    special_reason: str | None = Field(default=None, max_length=2000)


class ComplaintCreate(Strict):
    """R121 (PKL 2:17): a complaint against the court's decision on the ban; no time limit."""

    at: AwareDatetime
    complainant: Literal["suspect", "counsel"]
    decision_id: str = Field(description="The court's decision confirming or extending the ban")
    grounds: str = Field(min_length=1, max_length=4000)


class ComplaintDecisionCreate(Strict):
    """R121: the higher court's handling and outcome."""

    at: AwareDatetime
    outcome: Literal["rejected", "ban_revoked", "ban_changed", "withdrawn"]
    court: str = Field(min_length=1, max_length=200)
    reasoning: str | None = Field(default=None, max_length=4000)


class MainHearingCreate(Strict):
    """R119 (PKL 2:15): the main hearing's time, set by the court once charges are brought."""

    at: AwareDatetime
    hearing_at: AwareDatetime
    court: str = Field(min_length=1, max_length=200)


class MainHearingChange(Strict):
    """R119 (PKL 2:15): cancelled or postponed; the court decides whether the ban continues."""

    at: AwareDatetime
    change: Literal["postponed", "cancelled"]
    ban_continues: bool | None = Field(
        default=None, description="Required: the court's decision on continuing the ban"
    )
    court: str = Field(min_length=1, max_length=200)
    new_hearing_at: AwareDatetime | None = None
