"""Adjudicating a breach and the case's running totals (issue 15 item 4).

A supervisor decides each breach on a monitoring sentence — from the alarm desk's "resolve as
genuine breach", a visit, a test or a report — as counted, reasonable excuse or authorised
absence, with the reason. A change of mind is a new decision naming the one it replaces
(``case_breach_adjudications`` is never updated), so who decided what and why stays on the
case. The totals (``domain.cases.adjudication``) count every breach not excused, with its
violation time (the decider's minutes, or else how long the alarm's condition lasted) and
how far the count is from the policy's warning and referral thresholds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from valvo.domain.cases.adjudication import (
    Outcome,
    Violation,
    check_decision,
    lasted_minutes,
    totals,
)
from valvo.domain.cases.sentence import Status
from valvo.services.cases.common import (
    SENTENCE,
    choice,
    lawful,
    load_case,
    load_row,
    new_id,
    policy_of,
    record_step,
)
from valvo.services.errors import Conflict
from valvo.services.ports import UnitOfWork

OUTCOMES = tuple(o.value for o in Outcome)
OPEN_CASE = tuple(s.value for s in (Status.PLAN_CONFIRMED, Status.ENFORCING, Status.INTERRUPTED))
TABLE = "case_breach_adjudications"


def adjudicate(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    breach_id: str,
    outcome: str,
    reason: str | None = None,
    minutes: int | None = None,
) -> dict[str, Any]:
    """The supervisor's decision on a breach; a later one replaces it and both are kept."""
    case = load_case(uow, case_id, SENTENCE)
    breach = load_row(uow, "case_breaches", breach_id, case_id, "breach")
    decided = choice(Outcome, outcome, "outcome")
    if case["status"] not in OPEN_CASE:
        raise Conflict(f"wrong_state: a {case['status']} sentence takes no more decisions")
    if breach.get("response") == "cleared":
        raise Conflict(f"breach_cleared: breach {breach_id} was cleared: nothing to decide")
    if breach["status"] == "closed":
        raise Conflict(f"breach_decided: breach {breach_id} was decided by the court (§17)")
    if breach["status"] == "referred" and decided is not Outcome.COUNTED:
        raise Conflict(
            f"breach_referred: breach {breach_id} is before the court (§14.3, §16); the "
            "court, not the supervisor, decides whether it stands"
        )
    history = uow.cases.find(TABLE, breach_id=breach_id)
    previous = history[-1] if history else None
    text = lawful(
        lambda: check_decision(
            decided,
            reason,
            previous=None if previous is None else Outcome(previous["outcome"]),
            minutes=minutes,
        )
    )
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "breach_id": breach_id,
        "outcome": decided.value,
        "reason": text,
        "minutes": minutes,
        "decided_by": actor,
        "decided_at": now,
        "supersedes": None if previous is None else previous["id"],
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(TABLE, row)
    record_step(
        uow,
        case,
        actor,
        now,
        "breach_adjudicated" if previous is None else "breach_readjudicated",
        {
            "breach_id": breach_id,
            "outcome": decided.value,
            "previous": None if previous is None else previous["outcome"],
        },
    )
    return row


def _alarm_minutes(uow: UnitOfWork, alarm_id: str | None) -> int | None:
    """How long the alarm's condition lasted, once it ended (R42's self-clearing condition)."""
    if alarm_id is None:
        return None
    alarm = uow.alarms.get(alarm_id)
    if alarm is None:
        return None
    return lasted_minutes(alarm.occurred_at, alarm.condition_ended_at)


def annotate(
    uow: UnitOfWork, breaches: Sequence[dict[str, Any]], decisions: Iterable[Mapping[str, Any]]
) -> list[Violation]:
    """Give each breach its decision in force (``adjudication``), the earlier ones
    (``adjudications``, oldest first) and its violation time (``minutes``); the totals' view
    of each."""
    by_breach: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for decision in decisions:
        by_breach[str(decision["breach_id"])].append(dict(decision))
    violations: list[Violation] = []
    for breach in breaches:
        history = by_breach.get(breach["id"], [])
        current = history[-1] if history else None
        minutes = current["minutes"] if current and current["minutes"] is not None else None
        if minutes is None:
            minutes = _alarm_minutes(uow, breach.get("alarm_id"))
        breach["adjudication"] = current
        breach["adjudications"] = history
        breach["minutes"] = minutes
        violations.append(
            Violation(
                outcome=None if current is None else Outcome(current["outcome"]),
                minutes=minutes,
                cleared=breach.get("response") == "cleared",
            )
        )
    return violations


def case_totals(
    uow: UnitOfWork, case: Mapping[str, Any], breaches: Sequence[dict[str, Any]]
) -> dict[str, int]:
    """The running totals of one case (its ``breaches`` get their decisions on the way)."""
    violations = annotate(uow, breaches, uow.cases.find(TABLE, case_id=case["id"]))
    return totals(violations, policy_of(case)).as_dict()


def caseload_totals(uow: UnitOfWork, cases: Sequence[dict[str, Any]]) -> None:
    """The totals of each monitoring sentence of a caseload, as ``violation_totals`` on its row."""
    sentences = [c for c in cases if c["type"] == SENTENCE]
    ids = [c["id"] for c in sentences]
    breaches: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in uow.cases.find_in("case_breaches", "case_id", ids):
        breaches[row["case_id"]].append(row)
    decisions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in uow.cases.find_in(TABLE, "case_id", ids):
        decisions[row["case_id"]].append(row)
    for case in sentences:
        violations = annotate(uow, breaches[case["id"]], decisions[case["id"]])
        case["violation_totals"] = totals(violations, policy_of(case)).as_dict()


_DECIDABLE = ("open", "heard", "warned")


def actions(case: Mapping[str, Any], breaches: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The "adjudicate" step of each breach a supervisor may still decide, while the sentence
    is open: not a cleared one (no breach), nor one before the court or decided by it."""
    steps: list[dict[str, Any]] = []
    if case["status"] not in OPEN_CASE:
        return steps
    for breach in breaches:
        if breach["status"] not in _DECIDABLE:
            continue
        current = breach.get("adjudication")
        steps.append(
            {
                "action": "adjudicate",
                "by": "work",
                "breach_id": breach["id"],
                "outcome": None if current is None else current["outcome"],
            }
        )
    return steps
