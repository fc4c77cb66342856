"""Places tied to monitoring: a place into a person's plan (zone + windows the engine enforces),
the session record with the partner's confirmation next to the GPS record, reconciliation and
its outcomes, and partner-contact accounts scoped to one place."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from valvo.domain.security import start_of_local_day
from valvo.services.partners.attendance_commands import (
    ChoosePlace,
    CreateContactUser,
    EndAssignment,
    LinkOutcome,
    ListAssignments,
    ListOutcomes,
    ReadPlaceSessions,
    ReadSessionRecord,
    ReconcileAttendance,
)
from valvo.web.access import LOCATION_ROUTE, check_purpose, peer, scope_of
from valvo.web.api.partners.common import App, LocationReader, Reader, UserManager, Writer

router = APIRouter(prefix="/api/partners", tags=["partners: places and attendance"])


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")


class PlanPlace(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_id: str
    sessions: list[SessionIn] = Field(min_length=1, max_length=7)
    travel_minutes: int = Field(default=30, ge=0, le=120)


class ContactUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=3, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class OutcomeLink(BaseModel):
    model_config = ConfigDict(extra="forbid")
    alarm_id: str | None = Field(default=None, max_length=36)
    breach_id: str | None = Field(default=None, max_length=36)


@router.post("/places/{place_id}/plan", status_code=201)
def put_place_into_plan(place_id: str, body: PlanPlace, who: Writer, valvo: App) -> dict[str, Any]:
    """Choose the place for a person's activity obligation: the place's zone and the weekly
    windows (within its opening hours) go into the order's plan, which the engine enforces."""
    command = ChoosePlace(
        actor=who.username,
        at=valvo.clock(),
        place_id=place_id,
        order_id=body.order_id,
        sessions=[s.model_dump() for s in body.sessions],
        travel_minutes=body.travel_minutes,
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/assignments")
def list_assignments(
    who: Reader,
    valvo: App,
    request: Request,
    place_id: str | None = None,
    order_id: str | None = None,
    subject_id: str | None = None,
) -> list[dict[str, Any]]:
    """The region's activity obligations (personal data: the read is audited)."""
    command = ListAssignments(
        actor=who.username,
        at=valvo.clock(),
        peer=peer(request),
        place_id=place_id,
        order_id=order_id,
        subject_id=subject_id,
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.post("/assignments/{assignment_id}/end")
def end_assignment(assignment_id: str, who: Writer, valvo: App) -> dict[str, Any]:
    command = EndAssignment(actor=who.username, at=valvo.clock(), assignment_id=assignment_id)
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/assignments/{assignment_id}/sessions/{day}", openapi_extra=LOCATION_ROUTE)
def session_record(
    assignment_id: str,
    day: date,
    who: LocationReader,
    valvo: App,
    request: Request,
    purpose: str | None = None,
) -> dict[str, Any]:
    """The partner's confirmation next to the GPS record of one session (a location read,
    recorded in the audit trail). A session before today needs a ``purpose``; a session of
    another region's person is not found."""
    now = valvo.clock()
    if day < now.astimezone(start_of_local_day(now).tzinfo).date():
        purpose = check_purpose(start_of_local_day(now) - timedelta(seconds=1), now, purpose)
    command = ReadSessionRecord(
        actor=who.username,
        at=now,
        peer=peer(request),
        assignment_id=assignment_id,
        day=day,
        purpose=purpose,
    )
    view: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return view


@router.post("/attendance/reconcile")
def reconcile(who: Writer, valvo: App, days: int = 7) -> list[dict[str, Any]]:
    """Reconcile ended sessions of the last ``days`` days; outcomes that call for an alarm or
    a breach record are published on the live feed as ``attendance_outcome`` events."""
    command = ReconcileAttendance(actor=who.username, at=valvo.clock(), days=days)
    changed: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return changed


@router.get("/attendance/outcomes")
def outcomes(
    who: Reader,
    valvo: App,
    request: Request,
    action: str | None = None,
    subject_id: str | None = None,
    assignment_id: str | None = None,
) -> list[dict[str, Any]]:
    """The region's attendance outcomes (personal data: the read is audited)."""
    command = ListOutcomes(
        actor=who.username,
        at=valvo.clock(),
        peer=peer(request),
        action=action,
        subject_id=subject_id,
        assignment_id=assignment_id,
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.post("/attendance/outcomes/{outcome_id}/link")
def link_outcome(outcome_id: str, body: OutcomeLink, who: Writer, valvo: App) -> dict[str, Any]:
    """The alarm desk or the case records the alarm or breach raised from an outcome."""
    command = LinkOutcome(
        actor=who.username,
        at=valvo.clock(),
        outcome_id=outcome_id,
        alarm_id=body.alarm_id,
        breach_id=body.breach_id,
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.post("/places/{place_id}/contact-user", status_code=201)
def create_contact_user(
    place_id: str, body: ContactUser, who: UserManager, valvo: App
) -> dict[str, Any]:
    """An account for the place's contact person, scoped to this place only."""
    command = CreateContactUser(
        actor=who.username,
        at=valvo.clock(),
        place_id=place_id,
        username=body.username,
        password=body.password,
        hasher=valvo.hasher,
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/places/{place_id}/sessions")
def place_sessions(
    place_id: str, day: date, who: Reader, valvo: App, request: Request
) -> list[dict[str, Any]]:
    """Who is expected at a place on a day, with the partner's confirmations."""
    command = ReadPlaceSessions(
        actor=who.username, at=valvo.clock(), peer=peer(request), place_id=place_id, day=day
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows
