"""Orders to attend a place for a urine sample (§11.1; R61): a prison, KHL's regional office,
a health centre or a substance-abuse care unit, on a set day; the attendance or non-attendance
is recorded, and not coming opens a breach (§8.7: submitting to sobriety monitoring)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases.sentence import Status
from valvo.domain.cases.substance import SamplePlace, check_sample_order
from valvo.services.cases import breaches
from valvo.services.cases.common import (
    choice,
    day_start,
    lawful,
    load_row,
    new_id,
    record_step,
    today,
)
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

_SERVING = (Status.ENFORCING, Status.INTERRUPTED)


def order_sample(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    place_kind: str,
    place_name: str,
    attend_on: date,
) -> dict[str, Any]:
    case, sentence = load_sentence(uow, case_id)
    if sentence.status not in _SERVING:
        raise Conflict(f"wrong_state: samples are ordered while serving, not {sentence.status}")
    place = choice(SamplePlace, place_kind, "place_kind")
    name = lawful(lambda: check_sample_order(place_name, today(case, now), attend_on))
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "place_kind": place.value,
        "place_name": name,
        "attend_on": attend_on,
        "attended": None,
        "recorded_at": None,
        "breach_id": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_sample_orders", row)
    record_step(
        uow, case, actor, now, "sample_ordered", {"order_id": row["id"], "place_kind": place.value}
    )
    return row


def record_attendance(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, order_id: str, attended: bool
) -> dict[str, Any]:
    case, _ = load_sentence(uow, case_id)
    order = load_row(uow, "case_sample_orders", order_id, case_id, "sample order")
    if order["attended"] is not None:
        raise Conflict(f"attendance_recorded: order {order_id} already has its attendance")
    if not attended and today(case, now) <= order["attend_on"]:
        raise InvalidInput(
            f"not_yet_missed: the day to attend ({order['attend_on'].isoformat()}) has not passed"
        )
    values: dict[str, Any] = {"attended": attended, "recorded_at": now}
    if not attended:  # §8.7: not submitting to sobriety monitoring is a breach (R78)
        breach = breaches.open_breach(
            uow,
            actor,
            now,
            case_id=case_id,
            occurred_at=min(now, day_start(case, order["attend_on"])),
            source="supervisor",
            description=f"did not attend for a urine sample: {order['place_name']}",
        )
        values["breach_id"] = breach["id"]
    uow.cases.update("case_sample_orders", order_id, values)
    record_step(
        uow, case, actor, now, "sample_attendance", {"order_id": order_id, "attended": attended}
    )
    return {**order, **values}
