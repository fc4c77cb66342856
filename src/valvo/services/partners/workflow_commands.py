"""Steps that are more than editing a record, as commands: project partnership stages, the
outside-person admission gate and its records, partner activities in units, consent withdrawal
and checks, contact self-service links and event invitations. Each handler decides with
``projects``, ``outside`` or ``engagement`` (and the domain's consent and contact rules) in its
own transaction and commits; the checks that read personal data are audited."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.outside_workers import AdmissionVerdict
from valvo.domain.partners.people import Consent, Relative, consent_covers, may_contact
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput
from valvo.services.partners import engagement, outside, projects, records
from valvo.services.partners.command_base import AuditedRead, PartnersCommand, record_read
from valvo.services.partners.kinds import CONSENT, OUTSIDE_PERSON, RELATIVE

Step = Callable[[Any, str, Any, str, Mapping[str, Any]], dict[str, Any]]
PROJECT_STEPS: dict[str, Step] = {
    "recommend": projects.recommend,
    "decide": projects.decide,
    "start": projects.start,
    "reviews": projects.add_review,
    "close": projects.close,
}
PERSON_STEPS: dict[str, Step] = {
    "clearance": outside.record_clearance,
    "induction": outside.record_induction,
    "pledge": outside.record_pledge,
    "decision": outside.record_decision,
    "incidents": outside.report_incident,
}


@dataclass(frozen=True, kw_only=True)
class SubmitProject(PartnersCommand):
    """S59–S60: a partnership application; its eligibility problems are listed with it."""

    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class TakeProjectStep(PartnersCommand):
    """``step``: one of :data:`PROJECT_STEPS`."""

    project_id: str
    step: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RecordOutsidePersonStep(PartnersCommand):
    """``step``: one of :data:`PERSON_STEPS`."""

    person_id: str
    step: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ScheduleActivity(PartnersCommand):
    """S68: a partner activity in a unit; refused naming whoever the gate would not admit."""

    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class WithdrawConsent(PartnersCommand):
    consent_id: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class IssueContactLink(PartnersCommand):
    """S17: a personal link for a network member's contact person."""

    member_id: str


@dataclass(frozen=True, kw_only=True)
class InviteToEvent(PartnersCommand):
    event_id: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CheckAdmission(AuditedRead):
    """S68: may this person enter the unit on ``day``; every missing condition is listed."""

    person_id: str
    unit_id: str
    day: date


@dataclass(frozen=True, kw_only=True)
class AdviseCrimeFree(AuditedRead):
    """S69: the crime-free period as decision support (the unit director decides)."""

    person_id: str
    setting: str = "in_premises"


@dataclass(frozen=True, kw_only=True)
class CheckConsent(AuditedRead):
    """S31: is there a consent in force on ``day`` for this purpose, recipient and these
    categories?"""

    subject_id: str
    purpose: str
    recipient: str
    categories: tuple[str, ...]
    day: date


@dataclass(frozen=True, kw_only=True)
class CheckRelativeContact(AuditedRead):
    """S51: a relative is contacted only with the client's consent."""

    relative_id: str


def _changed(uow: Any, decide: Callable[[Any], Any]) -> Any:
    """Decide, commit, the decision's answer."""
    with uow:
        result = decide(uow)
        uow.commit()
    return result


def submit_project(cmd: SubmitProject, uow: Any) -> dict[str, Any]:
    row: dict[str, Any] = _changed(
        uow, lambda u: projects.submit(u, cmd.actor, cmd.at, dict(cmd.body))
    )
    return row


def project_step(cmd: TakeProjectStep, uow: Any) -> dict[str, Any]:
    step = PROJECT_STEPS[cmd.step]
    row: dict[str, Any] = _changed(
        uow, lambda u: step(u, cmd.actor, cmd.at, cmd.project_id, dict(cmd.body))
    )
    return row


def person_step(cmd: RecordOutsidePersonStep, uow: Any) -> dict[str, Any]:
    step = PERSON_STEPS[cmd.step]
    row: dict[str, Any] = _changed(
        uow, lambda u: step(u, cmd.actor, cmd.at, cmd.person_id, dict(cmd.body))
    )
    return row


