"""Places tied to monitoring, as commands: a place into a person's plan, an assignment ended,
sessions confirmed by the partner contact and reconciled with the GPS record, outcomes linked to
the alarm or breach raised from them, a contact account scoped to one place, and the audited
reads of assignments, sessions and outcomes. Each handler decides with ``plans``,
``attendance`` or ``portal`` in its own transaction and commits; the outcomes that call for an
alarm or a breach record are emitted as :class:`FeedNotice` and published after the commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from valvo.services.alarm_commands import alarm_changed
from valvo.services.auth import PasswordHasher
from valvo.services.bus.events import FeedNotice
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import NotFound
from valvo.services.partners import attendance, plans, portal
from valvo.services.partners.command_base import AuditedRead, PartnersCommand, record_read

LOCATION_PURPOSE = "attendance reconciliation"
LOOK_BACK_DAYS = 7


@dataclass(frozen=True, kw_only=True)
class ChoosePlace(PartnersCommand):
    """A place for a person's activity obligation: its zone and the weekly windows
    (``sessions``: ``{weekday, start, end}``) go into the order's plan."""

    place_id: str
    order_id: str
    sessions: Sequence[Mapping[str, Any]] = ()
    travel_minutes: int = 30


@dataclass(frozen=True, kw_only=True)
class EndAssignment(PartnersCommand):
    assignment_id: str


@dataclass(frozen=True, kw_only=True)
class ReconcileAttendance(PartnersCommand):
    """Ended sessions of the last ``days`` days (0–31) reconciled with the GPS record (by a
    supervisor's request, and by the engine's attendance round every few minutes)."""

    days: int = LOOK_BACK_DAYS


@dataclass(frozen=True, kw_only=True)
class LinkOutcome(PartnersCommand):
    outcome_id: str
    alarm_id: str | None = None
    breach_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class CreateContactUser(PartnersCommand):
    """An account for a place's contact person, scoped to that place; ``hasher`` hashes the
    password (the service the account's other routes use)."""

    place_id: str
    username: str
    password: str = field(repr=False)
    hasher: PasswordHasher = field(repr=False, compare=False)


@dataclass(frozen=True, kw_only=True)
class ConfirmAttendance(PartnersCommand):
    """The partner contact's confirmation for a session at their place; a session already
    ended is reconciled with the GPS record at once."""

    user_id: str
    assignment_id: str
    day: date
    statement: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ListAssignments(AuditedRead):
    place_id: str | None = None
    order_id: str | None = None
    subject_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ListOutcomes(AuditedRead):
    action: str | None = None
    subject_id: str | None = None
    assignment_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadSessionRecord(AuditedRead):
    """The partner's confirmation next to the GPS record of one session (a location read)."""

    assignment_id: str
    day: date
    purpose: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadPlaceSessions(AuditedRead):
    """Who is expected at a place on ``day``, with the partner's confirmations."""

    place_id: str
    day: date


@dataclass(frozen=True, kw_only=True)
class ReadMySessions(AuditedRead):
    """The sessions expected on ``day`` at the one place of the partner contact ``user_id``."""

    user_id: str
    day: date


def choose_place(cmd: ChoosePlace, uow: Any) -> dict[str, Any]:
    with uow:
        row = plans.choose_place(
            uow,
            cmd.actor,
            cmd.at,
            place_id=cmd.place_id,
            order_id=cmd.order_id,
            sessions=plans.read_sessions([dict(s) for s in cmd.sessions]),
            travel_minutes=cmd.travel_minutes,
        )
        uow.commit()
    return row


def end_assignment(cmd: EndAssignment, uow: Any) -> dict[str, Any]:
    with uow:
        row = plans.end_assignment(uow, cmd.actor, cmd.at, cmd.assignment_id)
        uow.commit()
    return row


def _emit_outcomes(uow: Any, outcomes: list[dict[str, Any]]) -> None:
    """Each alarm an outcome raised goes out whole (as the desk's own changes do); the outcome
    itself as a notice."""
    for outcome in outcomes:
        for alarm_id in outcome.get("alarms_raised") or ():
            alarm = uow.alarms.get(alarm_id)
            if alarm is not None:
                uow.emit(alarm_changed(uow, alarm))
        for message in attendance.feed_events([outcome]):
            uow.emit(FeedNotice(message=message))


def reconcile(cmd: ReconcileAttendance, uow: Any) -> list[dict[str, Any]]:
    with uow:
        changed = attendance.reconcile_due(uow, cmd.actor, cmd.at, max(0, min(cmd.days, 31)))
        _emit_outcomes(uow, changed)
        uow.commit()
    return changed


def link_outcome(cmd: LinkOutcome, uow: Any) -> dict[str, Any]:
    with uow:
        row = attendance.link_outcome(
            uow,
            cmd.actor,
            cmd.at,
            cmd.outcome_id,
            alarm_id=cmd.alarm_id,
            breach_id=cmd.breach_id,
        )
        uow.commit()
    return row


