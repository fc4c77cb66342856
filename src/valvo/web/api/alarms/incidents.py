"""The desk's incidents (issue 20): a person's related alarms grouped into one unit of work,
listed with their state, owner and title, read with their alarms, and worked in one go
(acknowledge all, take ownership, one note to all, resolve all). Scoped by region and the
restricted-case rule like every desk route; each step reaches every alarm's trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import AwareDatetime

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.incidents import (
    AcknowledgeIncident,
    ListIncidents,
    NoteIncident,
    ReadIncident,
    ResolveIncident,
    TakeIncident,
)
from valvo.web.access import LOCATION_ROUTE, peer, scope_of, sees_location, without_location
from valvo.web.api.alarms.schemas import (
    IncidentDetailRead,
    IncidentRead,
    IncidentResolveBody,
    NoteBody,
)
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/desk/incidents", tags=["alarm desk"])
Reader = Annotated[Principal, Depends(require(Permission.READ_ALARMS))]
Worker = Annotated[Principal, Depends(require(Permission.WORK_ALARMS))]
App = Annotated[Valvo, Depends(get_valvo)]
STATES = "^(active|open|working|closed|all)$"


def _shown(who: Principal, incident: dict[str, Any]) -> dict[str, Any]:
    if sees_location(who):
        return incident
    return {**incident, "alarms": [without_location(a) for a in incident["alarms"]]}


@router.get("", response_model=list[IncidentRead])
def list_incidents(
    who: Reader,
    valvo: App,
    request: Request,
    state: Annotated[str, Query(pattern=STATES)] = "active",
    region: Annotated[str | None, Query(max_length=60)] = None,
    subject_id: Annotated[str | None, Query(max_length=36)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    since: AwareDatetime | None = None,
) -> list[dict[str, Any]]:
    """The latest raised first; ``active``: open or being worked; ``since``: only incidents
    with an alarm raised since then (the console asks for those of the alarms it holds)."""
    command = ListIncidents(
        actor=who.username,
        at=valvo.clock(),
        state=state,
        region=region,
        subject_id=subject_id,
        limit=limit,
        peer=peer(request),
        since=since,
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.get("/{incident_id}", response_model=IncidentDetailRead, openapi_extra=LOCATION_ROUTE)
def read_incident(
    incident_id: str,
    who: Reader,
    valvo: App,
    request: Request,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    """The incident with its alarms; reading their fixes is for ``purpose`` (the alarm work
    unless stated)."""
    command = ReadIncident(
        actor=who.username,
        at=valvo.clock(),
        incident_id=incident_id,
        located=sees_location(who),
        peer=peer(request),
        purpose=purpose,
    )
    return _shown(who, valvo.bus.handle(command, scope_of(who)))


@router.post("/{incident_id}/acknowledge", response_model=IncidentDetailRead)
def acknowledge(incident_id: str, who: Worker, valvo: App) -> dict[str, Any]:
    """Every alarm of the incident nobody has acknowledged."""
    command = AcknowledgeIncident(actor=who.username, at=valvo.clock(), incident_id=incident_id)
    return _shown(who, valvo.bus.handle(command, scope_of(who)))


@router.post("/{incident_id}/take", response_model=IncidentDetailRead)
def take(incident_id: str, who: Worker, valvo: App) -> dict[str, Any]:
    """The caller becomes the incident's owner (the operator working it)."""
    command = TakeIncident(actor=who.username, at=valvo.clock(), incident_id=incident_id)
    return _shown(who, valvo.bus.handle(command, scope_of(who)))


@router.post("/{incident_id}/notes", response_model=IncidentDetailRead)
def add_note(incident_id: str, body: NoteBody, who: Worker, valvo: App) -> dict[str, Any]:
    """One note on every alarm of the incident."""
    command = NoteIncident(
        actor=who.username, at=valvo.clock(), incident_id=incident_id, note=body.note
    )
    return _shown(who, valvo.bus.handle(command, scope_of(who)))


@router.post("/{incident_id}/resolve", response_model=IncidentDetailRead)
def resolve(incident_id: str, body: IncidentResolveBody, who: Worker, valvo: App) -> dict[str, Any]:
    """Every open alarm resolved with its own cause or the shared one."""
    command = ResolveIncident(
        actor=who.username,
        at=valvo.clock(),
        incident_id=incident_id,
        cause=body.cause,
        causes=body.causes,
        note=body.note,
    )
    return _shown(who, valvo.bus.handle(command, scope_of(who)))
