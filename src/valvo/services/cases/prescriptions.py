"""Prescription entitlements (§11.3; R65): the medicines the convict may take, each valid for a
period; the laboratory's positive result for a medicine a valid prescription covers on the day
of the sample is not a breach."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases.substance import Prescription, check_prescription, entitling
from valvo.services.cases.common import SENTENCE, lawful, load_case, new_id, record_step
from valvo.services.ports import UnitOfWork


def add_prescription(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    substance: str,
    valid_from: date,
    valid_until: date | None = None,
    prescribed_by: str | None = None,
    document: str | None = None,
) -> dict[str, Any]:
    case = load_case(uow, case_id, SENTENCE)
    prescription = lawful(lambda: check_prescription(substance, valid_from, valid_until))
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "substance": prescription.substance,
        "prescribed_by": (prescribed_by or "").strip() or None,
        "valid_from": prescription.valid_from,
        "valid_until": prescription.valid_until,
        "document": (document or "").strip() or None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_prescriptions", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "prescription_recorded",
        {"prescription_id": row["id"], "substance": prescription.substance},
    )
    return row


def entitling_prescription(
    uow: UnitOfWork, case_id: str, substance: str | None, on: date
) -> str | None:
    """The id of the case's prescription that covers ``substance`` on ``on``, if any."""
    rows = uow.cases.find("case_prescriptions", case_id=case_id)
    held = [
        (str(r["id"]), Prescription(r["substance"], r["valid_from"], r["valid_until"]))
        for r in rows
    ]
    return entitling(held, substance, on)
