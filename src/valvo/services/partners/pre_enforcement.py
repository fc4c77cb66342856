"""S43's use cases: a step of the fine-defaulter / short-term pre-enforcement case taken,
skipped or started, and the case closed with its outcome; and the case as the network section
shows it (its steps in order, its participants' registry names, the next step). The case
itself is the ``pre-enforcement-cases`` record kind (``kinds_network.PRE_ENFORCEMENT``); each
change here is region-scoped by the unit of work (another region's case is not found) and
audited in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain.network import pre_enforcement as rules
from valvo.domain.partners.fields import PartnerError
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.partners import records
from valvo.services.partners.kinds_network import PRE_ENFORCEMENT
from valvo.services.partners.ports import PartnersUnitOfWork

TARGET = "network_pre_enforcement"


def _opened_on(row: Mapping[str, Any]) -> date:
    value = row["opened_on"]
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def take_step(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    case_id: str,
    step: str,
    body: Mapping[str, Any],
) -> dict[str, Any]:
    """Start, finish or skip ``step`` (in order; a skip needs its reason)."""
    row = records.get(uow, PRE_ENFORCEMENT, case_id)
    if not isinstance(body, Mapping):
        raise InvalidInput("a step is a JSON object {status, on, who, note, skip_reason}")
    try:
        steps = rules.advance(
            row.get("steps"), step, body, _opened_on(row), row.get("status") == "closed"
        )
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    except rules.StepRefused as exc:
        raise Conflict(str(exc)) from None
    records.set_managed(uow, PRE_ENFORCEMENT, case_id, now, {"steps": steps})
    uow.audit.record(
        at=now,
        actor=actor,
        action="pre_enforcement_step",
        target_type=TARGET,
        target_id=case_id,
        details={"subject_id": row["subject_id"], "step": step, "status": body.get("status")},
    )
    return shown(uow, records.get(uow, PRE_ENFORCEMENT, case_id))


def close(
    uow: PartnersUnitOfWork, actor: str, now: datetime, case_id: str, body: Mapping[str, Any]
) -> dict[str, Any]:
    """Close the case with its outcome."""
    row = records.get(uow, PRE_ENFORCEMENT, case_id)
    if not isinstance(body, Mapping):
        raise InvalidInput("a closing is a JSON object {outcome, closed_on, note}")
    try:
        closing = rules.close(body, _opened_on(row), row.get("status") == "closed")
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    except rules.StepRefused as exc:
        raise Conflict(str(exc)) from None
    records.set_managed(
        uow,
        PRE_ENFORCEMENT,
        case_id,
        now,
        {
            "status": "closed",
            "outcome": closing.outcome,
            "closed_on": closing.closed_on,
            "closing_note": closing.note,
        },
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="pre_enforcement_close",
        target_type=TARGET,
        target_id=case_id,
        details={"subject_id": row["subject_id"], "outcome": closing.outcome},
    )
    return shown(uow, records.get(uow, PRE_ENFORCEMENT, case_id))


def shown(uow: PartnersUnitOfWork, row: Mapping[str, Any]) -> dict[str, Any]:
    """The case as the console shows it: status, steps in order with owners, the next step,
    participants with their registry names, the participation request it came from."""
    out = records.jsonable(dict(row))
    out["status"] = row.get("status", "open")
    out["steps"] = rules.steps_of(row.get("steps"))
    out["next_step"] = None if out["status"] == "closed" else rules.next_step(row.get("steps"))
    for p in out.get("participants") or []:
        if p.get("partner_id"):
            partner = uow.partners.get("partner_organisations", p["partner_id"])
            p["partner_name"] = partner["name"] if partner else p["partner_id"]
    request_id = row.get("participation_request_id")
    if request_id:
        request = uow.partners.get("network_requests", request_id)
        out["participation_request"] = (
            None
            if request is None
            else {
                "id": request_id,
                "requester": request.get("requester"),
                "organisation": request.get("organisation"),
                "received_on": records.jsonable(request.get("received_on")),
            }
        )
    shown_row: dict[str, Any] = out
    return shown_row
