"""Places tied to monitoring: a place into a person's plan (zone + windows the engine enforces),
the session record with the partner's confirmation next to the GPS record, reconciliation and
its outcomes, and partner-contact accounts scoped to one place."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.domain.security import start_of_local_day
from valvo.services.auth import Principal
from valvo.services.partners import attendance, plans, portal
from valvo.web.access import LOCATION_ROUTE, audit_read, check_purpose, scope_of
from valvo.web.api.partners_common import (
    App,
    LocationReader,
    Reader,
    UserManager,
    Writer,
    peer,
    uow,
)

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
    with uow(valvo, scope_of(who)) as work:
        sessions = plans.read_sessions([s.model_dump() for s in body.sessions])
        row = plans.choose_place(
            work,
            who.username,
            valvo.clock(),
            place_id=place_id,
            order_id=body.order_id,
            sessions=sessions,
            travel_minutes=body.travel_minutes,
        )
        work.commit()
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
    with uow(valvo, scope_of(who)) as work:
        rows = work.partners.find(
            plans.ASSIGNMENTS, place_id=place_id, order_id=order_id, subject_id=subject_id
        )
        _audit_list(work, who, valvo, request, plans.ASSIGNMENTS, rows)
        work.commit()
    return rows


def _audit_list(
    work: SqlPartnersUnitOfWork,
    who: Principal,
    valvo: App,
    request: Request,
    target_type: str,
    rows: list[dict[str, Any]],
) -> None:
    audit_read(
        work.audit,
        who,
        request,
        valvo.clock(),
        target_type=target_type,
        details={"count": len(rows), "subjects": sorted({str(r["subject_id"]) for r in rows})},
    )


@router.post("/assignments/{assignment_id}/end")
def end_assignment(assignment_id: str, who: Writer, valvo: App) -> dict[str, Any]:
    with uow(valvo, scope_of(who)) as work:
        row = plans.end_assignment(work, who.username, valvo.clock(), assignment_id)
        work.commit()
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
    with uow(valvo, scope_of(who)) as work:
        view = attendance.session_view(work, assignment_id, day, now)
        if work.registry.get("subjects", view["subject_id"]) is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"assignment {assignment_id} does not exist"
            )
        work.audit.record(
            at=now,
            actor=who.username,
            action="read_location",
            target_type="subject",
            target_id=view["subject_id"],
            purpose=(purpose or "").strip() or "attendance reconciliation",
            peer=peer(request),
            details={
                "assignment_id": assignment_id,
                "date": day.isoformat(),
                "count": len(view["positions"]),
            },
        )
        work.commit()
    return view


@router.post("/attendance/reconcile")
def reconcile(who: Writer, valvo: App, days: int = 7) -> list[dict[str, Any]]:
    """Reconcile ended sessions of the last ``days`` days; outcomes that call for an alarm or
    a breach record are published on the live feed as ``attendance_outcome`` events."""
    with uow(valvo, scope_of(who)) as work:
        changed = attendance.reconcile_due(work, who.username, valvo.clock(), max(0, min(days, 31)))
        work.commit()
    publish(valvo, changed)
    return changed


def publish(valvo: App, outcomes: list[dict[str, Any]]) -> None:
    for event in attendance.feed_events(outcomes):
        valvo.feed.publish(event)


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
    with uow(valvo, scope_of(who)) as work:
        rows = work.partners.find(
            attendance.OUTCOMES, action=action, subject_id=subject_id, assignment_id=assignment_id
        )
        _audit_list(work, who, valvo, request, attendance.OUTCOMES, rows)
        work.commit()
    return rows


@router.post("/attendance/outcomes/{outcome_id}/link")
def link_outcome(outcome_id: str, body: OutcomeLink, who: Writer, valvo: App) -> dict[str, Any]:
    """The alarm desk or the case records the alarm or breach raised from an outcome."""
    with uow(valvo, scope_of(who)) as work:
        row = attendance.link_outcome(
            work,
            who.username,
            valvo.clock(),
            outcome_id,
            alarm_id=body.alarm_id,
            breach_id=body.breach_id,
        )
        work.commit()
    return row


@router.post("/places/{place_id}/contact-user", status_code=201)
def create_contact_user(
    place_id: str, body: ContactUser, who: UserManager, valvo: App
) -> dict[str, Any]:
    """An account for the place's contact person, scoped to this place only."""
    with uow(valvo, scope_of(who)) as work:
        row = portal.create_contact_user(
            work,
            valvo.hasher,
            who.username,
            valvo.clock(),
            place_id=place_id,
            username=body.username,
            password=body.password,
        )
        work.commit()
    return row


@router.get("/places/{place_id}/sessions")
def place_sessions(
    place_id: str, day: date, who: Reader, valvo: App, request: Request
) -> list[dict[str, Any]]:
    """Who is expected at a place on a day, with the partner's confirmations."""
    with uow(valvo, scope_of(who)) as work:
        rows = attendance.expected_sessions(work, place_id, day)
        work.audit.record(
            at=valvo.clock(),
            actor=who.username,
            action="read",
            target_type="partner_place_sessions",
            target_id=place_id,
            peer=peer(request),
            details={"date": day.isoformat()},
        )
        work.commit()
    return rows
