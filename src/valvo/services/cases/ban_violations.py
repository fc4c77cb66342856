"""Travel-ban violations, the police's response and warnings served with proof (PKL 2:18;
R114, R122, R123)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.violations import (
    PoliceResponse,
    ViolationCategory,
    check_response,
    check_service_proof,
)
from valvo.services.cases.ban_state import load_ban
from valvo.services.cases.common import (
    choice,
    instant_not_in_future,
    lawful,
    load_row,
    new_id,
    record_step,
)
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

_ACTIVE = ("provisional", "in_force", "extended")


def record_violation(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    category: str,
    occurred_at: datetime,
    minor: bool,
    response: str,
    decided_by: str,
    description: str | None = None,
    breach_id: str | None = None,
) -> dict[str, Any]:
    """R122: one of the five categories, and the response a police officer entitled to arrest
    decided: a warning for a minor violation, otherwise arrest, remand or enforcement."""
    case, ban = load_ban(uow, case_id)
    if case["status"] not in _ACTIVE:
        raise Conflict(f"wrong_state: the ban is {case['status']}")
    instant_not_in_future(now, occurred_at, "occurred_at")
    if occurred_at < ban.decided_at:
        raise InvalidInput("before_decision: the violation precedes the ban")
    if not decided_by.strip():
        raise InvalidInput("decider_missing: name the officer entitled to arrest (PKL 2:18)")
    kind = choice(ViolationCategory, category, "category")
    answer = choice(PoliceResponse, response, "response")
    warned = any(
        v["warning_served_at"] is not None
        for v in uow.cases.find("ban_violations", case_id=case_id)
    )
    lawful(lambda: check_response(kind, answer, minor=minor, warned_before=warned))
    alarm_id = None
    if breach_id is not None:
        breach = load_row(uow, "case_breaches", breach_id, case_id, "breach")
        if breach["status"] == "closed":
            raise Conflict(f"breach {breach_id} is already closed")
        alarm_id = breach["alarm_id"]
        uow.cases.update(
            "case_breaches",
            breach_id,
            {"status": "closed", "kind": kind.value, "response": answer.value},
        )
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "category": kind.value,
        "occurred_at": occurred_at,
        "description": description,
        "minor": minor,
        "response": answer.value,
        "decided_by": decided_by.strip(),
        "alarm_id": alarm_id,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("ban_violations", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "violation",
        {"violation_id": row["id"], "category": kind.value, "response": answer.value},
    )
    return row


def serve_warning(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    violation_id: str,
    served_at: datetime,
    served_by: str,
    proof: str,
) -> dict[str, Any]:
    """R123: a police officer serves the warning; the proof of service is kept."""
    case, _ = load_ban(uow, case_id)
    violation = load_row(uow, "ban_violations", violation_id, case_id, "violation")
    if violation["response"] != PoliceResponse.WARNING.value:
        raise Conflict("no_warning: this violation was not answered with a warning")
    if violation["warning_served_at"] is not None:
        raise Conflict("already_served: the warning was served already")
    instant_not_in_future(now, served_at, "served_at")
    if served_at < violation["occurred_at"]:
        raise InvalidInput("served_before_violation: a warning follows its violation")
    lawful(lambda: check_service_proof(served_by, proof))
    values = {
        "warning_served_at": served_at,
        "warning_served_by": served_by.strip(),
        "warning_proof": proof.strip(),
    }
    uow.cases.update("ban_violations", violation_id, values)
    record_step(
        uow, case, actor, now, "warning_served", {"violation_id": violation_id, "at": served_at}
    )
    return {**violation, **values}
