"""Complaints against a court's travel-ban decision (PKL 2:17; R121, R142): filed on the
case's timeline, decided by the higher court as a recorded decision, always urgent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.complaints import (
    Complainant,
    ComplaintOutcome,
    check_filing,
    check_outcome,
)
from valvo.services.cases.ban_state import load_ban
from valvo.services.cases.common import (
    choice,
    instant_not_in_future,
    lawful,
    new_id,
    record_decision,
    record_step,
)
from valvo.services.errors import InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

FILED = "complaint_filed"
DECIDED = "complaint_decided"


def file_complaint(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    complainant: str,
    decision_id: str,
    grounds: str,
) -> dict[str, Any]:
    """R121: who complained, when, against which court decision and on what grounds; no time
    limit, and flagged urgent (PKL 2:17, R142)."""
    instant_not_in_future(now, at, "at")
    case, _ = load_ban(uow, case_id)
    who = choice(Complainant, complainant, "complainant")
    decision = uow.cases.get("case_decisions", decision_id)
    if decision is None or decision["case_id"] != case_id:
        raise InvalidInput(f"decision_unknown: no decision {decision_id!r} on this case")
    filed = lawful(lambda: check_filing(filed_at=at, decision=decision, grounds=grounds))
    details = {
        "complaint_id": new_id(),
        "complainant": who.value,
        "decision_id": decision_id,
        "decision_kind": decision["kind"],
        "filed_at": filed,
        "grounds": grounds.strip(),
        "urgent": True,
    }
    record_step(uow, case, actor, now, FILED, details)
    return case


def decide_complaint(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    complaint_id: str,
    at: datetime,
    outcome: str,
    court: str,
    reasoning: str | None = None,
) -> dict[str, Any]:
    """R121: the complaint's handling and outcome, by the higher court."""
    instant_not_in_future(now, at, "at")
    case, _ = load_ban(uow, case_id)
    if not court.strip():
        raise InvalidInput("court_missing: name the court that decided the complaint")
    result = choice(ComplaintOutcome, outcome, "outcome")
    complaint = next((c for c in complaints_of(uow, case_id) if c["id"] == complaint_id), None)
    if complaint is None:
        raise NotFound(f"no complaint {complaint_id!r} on this case")
    lawful(lambda: check_outcome(complaint, at))
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind=DECIDED,
        decided_by="court",
        decided_at=at,
        court=court.strip(),
        details={
            "complaint_id": complaint_id,
            "outcome": result.value,
            "reasoning": (reasoning or "").strip() or None,
        },
    )
    return case


def complaints_of(uow: UnitOfWork, case_id: str) -> list[dict[str, Any]]:
    """R121, R142: the case's complaints, each with its outcome once decided; urgent while
    pending."""
    outcomes = {
        d["details"]["complaint_id"]: d
        for d in uow.cases.find("case_decisions", case_id=case_id)
        if d["kind"] == DECIDED
    }
    rows: list[dict[str, Any]] = []
    for event in uow.cases.find("case_events", case_id=case_id):
        if event["kind"] != FILED:
            continue
        d = event["details"]
        decided = outcomes.get(d["complaint_id"])
        rows.append(
            {
                "id": d["complaint_id"],
                "complainant": d["complainant"],
                "decision_id": d["decision_id"],
                "decision_kind": d["decision_kind"],
                "filed_at": datetime.fromisoformat(d["filed_at"]),
                "grounds": d["grounds"],
                "urgent": bool(d["urgent"]),
                "outcome": None if decided is None else decided["details"]["outcome"],
                "decided_at": None if decided is None else decided["decided_at"],
                "court": None if decided is None else decided["court"],
                "reasoning": None if decided is None else decided["details"].get("reasoning"),
            }
        )
    return rows
