"""Travel-cost claims of a monitoring sentence (§22; R96–R98): recorded on the case with the
fare basis, decided by the rule and paid at the cheapest public-transport fare."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases.travel_costs import DiscretionaryGround, TripPurpose, decide_claim
from valvo.services.cases.common import choice, lawful, new_id, not_in_future, record_step
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import InvalidInput
from valvo.services.ports import UnitOfWork


def claim(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    trip_on: date,
    purpose: str,
    route: str,
    fare_basis: str,
    cheapest_fare_cents: int,
    claimed_cents: int,
    ground: str | None = None,
    justification: str | None = None,
) -> dict[str, Any]:
    case, _ = load_sentence(uow, case_id)
    trip = choice(TripPurpose, purpose, "purpose")
    reason = None if ground is None else choice(DiscretionaryGround, ground, "ground")
    if not route.strip():
        raise InvalidInput("route_missing: say where from and to")
    not_in_future(case, now, trip_on, "trip_on")
    decision = lawful(
        lambda: decide_claim(
            trip,
            claimed_cents=claimed_cents,
            cheapest_fare_cents=cheapest_fare_cents,
            fare_basis=fare_basis,
            ground=reason,
            justification=justification,
        )
    )
    row = {
        "id": new_id(),
        "case_id": case_id,
        "trip_on": trip_on,
        "purpose": trip.value,
        "route": route.strip(),
        "fare_basis": fare_basis.strip(),
        "cheapest_fare_cents": cheapest_fare_cents,
        "claimed_cents": claimed_cents,
        "ground": None if reason is None else reason.value,
        "justification": (justification or "").strip() or None,
        "approved": decision.approved,
        "amount_cents": decision.amount_cents,
        "reason": decision.reason,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_travel_claims", row)
    shown = {"claim_id": row["id"], "approved": decision.approved}
    record_step(
        uow, case, actor, now, "travel_claim", shown | {"amount_cents": row["amount_cents"]}
    )
    return row
