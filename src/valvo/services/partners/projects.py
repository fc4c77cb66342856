"""Project partnerships from application to end evaluation (S59–S66; P12).

received → (working group statement, S61) recommended → (decision under the rules of
procedure) decided → started in the portfolio (running; semi-annual reviews, S63) → closed with
an end evaluation (S65). The statement and the decision are separate records: the group
recommends or not; someone with decision power decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain.partners.fields import PartnerError, required_day, required_text
from valvo.domain.partners.projects import (
    Application,
    check_recommendation,
    eligibility_problems,
    read_decision,
    read_end_evaluation,
    read_recommendation,
    review_due,
)
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.partners.kinds import PROJECT
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import create, get, jsonable, set_managed
from valvo.services.registry import new_id

NEXT = {"recommend": "received", "decide": "recommended", "start": "decided", "close": "running"}


def application_of(row: Mapping[str, Any]) -> Application:
    return Application.read({k: row[k] for k in PROJECT.fields if k in row})


def submit(
    uow: PartnersUnitOfWork, actor: str, now: datetime, payload: Mapping[str, Any]
) -> dict[str, Any]:
    """S59: an application enters the working group's queue with its eligibility checked."""
    try:
        problems = list(eligibility_problems(Application.read(payload)))
    except (PartnerError, AttributeError):
        problems = []  # ``create`` refuses the input with the precise reason
    return create(
        uow,
        actor,
        now,
        PROJECT,
        payload,
        managed={"stage": "received", "eligibility": problems, "reviews": []},
        columns={"stage": "received"},
    )


def _step(uow: PartnersUnitOfWork, id: str, step: str) -> dict[str, Any]:
    row = get(uow, PROJECT, id)
    if row.get("stage") != NEXT[step]:
        raise Conflict(f"cannot {step} a project that is {row.get('stage')}")
    return row


def _done(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    id: str,
    action: str,
    values: Mapping[str, Any],
    stage: str,
) -> dict[str, Any]:
    row = set_managed(uow, PROJECT, id, now, {**values, "stage": stage}, columns={"stage": stage})
    uow.audit.record(
        at=now,
        actor=actor,
        action=action,
        target_type="partner_project",
        target_id=id,
        details={"stage": stage},
    )
    return row


def recommend(
    uow: PartnersUnitOfWork, actor: str, now: datetime, id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """S61: the working group's statement, notified to the applicant."""
    row = _step(uow, id, "recommend")
    try:
        recommendation = read_recommendation(data, now.date())
        check_recommendation(application_of(row), recommendation)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    return _done(
        uow,
        actor,
        now,
        id,
        "recommend",
        {"recommendation": jsonable(recommendation)},
        "recommended",
    )


def decide(
    uow: PartnersUnitOfWork, actor: str, now: datetime, id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The decision under the rules of procedure (L1969-1970), recorded apart from the group."""
    _step(uow, id, "decide")
    try:
        approved, decided_by, reference = read_decision(data)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    decision = {
        "approved": approved,
        "decided_by": decided_by,
        "reference": reference,
        "decided_on": now.date().isoformat(),
    }
    return _done(
        uow, actor, now, id, "decide", {"decision": decision}, "decided" if approved else "closed"
    )


def start(
    uow: PartnersUnitOfWork, actor: str, now: datetime, id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """S63: an approved project enters the portfolio with its unit's responsible person."""
    _step(uow, id, "start")
    try:
        started = required_day(data, "started_on")
        responsible = required_text(data, "responsible_person")
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    return _done(
        uow,
        actor,
        now,
        id,
        "start",
        {"started_on": started.isoformat(), "responsible_person": responsible},
        "running",
    )


def add_review(
    uow: PartnersUnitOfWork, actor: str, now: datetime, id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """S63: a semi-annual progress review of a running project."""
    row = get(uow, PROJECT, id)
    if row.get("stage") != "running":
        raise Conflict("only a running project is reviewed in the portfolio")
    try:
        reviewed = required_day(data, "reviewed_on")
        progress = required_text(data, "progress", 4000)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    review = {"id": new_id(), "reviewed_on": reviewed.isoformat(), "progress": progress}
    uow.partners.insert(
        "partner_project_reviews",
        {
            "id": review["id"],
            "project_id": id,
            "reviewed_on": reviewed,
            "data": review,
            "created_at": now,
            "updated_at": now,
        },
    )
    return _done(
        uow, actor, now, id, "review", {"reviews": [*row.get("reviews", []), review]}, "running"
    )


def close(
    uow: PartnersUnitOfWork, actor: str, now: datetime, id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """S65: closing records the evaluation of the outputs for wider use."""
    _step(uow, id, "close")
    try:
        evaluation = read_end_evaluation(data)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    return _done(
        uow,
        actor,
        now,
        id,
        "close",
        {"evaluation": evaluation, "closed_on": now.date().isoformat()},
        "closed",
    )


def next_review(row: Mapping[str, Any]) -> date | None:
    if row.get("stage") != "running" or not row.get("started_on"):
        return None
    return review_due(
        date.fromisoformat(row["started_on"]),
        [date.fromisoformat(r["reviewed_on"]) for r in row.get("reviews", [])],
    )
