"""Record kinds of the person's network (issue 21; S26–S52): the client's context, municipal
cooperation, other authorities' plans, client network meetings, participation requests, VTH
coordination events, health-based deferrals, referrals, contacts with relatives and the
criminal-justice workflow log. Each names the person (``subject_id``): region-scoped, and every
read is audited (they are all in ``PERSONAL``)."""

from __future__ import annotations

from valvo.domain.network.context import ClientContext, ResponseTeam
from valvo.domain.network.cooperation import (
    Appointment,
    AuthorityPlan,
    ClientMeeting,
    CooperationStart,
    Deferral,
    MinorHearing,
    ParticipationRequest,
    VthEvent,
    WorkAssessment,
)
from valvo.domain.network.justice_log import JusticeEntry
from valvo.domain.network.pre_enforcement import PreEnforcementCase
from valvo.domain.network.referrals import Referral
from valvo.domain.network.relatives import RelativeContact, check_routing
from valvo.domain.partners.fields import PartnerError
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.partners.kinds_common import ORGS, UNITS
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import Kind

SUBJECT = {"subject_id": "subjects"}
APPOINTMENT_UNITS = ("prison", "remand_prison", "community_sanctions_office")


def _one_context(uow: PartnersUnitOfWork, id: str, record: ClientContext) -> None:
    """S26: one context per person (changed in place, not duplicated)."""
    for row in uow.partners.find("network_contexts", subject_id=record.subject_id):
        if row["id"] != id:
            raise Conflict(
                f"subject_id: this person already has a context ({row['id']}); change it"
            )


def _routed(uow: PartnersUnitOfWork, id: str, record: RelativeContact) -> None:
    relative = uow.partners.get("partner_relatives", record.relative_id)
    if relative is None:
        raise InvalidInput(f"relative_id: relative {record.relative_id} does not exist")
    try:
        check_routing(record, relative)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None


def _in_a_unit(uow: PartnersUnitOfWork, id: str, record: Appointment) -> None:
    """S38: appointments are in prisons and community sanctions offices."""
    unit = uow.partners.get(UNITS, record.unit_id)
    if unit is not None and unit["type"] not in APPOINTMENT_UNITS:
        raise InvalidInput(
            f"unit_id: {unit['name']} is a {unit['type'].replace('_', ' ')}, not a prison or "
            "a community sanctions office"
        )


def _a_minor(uow: PartnersUnitOfWork, id: str, record: MinorHearing) -> None:
    """S41: hearings of a minor are recorded for a client whose context says so."""
    contexts = uow.partners.find("network_contexts", subject_id=record.subject_id)
    if not contexts or not contexts[0].get("minor"):
        raise InvalidInput("subject_id: the client is not recorded as a minor in their context")


def _case_of_subject(uow: PartnersUnitOfWork, id: str, record: JusticeEntry) -> None:
    if record.case_id is None:
        return
    case = uow.cases.get("cases", record.case_id)
    if case is None:
        raise InvalidInput(f"case_id: case {record.case_id} does not exist")
    if case["subject_id"] != record.subject_id:
        raise InvalidInput(f"case_id: case {record.case_id} is not this person's")


def _pre_enforcement(uow: PartnersUnitOfWork, id: str, record: PreEnforcementCase) -> None:
    """S43: the participation request (S33) that started it is this person's; a participant
    from the registry exists; one open case per person; a closed case changes no more."""
    current = uow.partners.get(PRE_ENFORCEMENT_TABLE, id)
    if current is not None and current.get("status") == "closed":
        raise Conflict("the pre-enforcement case is closed: it changes no more")
    if record.participation_request_id is not None:
        request = uow.partners.get("network_requests", record.participation_request_id)
        if request is None or request["subject_id"] != record.subject_id:
            raise InvalidInput(
                f"participation_request_id: this person has no participation request "
                f"{record.participation_request_id}"
            )
    for n, p in enumerate(record.participants):
        if p.partner_id is not None and uow.partners.get(ORGS, p.partner_id) is None:
            raise InvalidInput(f"participants[{n}]: partner {p.partner_id} does not exist")
    for row in uow.partners.find(PRE_ENFORCEMENT_TABLE, subject_id=record.subject_id):
        if row["id"] != id and row.get("status", "open") != "closed":
            raise Conflict(
                f"subject_id: this person already has an open pre-enforcement case ({row['id']})"
            )


