"""Restricted people and cases (issue 15 item 5): marking and lifting, and the guard every
route passes through before it runs. A request that names a restricted person's record (a path
or query parameter: a case, an alarm, an order...) is recorded in the audit trail, as an access
when the user holds ``restricted:access`` and as a refused attempt otherwise, which the web
answers 404 exactly as for a record that does not exist. Lists simply leave the restricted
people out for everyone else (adapters/db/scoping.py ``visible``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from valvo.domain.restriction import MAX_NOTE, RestrictionReason
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict, InvalidInput, NotFound

Target = Literal["subject", "case"]


@dataclass(frozen=True, kw_only=True)
class GuardRestricted(Command):
    """``kind``: the parameter naming the record (``case_id``...), ``may_see``: whether the
    user holds ``restricted:access``. The handler answers whether the request is refused."""

    kind: str
    record_id: str
    may_see: bool
    method: str
    path: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class MarkRestricted(Command):
    target: Target
    record_id: str
    reason: RestrictionReason
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class LiftRestriction(Command):
    target: Target
    record_id: str


@dataclass(frozen=True, kw_only=True)
class ReadRestriction(Command):
    target: Target
    record_id: str


def read(cmd: ReadRestriction, uow: Any) -> dict[str, Any]:
    with uow:
        subject_id, _ = _person(uow, cmd.target, cmd.record_id)
        return _answer(uow, subject_id)


def guard(cmd: GuardRestricted, uow: Any) -> bool:
    with uow:
        owner = uow.restrictions.restricted_owner(cmd.kind, cmd.record_id)
        if owner is None:
            return False
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="restricted_access" if cmd.may_see else "restricted_refused",
            target_type=cmd.kind.removesuffix("_id"),
            target_id=cmd.record_id,
            peer=cmd.peer,
            details={"subject_id": owner, "method": cmd.method, "path": cmd.path},
        )
        uow.commit()
        return not cmd.may_see


def _person(uow: Any, target: Target, record_id: str) -> tuple[str, str | None]:
    """The person (and case) the marking is about, as the user's scope sees it."""
    if target == "case":
        case = uow.cases.get("cases", record_id)
        if case is None:
            raise NotFound(f"case {record_id} does not exist")
        return str(case["subject_id"]), record_id
    if uow.registry.get("subjects", record_id) is None:
        raise NotFound(f"subject {record_id} does not exist")
    return record_id, None


def _answer(uow: Any, subject_id: str) -> dict[str, Any]:
    markings = uow.restrictions.active(subject_id)
    return {"subject_id": subject_id, "restricted": bool(markings), "markings": markings}


def mark(cmd: MarkRestricted, uow: Any) -> dict[str, Any]:
    note = (cmd.note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput(f"note is longer than {MAX_NOTE} characters")
    with uow:
        subject_id, case_id = _person(uow, cmd.target, cmd.record_id)
        if any(m["case_id"] == case_id for m in uow.restrictions.active(subject_id)):
            raise Conflict(f"{cmd.target} {cmd.record_id} is already restricted")
        uow.restrictions.mark(
            subject_id=subject_id,
            case_id=case_id,
            reason=cmd.reason.value,
            note=note,
            at=cmd.at,
            by=cmd.actor,
        )
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="restrict",
            target_type=cmd.target,
            target_id=cmd.record_id,
            details={"subject_id": subject_id, "reason": cmd.reason.value},
        )
        answer = _answer(uow, subject_id)
        uow.commit()
        return answer


def lift(cmd: LiftRestriction, uow: Any) -> dict[str, Any]:
    with uow:
        subject_id, case_id = _person(uow, cmd.target, cmd.record_id)
        lifted = uow.restrictions.lift(
            subject_id=subject_id, case_id=case_id, at=cmd.at, by=cmd.actor
        )
        if lifted == 0:
            raise Conflict(f"{cmd.target} {cmd.record_id} is not restricted")
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="unrestrict",
            target_type=cmd.target,
            target_id=cmd.record_id,
            details={"subject_id": subject_id},
        )
        answer = _answer(uow, subject_id)
        uow.commit()
        return answer


HANDLERS: dict[type[Command], Handler] = {
    GuardRestricted: guard,
    MarkRestricted: mark,
    LiftRestriction: lift,
    ReadRestriction: read,
}
