"""Record kinds of the follow-up, governance and outreach records (S12, S14, S15, S58, S64,
S72, S74, S75, S89, S91, S92, S97, S99–S101), read by the same generic use cases, API and CSV
import as the others (``records``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valvo.domain.partners import choices_follow_up as cm
from valvo.domain.partners.expert_work import Assignment, FeeLevel, Payment
from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.follow_up import (
    ComplianceCheck,
    Placement,
    ReferralPractice,
    ServiceMap,
)
from valvo.domain.partners.governance import (
    CriteriaVersion,
    Goal,
    InstructionVersion,
    Programme,
    check_versions,
)
from valvo.domain.partners.outreach import (
    DataRequest,
    InternationalRelation,
    ResearchPermit,
    RestorativeCooperation,
    Training,
)
from valvo.services.errors import InvalidInput
from valvo.services.partners.kinds_common import (
    ORGS,
    UNITS,
    join_text,
    label_of,
    name_of,
    require_centre,
)
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import Kind

AGREEMENTS, NETWORKS = "partner_agreements", "partner_networks"
EXPERTS, PROJECTS = "partner_experts", "partner_projects"
ASSIGNMENTS, FEE_LEVELS = "partner_expert_assignments", "partner_fee_levels"

# --- S12, S14, S15, S58: follow-up ------------------------------------------------------

PLACEMENT = Kind(
    "placements",
    "partner_placements",
    "placement",
    ("official", "host_id", "host_name", "location", "purpose", "unit_id", "starts_on", "ends_on"),
    lambda d, _: Placement.read(d),
    lambda p: {
        "official": p.official,
        "host_id": p.host_id,
        "unit_id": p.unit_id,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
    },
    refs={"host_id": ORGS, "unit_id": UNITS},
)


def _check_compliance(uow: PartnersUnitOfWork, id: str, check: ComplianceCheck) -> None:
    require_centre(uow, "centre_id", check.centre_id)


COMPLIANCE_CHECK = Kind(
    "compliance-checks",
    "partner_compliance_checks",
    "compliance_check",
    (
        "title",
        "agreement_id",
        "process",
        "unit_id",
        "centre_id",
        "checked_on",
        "checked_by",
        "result",
        "findings",
        "actions",
        "next_check_on",
    ),
    lambda d, _: ComplianceCheck.read(d),
    lambda c: {
        "title": c.title,
        "agreement_id": c.agreement_id,
        "centre_id": c.centre_id,
        "result": c.result,
        "checked_on": c.checked_on,
        "next_check_on": c.next_check_on,
    },
    refs={"agreement_id": AGREEMENTS, "unit_id": UNITS, "centre_id": UNITS},
    check=_check_compliance,
)


def _check_referral(uow: PartnersUnitOfWork, id: str, practice: ReferralPractice) -> None:
    require_centre(uow, "centre_id", practice.centre_id)


REFERRAL_PRACTICE = Kind(
    "referral-practices",
    "partner_referral_practices",
    "referral_practice",
    (
        "name",
        "centre_id",
        "service",
        "counterpart_id",
        "counterpart_name",
        "area",
        "practice",
        "contact_person",
        "agreed_on",
        "review_on",
        "valid_from",
        "valid_to",
    ),
    lambda d, _: ReferralPractice.read(d),
    lambda p: {
        "name": p.name,
        "centre_id": p.centre_id,
        "service": p.service,
        "counterpart_id": p.counterpart_id,
        "review_on": p.review_on,
    },
    refs={"centre_id": UNITS, "counterpart_id": ORGS},
    check=_check_referral,
    search=lambda uow, p: (
        p.name,
        join_text(
            label_of(cm.REFERRAL_SERVICES, p.service),
            p.counterpart_name or name_of(uow, ORGS, p.counterpart_id),
            p.area,
            p.practice,
            name_of(uow, UNITS, p.centre_id),
        ),
    ),
    search_kind="service",
)


def _check_map(uow: PartnersUnitOfWork, id: str, service_map: ServiceMap) -> None:
    require_centre(uow, "centre_id", service_map.centre_id)


SERVICE_MAP = Kind(
    "service-maps",
    "partner_service_maps",
    "service_map",
    (
        "name",
        "centre_id",
        "owner",
        "review_on",
        "reviewed_by_partners_on",
        "published",
        "ref",
        "version",
    ),
    lambda d, _: ServiceMap.read(d),
    lambda m: {
        "name": m.name,
        "centre_id": m.centre_id,
        "owner": m.owner,
        "review_on": m.review_on,
        "published": m.published,
    },
    refs={"centre_id": UNITS},
    check=_check_map,
)

# --- S64, S72, S99, S100: governance -----------------------------------------------------


def _check_criteria(uow: PartnersUnitOfWork, id: str, version: CriteriaVersion) -> None:
    others = [
        CriteriaVersion.read(r)
        for r in uow.partners.find("partner_criteria_versions")
        if r["id"] != id
    ]
    try:
        check_versions(version, others)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None


CRITERIA_VERSION = Kind(
    "criteria-versions",
    "partner_criteria_versions",
    "criteria_version",
    (
        "name",
        "version",
        "criteria",
        "approved_on",
        "approved_by",
        "review_on",
        "valid_from",
        "valid_to",
    ),
    lambda d, _: CriteriaVersion.read(d),
    lambda v: {
        "name": v.name,
        "version": v.version,
        "valid_from": v.validity.valid_from,
        "valid_to": v.validity.valid_to,
    },
    check=_check_criteria,
)

_RECIPIENT_TABLES = {"project": PROJECTS, "partner": ORGS, "expert": EXPERTS}


def _check_instruction(uow: PartnersUnitOfWork, id: str, version: InstructionVersion) -> None:
    for index, delivery in enumerate(version.deliveries):
        table = _RECIPIENT_TABLES[delivery.recipient_kind]
        if uow.partners.get(table, delivery.recipient_id) is None:
            raise InvalidInput(
                f"deliveries: item {index + 1}: {delivery.recipient_kind} "
                f"{delivery.recipient_id} does not exist"
            )


INSTRUCTION = Kind(
    "instructions",
    "partner_instructions",
    "instruction",
    ("name", "document", "version", "owner", "published_on", "review_on", "deliveries"),
    lambda d, _: InstructionVersion.read(d),
    lambda v: {
        "name": v.name,
        "document": v.document,
        "version": v.version,
        "published_on": v.published_on,
        "review_on": v.review_on,
    },
    check=_check_instruction,
)
PROGRAMME = Kind(
    "programmes",
    "partner_programmes",
    "programme",
    (
        "name",
        "influences_thinking",
        "licence_terms",
        "rise_clients_only",
        "accreditation",
        "accredited_on",
        "accreditation_valid_to",
        "status",
        "owner",
    ),
    lambda d, _: Programme.read(d),
    lambda p: {"name": p.name, "status": p.status, "accreditation": p.accreditation},
)
GOAL = Kind(
    "goals",
    "partner_goals",
    "goal",
    (
        "title",
        "level",
        "network_id",
        "agreement_id",
        "indicator",
        "target",
        "starts_on",
        "ends_on",
        "report_every_months",
        "progress",
    ),
    lambda d, _: Goal.read(d),
    lambda g: {
        "title": g.title,
        "level": g.level,
        "network_id": g.network_id,
        "agreement_id": g.agreement_id,
        "ends_on": g.ends_on,
    },
    refs={"network_id": NETWORKS, "agreement_id": AGREEMENTS},
)

# --- S74, S75: experts by experience at work ---------------------------------------------

EXPERT_ASSIGNMENT = Kind(
    "expert-assignments",
    ASSIGNMENTS,
    "expert_assignment",
    (
        "expert_id",
        "task",
        "client_phase",
        "unit_id",
        "paired_professional",
        "paired_with",
        "work_supervision",
        "sentence_plan_ref",
        "starts_on",
        "ends_on",
    ),
    lambda d, _: Assignment.read(d),
    lambda a: {
        "expert_id": a.expert_id,
        "unit_id": a.unit_id,
        "client_phase": a.client_phase,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
    },
    refs={"expert_id": EXPERTS, "unit_id": UNITS},
)
FEE_LEVEL = Kind(
    "fee-levels",
    FEE_LEVELS,
    "fee_level",
    ("name", "eur_per_hour", "decided_by", "valid_from", "valid_to"),
    lambda d, _: FeeLevel.read(d),
    lambda f: {
        "name": f.name,
        "valid_from": f.validity.valid_from,
        "valid_to": f.validity.valid_to,
    },
)


def _read_payment(data: Mapping[str, Any], uow: PartnersUnitOfWork) -> Payment:
    levels = [FeeLevel.read(r) for r in uow.partners.find(FEE_LEVELS)]
    return Payment.read(data, levels)


def _check_payment(uow: PartnersUnitOfWork, id: str, payment: Payment) -> None:
    if payment.assignment_id is None:
        return
    assignment = uow.partners.get(ASSIGNMENTS, payment.assignment_id)
    if assignment is not None and assignment["expert_id"] != payment.expert_id:
        raise InvalidInput(f"assignment_id: assignment {payment.assignment_id} is another expert's")


EXPERT_PAYMENT = Kind(
    "expert-payments",
    "partner_expert_payments",
    "expert_payment",
    (
        "expert_id",
        "assignment_id",
        "kind",
        "worked_on",
        "hours",
        "amount_eur",
        "ngo_id",
        "paid_on",
        "note",
    ),
    _read_payment,
    lambda p: {
        "expert_id": p.expert_id,
        "assignment_id": p.assignment_id,
        "kind": p.kind,
        "worked_on": p.worked_on,
    },
    refs={"expert_id": EXPERTS, "assignment_id": ASSIGNMENTS, "ngo_id": ORGS},
    check=_check_payment,
)

# --- S89, S91, S92, S97, S101: outreach --------------------------------------------------

TRAINING = Kind(
    "trainings",
    "partner_trainings",
    "training",
    (
        "title",
        "direction",
        "audiences",
        "theme",
        "competence_need",
        "held_on",
        "organiser_id",
        "participants",
        "participant_count",
    ),
    lambda d, _: Training.read(d),
    lambda t: {
        "title": t.title,
        "direction": t.direction,
        "organiser_id": t.organiser_id,
        "held_on": t.held_on,
    },
    refs={"organiser_id": ORGS},
)
RESEARCH_PERMIT = Kind(
    "research-permits",
    "partner_research_permits",
    "research_permit",
    (
        "title",
        "applicant",
        "institution",
        "received_on",
        "status",
        "decided_on",
        "conditions",
        "data_delivered",
        "delivered_on",
        "contract_ref",
        "financial_commitment_eur",
        "financial_commitment",
    ),
    lambda d, _: ResearchPermit.read(d),
    lambda p: {"title": p.title, "status": p.status, "received_on": p.received_on},
)
DATA_REQUEST = Kind(
    "data-requests",
    "partner_data_requests",
    "data_request",
    ("title", "requester", "legal_basis", "received_on", "status", "deliveries"),
    lambda d, _: DataRequest.read(d),
    lambda r: {"title": r.title, "status": r.status, "received_on": r.received_on},
)
INTERNATIONAL = Kind(
    "international",
    "partner_international",
    "international_relation",
    (
        "name",
        "type",
        "organisation",
        "country",
        "topic",
        "contact_person",
        "starts_on",
        "ends_on",
        "last_met_on",
    ),
    lambda d, _: InternationalRelation.read(d),
    lambda r: {"name": r.name, "type": r.type, "country": r.country},
    search=lambda _, r: (
        r.name,
        join_text(label_of(cm.INTERNATIONAL_TYPES, r.type), r.organisation, r.country, r.topic),
    ),
    search_kind="organisation",
)
RESTORATIVE = Kind(
    "restorative",
    "partner_restorative",
    "restorative_cooperation",
    (
        "name",
        "type",
        "partner_id",
        "centre_id",
        "description",
        "contact_person",
        "starts_on",
        "ends_on",
    ),
    lambda d, _: RestorativeCooperation.read(d),
    lambda r: {
        "name": r.name,
        "type": r.type,
        "partner_id": r.partner_id,
        "centre_id": r.centre_id,
    },
    refs={"partner_id": ORGS, "centre_id": UNITS},
    search=lambda uow, r: (
        r.name,
        join_text(
            label_of(cm.RESTORATIVE_TYPES, r.type),
            r.description,
            name_of(uow, ORGS, r.partner_id),
        ),
    ),
    search_kind="service",
)

FOLLOW_UP_KINDS = (
    COMPLIANCE_CHECK,
    REFERRAL_PRACTICE,
    PLACEMENT,
    SERVICE_MAP,
    CRITERIA_VERSION,
    INSTRUCTION,
    EXPERT_ASSIGNMENT,
    FEE_LEVEL,
    EXPERT_PAYMENT,
    TRAINING,
    RESEARCH_PERMIT,
    DATA_REQUEST,
    INTERNATIONAL,
    PROGRAMME,
    GOAL,
    RESTORATIVE,
)
FOLLOW_UP_IMPORTABLE = (
    "compliance-checks",
    "referral-practices",
    "placements",
    "service-maps",
    "trainings",
    "international",
    "programmes",
    "restorative",
)
FOLLOW_UP_PERSONAL = frozenset({"expert-assignments", "expert-payments"})
