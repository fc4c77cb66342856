"""The person's network as one picture (issue 21): the client's context, consents and
disclosures, cooperation, plans, meetings, requests, VTH events, deferrals, referrals, relatives
and the workflow log — with the warnings, prompts and tasks the rules derive from them (S28,
S36, S47), the co-residents' consents the case's report already holds (S49, linked, not
copied), and one timeline of the case's events and the log (S48). Also the disclosure use case
(S31, S32) and the need statistics for networks (S24)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from valvo.domain.network.cooperation import Deferral, VthConsultation, cooperation_warning
from valvo.domain.network.disclosure import Disclosure, DisclosureRefused, basis_for
from valvo.domain.network.justice_log import one_timeline
from valvo.domain.network.referrals import need_statistics, peer_support_prompt
from valvo.domain.partners.fields import PartnerError
from valvo.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from valvo.services.partners.kinds_network import (
    APPOINTMENT,
    AUTHORITY_PLAN,
    CLIENT_MEETING,
    CONTEXT,
    COOPERATION,
    DEFERRAL,
    HEARING,
    JUSTICE_ENTRY,
    PARTICIPATION_REQUEST,
    PRE_ENFORCEMENT,
    REFERRAL,
    RELATIVE_CONTACT,
    VTH_EVENT,
    WORK_ASSESSMENT,
)
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.pre_enforcement import shown as pre_enforcement_shown
from valvo.services.partners.records import jsonable
from valvo.services.partners.workflow_commands import consent_from_row

HELSINKI = ZoneInfo("Europe/Helsinki")
DISCLOSURES = "network_disclosures"
CONSULTATIONS = "network_vth_consultations"
# S35: why the consultation is off (L1655-1659: Rise asks OM and STM to make it possible).
CONSULTATION_DISABLED = (
    "a VTH consultation in the preparation phase is not in use: the legal enablement requested "
    "from the Ministry of Justice and the Ministry of Social Affairs and Health does not exist "
    "yet (the switch VALVO_VTH_CONSULTATION is off)"
)


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _cases(uow: PartnersUnitOfWork, subject_id: str, now: datetime) -> list[dict[str, Any]]:
    """The person's cases, each with its start of enforcement, the S28 warning and whether the
    adults' consents on the report are complete (S49, kept on the report)."""
    started = [
        d
        for d in (
            _day(r["started_on"])
            for r in uow.partners.find(COOPERATION.table, subject_id=subject_id)
        )
        if d is not None
    ]
    out = []
    for case in uow.cases.find("cases", subject_id=subject_id):
        sentence = (
            uow.cases.get("sentences", case["id"])
            if case["type"] == "monitoring_sentence"
            else None
        )
        start = _day((sentence or {}).get("serving_start")) or _day(
            (sentence or {}).get("enforceable_on")
        )
        today = now.astimezone(ZoneInfo(case.get("timezone") or "Europe/Helsinki")).date()
        open_case = case["status"] not in ("completed", "converted", "closed", "lapsed")
        warning = cooperation_warning(started, start, today) if open_case else None
        residents = uow.cases.find("case_co_residents", case_id=case["id"])
        out.append(
            {
                "id": case["id"],
                "number": case.get("number"),
                "type": case["type"],
                "status": case["status"],
                "enforcement_starts": start,
                "warning": warning,
                "co_residents": len(residents),
                "co_residents_missing_consent": sum(
                    1 for r in residents if not r.get("written_consent") and not r.get("heard")
                ),
            }
        )
    return out


