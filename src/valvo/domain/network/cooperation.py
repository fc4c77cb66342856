"""Cooperation around the person (S27–S29, S33, S34, S36).

- S28 (L1204-1208): when and by whom (the basic-assessment maker or the sentence-plan drafter)
  cooperation with the home municipality or wellbeing county was started; a warning when
  enforcement starts without it.
- S29 (L589-592, L1202-1211, L1309-1314): other authorities' plans with owner organisation,
  contact and shared goals; a missing plan, and that Rise takes part in drafting it.
- S27 (L553): a client network meeting lists the client as a participant; outside participants
  with organisation and role.
- S33 (L603-607, L1227-1229): social welfare's requests for participation (SHL 41 §) and their
  handling.
- S34 (L147, L1647-1653): coordination events with VTH hold the initiator, the agreed trigger
  and the *functional* information exchanged — never VTH's health records (the record has no
  field for them, and an unknown field is refused).
- S30 (L1300-1309, L1527-1530): the sentence plan's assessment of education and work: education
  needs, education and work-experience background, employment-related service needs, work-life
  readiness, and whether work and functional capacity need assessing (social functioning and
  rehabilitation need as free text until their assessment is developed).
- S38 (L1555-1561): partner client appointments in prisons and community sanctions offices (in
  person or electronic) for employment offices, Kela, municipal services and project partners,
  and outside own-workers' contacts with their client; S37's Kela appointment is one of them.
- S41 (L1826-1836): each hearing of a minor in the matters concerning them, with the assessment
  of placement in a child-welfare institution (the child's best interest) and whether the child
  welfare authority took part; only for a client recorded as a minor.
- S35 (L1655-1659): a VTH consultation requested while drafting the sentence plan in the
  preparation phase (behind a switch until the legal enablement exists), functional only.
- S36 (L624-628): a health-based deferral cannot be decided without VTH's statement or a
  recorded exception; until then it carries the task of requesting the statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from valvo.domain.network.choices import (
    APPOINTMENT_MODES,
    APPOINTMENT_SERVICES,
    APPOINTMENT_STATUSES,
    CONSULTATION_PLANS,
    COOPERATION_ROLES,
    DEFERRAL_DECISIONS,
    HEARING_MATTERS,
    PARTICIPANT_ROLES,
    PLAN_STATUSES,
    PLAN_TYPES,
    REQUEST_PURPOSES,
    REQUEST_STATUSES,
    VTH_INITIATORS,
    WORK_READINESS,
    values,
)
from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    day,
    flag,
    instant,
    json_value,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
    unknown_keys,
)


@dataclass(frozen=True, slots=True)
class CooperationStart:
    subject_id: str
    started_on: date
    started_by: str
    role: str
    counterpart: str
    notes: str | None = None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> CooperationStart:
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            started_on=required_day(data, "started_on"),
            started_by=required_text(data, "started_by"),
            role=required_choice(data, "role", values(COOPERATION_ROLES)),
            counterpart=required_text(data, "counterpart"),
            notes=text(data, "notes", required=False, max_len=2000),
        )


def cooperation_warning(
    started: Iterable[date], serving_start: date | None, today: date
) -> str | None:
    """S28: ``None`` when cooperation started by the start of enforcement (or enforcement has
    no start yet); otherwise ``starts_without_cooperation`` (a start ahead) or
    ``started_without_cooperation``."""
    if serving_start is None:
        return None
    if any(on <= serving_start for on in started):
        return None
    if serving_start > today:
        return "starts_without_cooperation"
    return "started_without_cooperation"


@dataclass(frozen=True, slots=True)
class AuthorityPlan:
    subject_id: str
    plan_type: str
    status: str
    owner_organisation: str
    contact: str | None
    shared_goals: tuple[str, ...]
    rise_drafting: bool
    recorded_on: date

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> AuthorityPlan:
        status = required_choice(data, "status", values(PLAN_STATUSES))
        goals = text_list(data, "shared_goals")
        if status == "in_force" and not goals:
            raise PartnerError("shared_goals", "name the goals shared with the plan's owner")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            plan_type=required_choice(data, "plan_type", values(PLAN_TYPES)),
            status=status,
            owner_organisation=required_text(data, "owner_organisation"),
            contact=text(data, "contact", required=False),
            shared_goals=goals,
            rise_drafting=flag(data, "rise_drafting"),
            recorded_on=required_day(data, "recorded_on"),
        )


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    organisation: str
    role: str


@dataclass(frozen=True, slots=True)
class ClientMeeting:
    subject_id: str
    held_on: date
    client_participates: bool
    participants: tuple[Participant, ...]
    place: str | None
    agreed: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ClientMeeting:
        if not flag(data, "client_participates"):
            # S27: a client network meeting is held with the client.
            raise PartnerError(
                "client_participates", "the client is a participant of their own network meeting"
            )
        raw = json_value(data, "participants")
        if not isinstance(raw, list) or not raw:
            raise PartnerError("participants", "name the outside participants")
        people = []
        for n, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise PartnerError(f"participants[{n}]", "is an object {name, organisation, role}")
            try:
                people.append(
                    Participant(
                        name=required_text(item, "name"),
                        organisation=required_text(item, "organisation"),
                        role=required_choice(item, "role", values(PARTICIPANT_ROLES)),
                    )
                )
            except PartnerError as exc:
                raise PartnerError(f"participants[{n}]", str(exc)) from None
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            held_on=required_day(data, "held_on"),
            client_participates=True,
            participants=tuple(people),
            place=text(data, "place", required=False),
            agreed=text(data, "agreed", required=False, max_len=4000),
        )


@dataclass(frozen=True, slots=True)
class ParticipationRequest:
    subject_id: str
    received_on: date
    requester: str
    organisation: str
    purpose: str
    status: str
    handled_on: date | None
    answer: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ParticipationRequest:
        status = required_choice(data, "status", values(REQUEST_STATUSES), default="open")
        handled = day(data, "handled_on")
        if status != "open" and handled is None:
            raise PartnerError("handled_on", "record when the request was answered")
        received = required_day(data, "received_on")
        if handled is not None and handled < received:
            raise PartnerError("handled_on", "cannot be before the request was received")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            received_on=received,
            requester=required_text(data, "requester"),
            organisation=required_text(data, "organisation"),
            purpose=required_choice(data, "purpose", values(REQUEST_PURPOSES)),
            status=status,
            handled_on=handled,
            answer=text(data, "answer", required=False, max_len=2000),
        )


@dataclass(frozen=True, slots=True)
class VthEvent:
    subject_id: str
    held_on: date
    initiator: str
    trigger: str
    functional_information: str

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> VthEvent:
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            held_on=required_day(data, "held_on"),
            initiator=required_choice(data, "initiator", values(VTH_INITIATORS)),
            trigger=required_text(data, "trigger", 500),
            functional_information=required_text(data, "functional_information", 2000),
        )


@dataclass(frozen=True, slots=True)
class VthConsultation:
    """S35 (L1655-1659): Rise asks VTH for a consultation while drafting the sentence plan in
    the preparation phase. Like S34, functional questions only: no field holds health data, and
    an unknown field is refused. Whether it may be asked at all (the legal enablement, the
    phase) is the use case's to decide."""

    subject_id: str
    requested_on: date
    plan: str
    vth_unit: str
    question: str

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> VthConsultation:
        unknown_keys(data, ("subject_id", "requested_on", "plan", "vth_unit", "question"))
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            requested_on=required_day(data, "requested_on"),
            plan=required_choice(data, "plan", values(CONSULTATION_PLANS)),
            vth_unit=required_text(data, "vth_unit"),
            question=required_text(data, "question", 1000),
        )