def schedule_activity(cmd: ScheduleActivity, uow: Any) -> dict[str, Any]:
    row: dict[str, Any] = _changed(
        uow, lambda u: outside.schedule_activity(u, cmd.actor, cmd.at, dict(cmd.body))
    )
    return row


def withdraw_consent(cmd: WithdrawConsent, uow: Any) -> dict[str, Any]:
    row: dict[str, Any] = _changed(
        uow,
        lambda u: engagement.withdraw_consent(u, cmd.actor, cmd.at, cmd.consent_id, dict(cmd.body)),
    )
    return row


def issue_contact_link(cmd: IssueContactLink, uow: Any) -> str:
    """The link's token (shown once)."""
    token: str = _changed(
        uow, lambda u: engagement.issue_contact_link(u, cmd.actor, cmd.at, cmd.member_id)
    )
    return token


def invite(cmd: InviteToEvent, uow: Any) -> tuple[dict[str, Any], str]:
    """The invitation and its link's token (shown once)."""
    invited: tuple[dict[str, Any], str] = _changed(
        uow, lambda u: engagement.invite(u, cmd.actor, cmd.at, cmd.event_id, dict(cmd.body))
    )
    return invited


def check_admission(cmd: CheckAdmission, uow: Any) -> AdmissionVerdict:
    with uow:
        verdict = outside.check_admission(uow, cmd.person_id, cmd.unit_id, cmd.day)
        record_read(
            uow,
            cmd,
            target_type="partner_outside_person",
            target_id=cmd.person_id,
            details={"admission": cmd.unit_id},
        )
        uow.commit()
    return verdict


def crime_free(cmd: AdviseCrimeFree, uow: Any) -> dict[str, Any]:
    with uow:
        row = records.get(uow, OUTSIDE_PERSON, cmd.person_id)
        person = OUTSIDE_PERSON.read({k: row[k] for k in OUTSIDE_PERSON.fields if k in row}, uow)
        advice = outside.crime_free_advice(person, cmd.at.date(), cmd.setting)
        record_read(
            uow,
            cmd,
            target_type="partner_outside_person",
            target_id=cmd.person_id,
            details={"crime_free": cmd.setting},
        )
        uow.commit()
    return advice


def consent_from_row(row: Mapping[str, Any]) -> Consent:
    consent = Consent.read({k: row[k] for k in CONSENT.fields if k in row})
    withdrawn = row.get("withdrawn_on")
    return Consent(
        consent.subject_id,
        consent.purpose,
        consent.recipient,
        consent.categories,
        consent.given_on,
        consent.channel,
        date.fromisoformat(str(withdrawn)) if withdrawn else None,
    )


def check_consent(cmd: CheckConsent, uow: Any) -> dict[str, Any]:
    with uow:
        rows = uow.partners.find(CONSENT.table, subject_id=cmd.subject_id)
        consents = [consent_from_row(row) for row in rows]
        record_read(
            uow,
            cmd,
            target_type="partner_consents",
            target_id=cmd.subject_id,
            details={"purpose": cmd.purpose},
        )
        uow.commit()
    covered, reason = consent_covers(
        consents,
        purpose=cmd.purpose,
        recipient=cmd.recipient,
        categories=cmd.categories,
        on=cmd.day,
    )
    return {"covered": covered, "reason": reason}


def relative_may_contact(cmd: CheckRelativeContact, uow: Any) -> dict[str, Any]:
    with uow:
        row = records.get(uow, RELATIVE, cmd.relative_id)
        record_read(uow, cmd, target_type="partner_relative", target_id=cmd.relative_id)
        uow.commit()
    try:
        allowed, reason = may_contact(
            Relative.read({k: row[k] for k in RELATIVE.fields if k in row})
        )
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    return {"may_contact": allowed, "reason": reason}


HANDLERS: dict[type[Command], Handler] = {
    SubmitProject: submit_project,
    TakeProjectStep: project_step,
    RecordOutsidePersonStep: person_step,
    ScheduleActivity: schedule_activity,
    WithdrawConsent: withdraw_consent,
    IssueContactLink: issue_contact_link,
    InviteToEvent: invite,
    CheckAdmission: check_admission,
    AdviseCrimeFree: crime_free,
    CheckConsent: check_consent,
    CheckRelativeContact: relative_may_contact,
}
