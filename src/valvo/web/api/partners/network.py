"""The person's network over HTTP (issue 21): one person's network with its warnings, prompts,
tasks and timeline (an audited read); a disclosure to another organisation, checked against the
consents (S31, S32); the need statistics for networks (S24); and the choices with their labels.
The records themselves are partner record kinds (``/api/partners/client-contexts``,
``cooperation-starts``, ``authority-plans``, ``client-meetings``, ``participation-requests``,
``vth-events``, ``deferrals``, ``referrals``, ``relative-contacts``, ``justice-log``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request

from valvo.domain.network.choices import ALL_CHOICES
from valvo.services.partners.network_commands import Disclose, ReadNeedStatistics, ReadNetwork
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
        actor=who.username, at=valvo.clock(), peer=peer(request), subject_id=subject_id
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