def create_contact_user(cmd: CreateContactUser, uow: Any) -> dict[str, Any]:
    with uow:
        row = portal.create_contact_user(
            uow,
            cmd.hasher,
            cmd.actor,
            cmd.at,
            place_id=cmd.place_id,
            username=cmd.username,
            password=cmd.password,
        )
        uow.commit()
    return row


def confirm(cmd: ConfirmAttendance, uow: Any) -> dict[str, Any]:
    """The answer the partner sees (the reconciled outcome is not shown to the partner)."""
    with uow:
        place_id = portal.place_of(uow, cmd.user_id)
        answer = attendance.confirm(
            uow,
            cmd.actor,
            cmd.at,
            place_id=place_id,
            assignment_id=cmd.assignment_id,
            day=cmd.day,
            statement=cmd.statement,
            note=cmd.note,
        )
        window = attendance.session_window(
            uow.partners.get(plans.ASSIGNMENTS, cmd.assignment_id) or {}, cmd.day
        )
        if window is not None and window[1] <= cmd.at:
            outcome = attendance.reconcile_session(
                uow, cmd.actor, cmd.at, cmd.assignment_id, cmd.day
            )
            _emit_outcomes(uow, [outcome])
        uow.commit()
    return answer


def _audit_list(uow: Any, cmd: AuditedRead, target_type: str, rows: list[dict[str, Any]]) -> None:
    record_read(
        uow,
        cmd,
        target_type=target_type,
        details={"count": len(rows), "subjects": sorted({str(r["subject_id"]) for r in rows})},
    )


def list_assignments(cmd: ListAssignments, uow: Any) -> list[dict[str, Any]]:
    """The region's activity obligations (personal data: the read is audited)."""
    with uow:
        rows: list[dict[str, Any]] = uow.partners.find(
            plans.ASSIGNMENTS,
            place_id=cmd.place_id,
            order_id=cmd.order_id,
            subject_id=cmd.subject_id,
        )
        _audit_list(uow, cmd, plans.ASSIGNMENTS, rows)
        uow.commit()
    return rows


def list_outcomes(cmd: ListOutcomes, uow: Any) -> list[dict[str, Any]]:
    """The region's attendance outcomes (personal data: the read is audited)."""
    with uow:
        rows: list[dict[str, Any]] = uow.partners.find(
            attendance.OUTCOMES,
            action=cmd.action,
            subject_id=cmd.subject_id,
            assignment_id=cmd.assignment_id,
        )
        _audit_list(uow, cmd, attendance.OUTCOMES, rows)
        uow.commit()
    return rows


def session_record(cmd: ReadSessionRecord, uow: Any) -> dict[str, Any]:
    """A session of a person outside the caller's region is not found."""
    with uow:
        view = attendance.session_view(uow, cmd.assignment_id, cmd.day, cmd.at)
        if uow.registry.get("subjects", view["subject_id"]) is None:
            raise NotFound(f"assignment {cmd.assignment_id} does not exist")
        record_read(
            uow,
            cmd,
            action="read_location",
            target_type="subject",
            target_id=view["subject_id"],
            purpose=(cmd.purpose or "").strip() or LOCATION_PURPOSE,
            details={
                "assignment_id": cmd.assignment_id,
                "date": cmd.day.isoformat(),
                "count": len(view["positions"]),
            },
        )
        uow.commit()
    return view


def _place_sessions(uow: Any, cmd: AuditedRead, place_id: str, day: date) -> list[dict[str, Any]]:
    rows = attendance.expected_sessions(uow, place_id, day)
    record_read(
        uow,
        cmd,
        target_type="partner_place_sessions",
        target_id=place_id,
        details={"date": day.isoformat()},
    )
    return rows


def place_sessions(cmd: ReadPlaceSessions, uow: Any) -> list[dict[str, Any]]:
    with uow:
        rows = _place_sessions(uow, cmd, cmd.place_id, cmd.day)
        uow.commit()
    return rows


def my_sessions(cmd: ReadMySessions, uow: Any) -> list[dict[str, Any]]:
    with uow:
        rows = _place_sessions(uow, cmd, portal.place_of(uow, cmd.user_id), cmd.day)
        uow.commit()
    return rows


HANDLERS: dict[type[Command], Handler] = {
    ChoosePlace: choose_place,
    EndAssignment: end_assignment,
    ReconcileAttendance: reconcile,
    LinkOutcome: link_outcome,
    CreateContactUser: create_contact_user,
    ConfirmAttendance: confirm,
    ListAssignments: list_assignments,
    ListOutcomes: list_outcomes,
    ReadSessionRecord: session_record,
    ReadPlaceSessions: place_sessions,
    ReadMySessions: my_sessions,
}