@dataclass(frozen=True, slots=True)
class Deferral:
    subject_id: str
    applied_on: date
    grounds: str
    statement_requested_on: date | None
    statement_on: date | None
    exception: str | None
    decision: str | None
    decided_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Deferral:
        statement_on = day(data, "statement_on")
        exception = text(data, "exception", required=False, max_len=2000)
        decision = choice(data, "decision", values(DEFERRAL_DECISIONS), required=False)
        decided_on = day(data, "decided_on")
        if decision is not None:
            if statement_on is None and exception is None:
                raise PartnerError(
                    "decision",
                    "cannot be decided without VTH's statement or a recorded exception",
                )
            if decided_on is None:
                raise PartnerError("decided_on", "record when the deferral was decided")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            applied_on=required_day(data, "applied_on"),
            grounds=required_text(data, "grounds", 2000),
            statement_requested_on=day(data, "statement_requested_on"),
            statement_on=statement_on,
            exception=exception,
            decision=decision,
            decided_on=decided_on,
        )

    def task(self) -> str | None:
        """S36: the task the application creates, while VTH's statement is not in."""
        if self.decision is not None or self.statement_on is not None or self.exception:
            return None
        if self.statement_requested_on is None:
            return "request_vth_statement"
        return "await_vth_statement"


@dataclass(frozen=True, slots=True)
class WorkAssessment:
    """S30: the sentence plan's assessment of education and work."""

    subject_id: str
    assessed_on: date
    education_needs: str
    background: str
    employment_service_needs: str | None
    work_life_readiness: str
    capacity_assessment_needed: bool
    social_functioning: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> WorkAssessment:
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            assessed_on=required_day(data, "assessed_on"),
            education_needs=required_text(data, "education_needs", 2000),
            background=required_text(data, "background", 2000),
            employment_service_needs=text(
                data, "employment_service_needs", required=False, max_len=2000
            ),
            work_life_readiness=required_choice(
                data, "work_life_readiness", values(WORK_READINESS)
            ),
            capacity_assessment_needed=flag(data, "capacity_assessment_needed"),
            social_functioning=text(data, "social_functioning", required=False, max_len=2000),
        )


@dataclass(frozen=True, slots=True)
class Appointment:
    """S38: a partner's appointment with the client in a unit."""

    subject_id: str
    partner_id: str
    unit_id: str
    service: str
    starts_at: datetime
    mode: str
    status: str
    notes: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Appointment:
        starts_at = instant(data, "starts_at", required=True)
        assert starts_at is not None
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            partner_id=required_text(data, "partner_id", 36),
            unit_id=required_text(data, "unit_id", 36),
            service=required_choice(data, "service", values(APPOINTMENT_SERVICES)),
            starts_at=starts_at,
            mode=required_choice(data, "mode", values(APPOINTMENT_MODES), default="in_person"),
            status=required_choice(data, "status", values(APPOINTMENT_STATUSES), default="planned"),
            notes=text(data, "notes", required=False, max_len=2000),
        )


@dataclass(frozen=True, slots=True)
class MinorHearing:
    """S41: a minor heard in a matter concerning them."""

    subject_id: str
    heard_on: date
    matter: str
    heard_by: str
    views: str
    child_welfare_present: bool
    placement_assessment: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> MinorHearing:
        matter = required_choice(data, "matter", values(HEARING_MATTERS))
        assessment = text(data, "placement_assessment", required=False, max_len=2000)
        if matter == "child_welfare_placement" and assessment is None:
            raise PartnerError(
                "placement_assessment", "record the assessment of the child's best interest"
            )
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            heard_on=required_day(data, "heard_on"),
            matter=matter,
            heard_by=required_text(data, "heard_by"),
            views=required_text(data, "views", 2000),
            child_welfare_present=flag(data, "child_welfare_present"),
            placement_assessment=assessment,
        )
