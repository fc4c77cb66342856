"""What every case command shares: loading a case, turning the law's refusals into service
errors, recording a step (timeline, audit, status), dates in the case's zone, deadline tasks."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.errors import CaseError
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy, get_policy
from valvo.domain.schedule.local_time import local_to_utc, zone
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

SENTENCE = "monitoring_sentence"
TRAVEL_BAN = "travel_ban"
CASE_TYPES = (SENTENCE, TRAVEL_BAN)
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


def new_id() -> str:
    return str(uuid.uuid4())


def lawful(step: Callable[[], T]) -> T:
    """Run a domain step; the law's refusal becomes a 409 (wrong state) or a 422 (the rule)."""
    try:
        return step()
    except CaseError as exc:
        error = Conflict if exc.code == "wrong_state" else InvalidInput
        raise error(f"{exc.code}: {exc.message}") from exc
    except LawInputError as exc:
        raise InvalidInput(f"{exc.code}: {exc.message}") from exc


def choice(enum: type[E], value: str, what: str) -> E:
    """``value`` as a member of ``enum``, or a 422 listing the choices."""
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InvalidInput(f"{what}: {value!r} is not one of {choices}") from None


def load_case(uow: UnitOfWork, case_id: str, case_type: str | None = None) -> dict[str, Any]:
    case = uow.cases.get("cases", case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    if case_type is not None and case["type"] != case_type:
        raise Conflict(f"wrong_case_type: case {case_id} is a {case['type']}, not a {case_type}")
    return case


def load_row(uow: UnitOfWork, table: str, id: str, case_id: str, what: str) -> dict[str, Any]:
    row = uow.cases.get(table, id)
    if row is None or row.get("case_id") != case_id:
        raise NotFound(f"{what} {id} does not exist in case {case_id}")
    return row


def policy_of(case: Mapping[str, Any]) -> LawPolicy:
    return get_policy(str(case["policy"]))


def record_step(
    uow: UnitOfWork,
    case: Mapping[str, Any],
    actor: str,
    now: datetime,
    kind: str,
    details: Mapping[str, Any] | None = None,
    *,
    status: str | None = None,
) -> None:
    """One line on the case's timeline, one record in the audit trail, the case touched."""
    payload = _jsonable(details or {})
    uow.cases.insert(
        "case_events",
        {
            "case_id": case["id"],
            "at": now,
            "actor": actor,
            "kind": kind,
            "details": payload,
        },
    )
    values: dict[str, Any] = {"updated_at": now}
    if status is not None:
        values["status"] = status
    uow.cases.update("cases", case["id"], values)
    uow.audit.record(
        at=now,
        actor=actor,
        action=kind,
        target_type="case",
        target_id=case["id"],
        details=payload,
    )


def _jsonable(details: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, datetime | date | time):
            out[key] = value.isoformat()
        elif isinstance(value, Mapping):
            out[key] = _jsonable(value)
        else:
            out[key] = value
    return out


def today(case: Mapping[str, Any], now: datetime) -> date:
    """The calendar day ``now`` falls on in the case's zone (days are the law's unit)."""
    return now.astimezone(zone(str(case["timezone"]))).date()


def day_start(case: Mapping[str, Any], day: date) -> datetime:
    """Local midnight at the start of ``day`` in the case's zone, as a UTC instant."""
    return local_to_utc(datetime.combine(day, time(0)), zone(str(case["timezone"])))


def not_in_future(case: Mapping[str, Any], now: datetime, day: date, what: str) -> date:
    if day > today(case, now):
        raise InvalidInput(f"in_future: {what} {day.isoformat()} is after today")
    return day


def instant_not_in_future(now: datetime, at: datetime, what: str) -> datetime:
    if at > now + timedelta(minutes=5):  # a clock a little ahead is not a lie
        raise InvalidInput(f"in_future: {what} {at.isoformat()} is in the future")
    return at


def record_decision(
    uow: UnitOfWork,
    case: dict[str, Any],
    actor: str,
    now: datetime,
    *,
    breach_id: str | None,
    kind: str,
    decided_by: str,
    decided_at: datetime,
    court: str | None,
    in_absence: bool | None = None,
    details: dict[str, Any] | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    """R141: every decision names who made it (court, prosecutor, police)."""
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case["id"],
        "breach_id": breach_id,
        "kind": kind,
        "decided_by": decided_by,
        "decided_at": decided_at,
        "court": court,
        "in_absence": in_absence,
        "details": details or {},
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_decisions", row)
    record_step(
        uow,
        case,
        actor,
        now,
        kind,
        {"decision_id": row["id"], "breach_id": breach_id, "court": court, **(details or {})},
        status=status,
    )
    return row


# --- deadline tasks (domain.cases.deadlines) ----------------------------------------------


def open_task(
    uow: UnitOfWork, case_id: str, kind: DeadlineKind, due_at: datetime, now: datetime
) -> None:
    uow.cases.insert(
        "deadline_tasks",
        {
            "id": new_id(),
            "case_id": case_id,
            "kind": kind.value,
            "due_at": due_at,
            "done_at": None,
            "cancelled_at": None,
            "created_at": now,
        },
    )


def _open_tasks(uow: UnitOfWork, case_id: str, kinds: Iterable[DeadlineKind] | None) -> list[Any]:
    wanted = None if kinds is None else {k.value for k in kinds}
    return [
        task
        for task in uow.cases.find("deadline_tasks", case_id=case_id)
        if task["done_at"] is None
        and task["cancelled_at"] is None
        and (wanted is None or task["kind"] in wanted)
    ]


def close_tasks(uow: UnitOfWork, case_id: str, kinds: Iterable[DeadlineKind], at: datetime) -> None:
    """The step a deadline asked for was taken at ``at``."""
    for task in _open_tasks(uow, case_id, kinds):
        uow.cases.update("deadline_tasks", task["id"], {"done_at": at})


def cancel_tasks(
    uow: UnitOfWork, case_id: str, at: datetime, kinds: Iterable[DeadlineKind] | None = None
) -> None:
    """The deadlines no longer apply (the case ended another way)."""
    for task in _open_tasks(uow, case_id, kinds):
        uow.cases.update("deadline_tasks", task["id"], {"cancelled_at": at})


def move_task(uow: UnitOfWork, case_id: str, kind: DeadlineKind, due_at: datetime) -> None:
    """A deadline that moves with the case (the completion limit after interruptions)."""
    for task in _open_tasks(uow, case_id, (kind,)):
        if task["due_at"] != due_at:
            uow.cases.update("deadline_tasks", task["id"], {"due_at": due_at})
