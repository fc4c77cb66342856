"""§21 (R54): KHL requests the police's executive assistance after a refused entry at a
supervision visit, and records the police's response."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.police_assistance import (
    AssistanceResponse,
    check_request,
    check_response,
)
from valvo.services.cases.common import (
    SENTENCE,
    choice,
    instant_not_in_future,
    lawful,
    load_case,
    load_row,
    new_id,
    record_step,
)
from valvo.services.errors import InvalidInput
from valvo.services.ports import UnitOfWork


def request(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    visit_id: str,
    requested_at: datetime,
    requested_by: str,
    police_unit: str,
    details: str | None = None,
) -> dict[str, Any]:
    case = load_case(uow, case_id, SENTENCE)
    instant_not_in_future(now, requested_at, "requested_at")
    if not requested_by.strip() or not police_unit.strip():
        raise InvalidInput("requested_by, police_unit: name the KHL official and the police unit")
    visit = load_row(uow, "case_visits", visit_id, case_id, "visit")
    lawful(
        lambda: check_request(
            entry_refused=bool(visit["entry_refused"]),
            visited_at=visit["visited_at"],
            at=requested_at,
        )
    )
    row = {
        "id": new_id(),
        "case_id": case_id,
        "visit_id": visit_id,
        "requested_at": requested_at,
        "requested_by": requested_by.strip(),
        "police_unit": police_unit.strip(),
        "request_details": details,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_police_assistance", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "police_assistance_requested",
        {"request_id": row["id"], "visit_id": visit_id, "police_unit": row["police_unit"]},
    )
    return row


def respond(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    request_id: str,
    responded_at: datetime,
    response: str,
    entry_gained: bool,
    details: str,
    officer: str | None = None,
) -> dict[str, Any]:
    case = load_case(uow, case_id, SENTENCE)
    instant_not_in_future(now, responded_at, "responded_at")
    answer = choice(AssistanceResponse, response, "response")
    row = load_row(uow, "case_police_assistance", request_id, case_id, "police assistance")
    lawful(
        lambda: check_response(
            requested_at=row["requested_at"],
            responded_at=row["responded_at"],
            at=responded_at,
            response=answer,
            entry_gained=entry_gained,
            details=details,
        )
    )
    values = {
        "responded_at": responded_at,
        "response": answer.value,
        "entry_gained": entry_gained,
        "response_details": details.strip(),
        "responded_officer": officer,
    }
    uow.cases.update("case_police_assistance", request_id, values)
    record_step(
        uow,
        case,
        actor,
        now,
        "police_assistance_response",
        {"request_id": request_id, "response": answer.value, "entry_gained": entry_gained},
    )
    return {**row, **values}
