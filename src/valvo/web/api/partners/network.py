"""The person's network over HTTP (issue 21): one person's network with its warnings, prompts,
tasks and timeline (an audited read); a disclosure to another organisation, checked against the
consents (S31, S32); the steps and closing of a pre-enforcement case (S43); a VTH consultation in
the preparation phase, behind VALVO_VTH_CONSULTATION (S35); the need statistics for networks
(S24); and the choices with their labels.
The records themselves are partner record kinds (``/api/partners/client-contexts``,
``cooperation-starts``, ``authority-plans``, ``client-meetings``, ``participation-requests``,
``vth-events``, ``deferrals``, ``referrals``, ``relative-contacts``, ``justice-log``,
``pre-enforcement-cases``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request

from valvo.domain.network.choices import ALL_CHOICES
from valvo.domain.network.pre_enforcement import STEP_ORDER
from valvo.services.partners.network_commands import (
    ClosePreEnforcement,
    Disclose,
    ReadNeedStatistics,
    ReadNetwork,
    RequestVthConsultation,
    TakePreEnforcementStep,
)
from valvo.web.access import peer, scope_of
from valvo.web.api.partners.common import App, Reader, Writer

router = APIRouter(prefix="/api/network", tags=["network"])


@router.get("/meta")
def network_meta(who: Reader) -> dict[str, Any]:
    """Every choice of the network records with its English and Finnish label."""
    return {name: [c.as_dict() for c in choices] for name, choices in ALL_CHOICES.items()}


@router.get("/people/{subject_id}")
def person_network(subject_id: str, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    """One person's network (audited): context, consents, disclosures, cooperation, plans,
    meetings, requests, VTH events, deferrals, referrals, relatives, the cases with the warning
    of enforcement starting without municipal cooperation (S28), and one timeline (S48)."""
    command = ReadNetwork(
        actor=who.username,
        at=valvo.clock(),
        peer=peer(request),
        subject_id=subject_id,
        consultation=valvo.settings.vth_consultation,
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.post("/disclosures", status_code=201)
def disclose(body: Annotated[dict[str, Any], Body()], who: Writer, valvo: App) -> dict[str, Any]:
    """S31, S32: fields subject_id, purpose, recipient, categories, disclosed_on and, without a
    consent, legal_ground, consent_unobtainable and ground_details. 409 when refused."""
    command = Disclose(actor=who.username, at=valvo.clock(), body=body)
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.post("/pre-enforcement/{pre_enforcement_id}/steps/{step}")
def take_pre_enforcement_step(
    pre_enforcement_id: str,
    step: Annotated[str, Path(description=f"one of {', '.join(STEP_ORDER)}")],
    body: Annotated[dict[str, Any], Body()],
    who: Writer,
    valvo: App,
) -> dict[str, Any]:
    """S43: start (``in_progress``), finish (``done``) or skip (``skipped``, with
    ``skip_reason``) a step of a pre-enforcement case: fields status, on, who, note. Steps go
    in order; done and skipped are final; a closed case is 409."""
    command = TakePreEnforcementStep(
        actor=who.username, at=valvo.clock(), case_id=pre_enforcement_id, step=step, body=body
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.post("/pre-enforcement/{pre_enforcement_id}/close")
def close_pre_enforcement(
    pre_enforcement_id: str, body: Annotated[dict[str, Any], Body()], who: Writer, valvo: App
) -> dict[str, Any]:
    """S43: close a pre-enforcement case: fields outcome, closed_on, note (``other`` needs
    it)."""
    command = ClosePreEnforcement(
        actor=who.username, at=valvo.clock(), case_id=pre_enforcement_id, body=body
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.post("/vth-consultations", status_code=201)
def request_vth_consultation(
    body: Annotated[dict[str, Any], Body()], who: Writer, valvo: App
) -> dict[str, Any]:
    """S35: request a VTH consultation for the sentence plan drafted in the preparation phase:
    fields subject_id, requested_on, plan, vth_unit, question (functional; no health data). 403
    while VALVO_VTH_CONSULTATION is off (the legal enablement is pending); 409 outside the
    preparation phase."""
    command = RequestVthConsultation(
        actor=who.username,
        at=valvo.clock(),
        enabled=valvo.settings.vth_consultation,
        body=body,
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.get("/statistics")
def need_statistics(
    who: Reader,
    valvo: App,
    by: Annotated[str, Query(pattern="^(home_municipality|wellbeing_county)$")] = (
        "home_municipality"
    ),
) -> list[dict[str, Any]]:
    """S24: how many people have each need, by home municipality or wellbeing county; groups
    under three are not shown."""
    command = ReadNeedStatistics(actor=who.username, at=valvo.clock(), by=by)
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows
