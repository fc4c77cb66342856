"""The abode of a monitoring sentence as a typed record (§2, §4; 7.1.2; R29): a private
dwelling or a placement institution with its contact. Recorded from the report on (the report
assesses the dwelling, §4) until the sentence ends; each record replaces the one before from
its ``valid_from`` day, and the newest is the abode the plan and the supervisor work from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases.abode import AbodeKind, check_abode
from valvo.domain.cases.sentence import Status
from valvo.services.cases.common import choice, lawful, new_id, record_step, today
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

_ENDED = (Status.COMPLETED, Status.CONVERTED)


def record_abode(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    kind: str,
    address: str,
    valid_from: date | None = None,
    institution_name: str | None = None,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    contact_email: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    case, sentence = load_sentence(uow, case_id)
    if sentence.status in _ENDED:
        raise Conflict(f"wrong_state: the sentence has ended ({sentence.status.value})")
    abode = lawful(
        lambda: check_abode(
            choice(AbodeKind, kind, "kind"),
            address,
            institution_name=institution_name,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
        )
    )
    day = valid_from or today(case, now)
    earlier = uow.cases.find("case_abodes", case_id=case_id)
    if earlier and day < earlier[-1]["valid_from"]:
        raise InvalidInput(
            f"valid_from_before_current: the abode in force is valid from "
            f"{earlier[-1]['valid_from'].isoformat()}; a new one starts on or after it"
        )
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "seq": uow.cases.next_number("case_abodes", "seq", case_id),
        "kind": abode.kind.value,
        "address": abode.address,
        "institution_name": abode.institution_name,
        "contact_name": abode.contact_name,
        "contact_phone": abode.contact_phone,
        "contact_email": abode.contact_email,
        "valid_from": day,
        "notes": (notes or "").strip() or None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_abodes", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "abode_recorded",
        {"abode_id": row["id"], "kind": abode.kind.value, "valid_from": day},
    )
    return row