PRE_ENFORCEMENT_TABLE = "network_pre_enforcement"
CONTEXT = Kind(
    "client-contexts",
    "network_contexts",
    "client_context",
    (
        "subject_id",
        "sanction_types",
        "phase",
        "home_municipality",
        "wellbeing_county",
        "planning_location",
        "kela_access",
        "compulsory_education",
        "education_contact",
        "minor",
        "child_welfare_decision",
        "residence_status",
        "housing_risk",
        "housing_needs_communicated_to",
        "response_team_id",
        "responsible_official",
        "official_role",
        "role_reason",
        "e_service_access",
    ),
    lambda d, _: ClientContext.read(d),
    lambda c: {
        "subject_id": c.subject_id,
        "phase": c.phase,
        "home_municipality": c.home_municipality,
        "wellbeing_county": c.wellbeing_county,
    },
    refs={**SUBJECT, "response_team_id": "network_response_teams"},
    check=_one_context,
)
RESPONSE_TEAM = Kind(
    "response-teams",
    "network_response_teams",
    "response_team",
    ("unit_id", "name", "members", "professions"),
    lambda d, _: ResponseTeam.read(d),
    lambda r: {"unit_id": r.unit_id, "name": r.name},
    refs={"unit_id": UNITS},
)
COOPERATION = Kind(
    "cooperation-starts",
    "network_cooperation",
    "cooperation_start",
    ("subject_id", "started_on", "started_by", "role", "counterpart", "notes"),
    lambda d, _: CooperationStart.read(d),
    lambda c: {"subject_id": c.subject_id, "started_on": c.started_on},
    refs=SUBJECT,
)
AUTHORITY_PLAN = Kind(
    "authority-plans",
    "network_plans",
    "authority_plan",
    (
        "subject_id",
        "plan_type",
        "status",
        "owner_organisation",
        "contact",
        "shared_goals",
        "rise_drafting",
        "recorded_on",
    ),
    lambda d, _: AuthorityPlan.read(d),
    lambda p: {"subject_id": p.subject_id, "plan_type": p.plan_type, "status": p.status},
    refs=SUBJECT,
)
CLIENT_MEETING = Kind(
    "client-meetings",
    "network_meetings",
    "client_meeting",
    ("subject_id", "held_on", "client_participates", "participants", "place", "agreed"),
    lambda d, _: ClientMeeting.read(d),
    lambda m: {"subject_id": m.subject_id, "held_on": m.held_on},
    refs=SUBJECT,
)
PARTICIPATION_REQUEST = Kind(
    "participation-requests",
    "network_requests",
    "participation_request",
    (
        "subject_id",
        "received_on",
        "requester",
        "organisation",
        "purpose",
        "status",
        "handled_on",
        "answer",
    ),
    lambda d, _: ParticipationRequest.read(d),
    lambda r: {"subject_id": r.subject_id, "status": r.status, "received_on": r.received_on},
    refs=SUBJECT,
)
VTH_EVENT = Kind(
    "vth-events",
    "network_vth_events",
    "vth_event",
    ("subject_id", "held_on", "initiator", "trigger", "functional_information"),
    lambda d, _: VthEvent.read(d),
    lambda v: {"subject_id": v.subject_id, "held_on": v.held_on},
    refs=SUBJECT,
)
WORK_ASSESSMENT = Kind(
    "work-assessments",
    "network_assessments",
    "work_assessment",
    (
        "subject_id",
        "assessed_on",
        "education_needs",
        "background",
        "employment_service_needs",
        "work_life_readiness",
        "capacity_assessment_needed",
        "social_functioning",
    ),
    lambda d, _: WorkAssessment.read(d),
    lambda a: {"subject_id": a.subject_id, "assessed_on": a.assessed_on},
    refs=SUBJECT,
)
APPOINTMENT = Kind(
    "appointments",
    "network_appointments",
    "appointment",
    ("subject_id", "partner_id", "unit_id", "service", "starts_at", "mode", "status", "notes"),
    lambda d, _: Appointment.read(d),
    lambda a: {
        "subject_id": a.subject_id,
        "partner_id": a.partner_id,
        "unit_id": a.unit_id,
        "starts_at": a.starts_at,
        "status": a.status,
    },
    refs={**SUBJECT, "partner_id": ORGS, "unit_id": UNITS},
    check=_in_a_unit,
)
HEARING = Kind(
    "minor-hearings",
    "network_hearings",
    "minor_hearing",
    (
        "subject_id",
        "heard_on",
        "matter",
        "heard_by",
        "views",
        "child_welfare_present",
        "placement_assessment",
    ),
    lambda d, _: MinorHearing.read(d),
    lambda h: {"subject_id": h.subject_id, "heard_on": h.heard_on},
    refs=SUBJECT,
    check=_a_minor,
)
DEFERRAL = Kind(
    "deferrals",
    "network_deferrals",
    "deferral",
    (
        "subject_id",
        "applied_on",
        "grounds",
        "statement_requested_on",
        "statement_on",
        "exception",
        "decision",
        "decided_on",
    ),
    lambda d, _: Deferral.read(d),
    lambda d: {"subject_id": d.subject_id, "applied_on": d.applied_on, "decision": d.decision},
    refs=SUBJECT,
)
REFERRAL = Kind(
    "referrals",
    "network_referrals",
    "referral",
    (
        "subject_id",
        "partner_id",
        "need",
        "stage",
        "referred_on",
        "status",
        "contact",
        "agreement",
        "ended_on",
        "outcome",
    ),
    lambda d, _: Referral.read(d),
    lambda r: {
        "subject_id": r.subject_id,
        "partner_id": r.partner_id,
        "need": r.need,
        "status": r.status,
        "referred_on": r.referred_on,
    },
    refs={**SUBJECT, "partner_id": ORGS},
)
RELATIVE_CONTACT = Kind(
    "relative-contacts",
    "network_relative_contacts",
    "relative_contact",
    ("subject_id", "relative_id", "contacted_on", "official", "stage", "channel", "summary"),
    lambda d, _: RelativeContact.read(d),
    lambda c: {
        "subject_id": c.subject_id,
        "relative_id": c.relative_id,
        "contacted_on": c.contacted_on,
    },
    refs=SUBJECT,
    check=_routed,
)
JUSTICE_ENTRY = Kind(
    "justice-log",
    "network_justice_log",
    "justice_entry",
    ("subject_id", "case_id", "kind", "direction", "counterpart", "on", "reference", "notes"),
    lambda d, _: JusticeEntry.read(d),
    lambda e: {"subject_id": e.subject_id, "case_id": e.case_id, "kind": e.kind, "on": e.on},
    refs=SUBJECT,
    check=_case_of_subject,
)
PRE_ENFORCEMENT = Kind(
    "pre-enforcement-cases",
    PRE_ENFORCEMENT_TABLE,
    "pre_enforcement_case",
    (
        "subject_id",
        "opened_on",
        "sanction",
        "initiative",
        "initiator",
        "participation_request_id",
        "enforcement_due_on",
        "participants",
        "notes",
    ),
    lambda d, _: PreEnforcementCase.read(d),
    lambda c: {"subject_id": c.subject_id, "opened_on": c.opened_on, "sanction": c.sanction},
    refs=SUBJECT,
    check=_pre_enforcement,
    # Kept by the case's own actions (POST /api/network/pre-enforcement/{id}/steps/…, /close).
    managed=("steps", "status", "outcome", "closed_on", "closing_note"),
)

NETWORK_KINDS = (
    CONTEXT,
    COOPERATION,
    AUTHORITY_PLAN,
    CLIENT_MEETING,
    PARTICIPATION_REQUEST,
    VTH_EVENT,
    WORK_ASSESSMENT,
    APPOINTMENT,
    HEARING,
    DEFERRAL,
    REFERRAL,
    RELATIVE_CONTACT,
    JUSTICE_ENTRY,
    PRE_ENFORCEMENT,
)
NETWORK_PERSONAL = frozenset(k.name for k in NETWORK_KINDS)
# Not about one person (S44): a unit's teams.
NETWORK_SHARED_KINDS = (RESPONSE_TEAM,)