def picture(
    uow: PartnersUnitOfWork, subject_id: str, now: datetime, *, consultation: bool = False
) -> dict[str, Any]:
    subject = uow.registry.get("subjects", subject_id)
    if subject is None:
        raise NotFound(f"person {subject_id} does not exist")

    def find(table: str, **filters: Any) -> list[dict[str, Any]]:
        return sorted(uow.partners.find(table, **filters), key=lambda r: r["created_at"])

    contexts = find(CONTEXT.table, subject_id=subject_id)
    context = contexts[0] if contexts else None
    if context is not None and context.get("response_team_id"):
        team = uow.partners.get("network_response_teams", context["response_team_id"])
        context["response_team"] = team["name"] if team else None
    referrals = find(REFERRAL.table, subject_id=subject_id)
    for r in referrals:
        partner = uow.partners.get("partner_organisations", r["partner_id"])
        r["partner_name"] = partner["name"] if partner else r["partner_id"]
    deferrals = find(DEFERRAL.table, subject_id=subject_id)
    appointments = find(APPOINTMENT.table, subject_id=subject_id)
    for a in appointments:
        partner = uow.partners.get("partner_organisations", a["partner_id"])
        unit = uow.partners.get("partner_units", a["unit_id"])
        a["partner_name"] = partner["name"] if partner else a["partner_id"]
        a["unit_name"] = unit["name"] if unit else a["unit_id"]
    tasks = []
    for d in deferrals:
        task = Deferral.read({k: d[k] for k in DEFERRAL.fields if k in d}).task()
        if task is not None:
            tasks.append({"code": task, "deferral_id": d["id"]})
    cases = _cases(uow, subject_id, now)
    log = find(JUSTICE_ENTRY.table, subject_id=subject_id)
    events = [e for c in cases for e in uow.cases.find("case_events", case_id=c["id"])]
    stage = peer_support_prompt(context["phase"] if context else None, referrals)
    relatives = find("partner_relatives", subject_id=subject_id)
    out: dict[str, Any] = jsonable(
        {
            "subject": {"id": subject_id, "name": subject.get("name")},
            "context": context,
            "cases": cases,
            "warnings": [
                {"code": c["warning"], "case_id": c["id"], "on": c["enforcement_starts"]}
                for c in cases
                if c["warning"]
            ],
            "prompts": [{"code": "peer_support", "stage": stage}] if stage else [],
            "tasks": tasks,
            "consents": find("partner_consents", subject_id=subject_id),
            "disclosures": find(DISCLOSURES, subject_id=subject_id),
            "cooperation": find(COOPERATION.table, subject_id=subject_id),
            "plans": find(AUTHORITY_PLAN.table, subject_id=subject_id),
            "meetings": find(CLIENT_MEETING.table, subject_id=subject_id),
            "requests": find(PARTICIPATION_REQUEST.table, subject_id=subject_id),
            "vth_events": find(VTH_EVENT.table, subject_id=subject_id),
            "assessments": find(WORK_ASSESSMENT.table, subject_id=subject_id),
            "deferrals": deferrals,
            "appointments": appointments,
            "hearings": find(HEARING.table, subject_id=subject_id),
            "referrals": referrals,
            "relatives": relatives,
            "relative_contacts": find(RELATIVE_CONTACT.table, subject_id=subject_id),
            "timeline": one_timeline(events, log),
            "vth_consultations": find(CONSULTATIONS, subject_id=subject_id),
            # S35: whether a consultation may be requested, and if not, why.
            "vth_consultation": {
                "enabled": consultation,
                "phase_allows": bool(context and context["phase"] == "preparation"),
            },
        }
    )
    out["pre_enforcement"] = [
        pre_enforcement_shown(uow, r) for r in find(PRE_ENFORCEMENT.table, subject_id=subject_id)
    ]
    return out


def disclose(
    uow: PartnersUnitOfWork, actor: str, now: datetime, body: Mapping[str, Any]
) -> dict[str, Any]:
    """S31, S32: a disclosure checked against the person's consents; without one, only a
    notification to social welfare on a recorded legal ground. A refusal is audited too (and
    stores nothing else); a disclosure is stored with its basis and audited."""
    known = (
        "subject_id",
        "purpose",
        "recipient",
        "categories",
        "disclosed_on",
        "legal_ground",
        "consent_unobtainable",
        "ground_details",
    )
    unknown = sorted(set(body) - set(known))
    if unknown:
        raise InvalidInput(
            f"{unknown[0]}: is not a field of a disclosure (fields: {', '.join(known)})"
        )
    try:
        disclosure = Disclosure.read(body)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    if uow.registry.get("subjects", disclosure.subject_id) is None:
        raise InvalidInput(f"subject_id: subject {disclosure.subject_id} does not exist")
    consents = [
        consent_from_row(r)
        for r in uow.partners.find("partner_consents", subject_id=disclosure.subject_id)
    ]
    try:
        basis = basis_for(disclosure, consents)
    except DisclosureRefused as exc:
        return {"refused": str(exc), "subject_id": disclosure.subject_id}
    id = str(uuid.uuid4())
    data = jsonable(disclosure)
    data.update({"basis": basis.kind, "basis_reason": basis.reason, "disclosed_by": actor})
    uow.partners.insert(
        DISCLOSURES,
        {
            "id": id,
            "subject_id": disclosure.subject_id,
            "purpose": disclosure.purpose,
            "recipient": disclosure.recipient,
            "basis": basis.kind,
            "disclosed_on": disclosure.disclosed_on,
            "data": data,
            "created_at": now,
            "updated_at": now,
        },
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="disclose" if basis.kind == "consent" else "disclose_without_consent",
        target_type="network_disclosure",
        target_id=id,
        details={
            "subject_id": disclosure.subject_id,
            "purpose": disclosure.purpose,
            "recipient": disclosure.recipient,
            "categories": list(disclosure.categories),
            "basis": basis.kind,
            "reason": basis.reason,
        },
    )
    row = uow.partners.get(DISCLOSURES, id)
    assert row is not None
    stored: dict[str, Any] = jsonable(row)
    return stored


def request_consultation(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    body: Mapping[str, Any],
    *,
    enabled: bool,
) -> dict[str, Any]:
    """S35: a VTH consultation requested for the sentence plan being drafted, only while the
    switch is on (the legal enablement) and the person is in the preparation phase; functional
    questions only (no health data), audited."""
    if not enabled:
        raise Forbidden(CONSULTATION_DISABLED)
    if not isinstance(body, Mapping):
        raise InvalidInput("a consultation request is a JSON object")
    try:
        request = VthConsultation.read(body)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    if uow.registry.get("subjects", request.subject_id) is None:
        raise NotFound(f"person {request.subject_id} does not exist")
    contexts = uow.partners.find(CONTEXT.table, subject_id=request.subject_id)
    if not contexts:
        raise Conflict(
            "record the client's context first: a consultation is requested in the "
            "preparation phase"
        )
    if contexts[0]["phase"] != "preparation":
        raise Conflict(
            "a VTH consultation is requested while the sentence plan is drafted in the "
            f"preparation phase; this client's phase is {contexts[0]['phase']}"
        )
    id = str(uuid.uuid4())
    data = jsonable(request)
    data["requested_by"] = actor
    uow.partners.insert(
        CONSULTATIONS,
        {
            "id": id,
            "subject_id": request.subject_id,
            "requested_on": request.requested_on,
            "data": data,
            "created_at": now,
            "updated_at": now,
        },
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="create",
        target_type="network_vth_consultation",
        target_id=id,
        details={"subject_id": request.subject_id, "plan": request.plan},
    )
    row = uow.partners.get(CONSULTATIONS, id)
    assert row is not None
    stored: dict[str, Any] = jsonable(row)
    return stored


def client_contexts(uow: PartnersUnitOfWork) -> dict[str, dict[str, Any]]:
    """S26: every person's context in the unit of work's scope, by person (the caseload's
    filter)."""
    return {r["subject_id"]: r for r in uow.partners.find(CONTEXT.table)}


def statistics(uow: PartnersUnitOfWork, by: str) -> list[dict[str, Any]]:
    """S24: needs by home municipality or wellbeing county, aggregated (no one named)."""
    if by not in ("home_municipality", "wellbeing_county"):
        raise InvalidInput(f"by: home_municipality or wellbeing_county, not {by!r}")
    return need_statistics(uow.partners.find(CONTEXT.table), uow.partners.find(REFERRAL.table), by)
