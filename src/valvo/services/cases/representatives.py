"""The register of co-residents and a minor's guardian, trustee or legal representative, each
with a way to reach them (§10.4; R57). Contacts with them are logged by ``contacts``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.representatives import (
    RepresentativeRole,
    check_representative,
    guardian_missing,
)
from valvo.services.cases.common import (
    SENTENCE,
    choice,
    lawful,
    load_case,
    new_id,
    policy_of,
    record_step,
    today,
)
from valvo.services.ports import UnitOfWork


def add_representative(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    kind: str,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    case = load_case(uow, case_id, SENTENCE)
    relation = choice(RepresentativeRole, kind, "kind")
    person = lawful(
        lambda: check_representative(relation, name, phone=phone, email=email, address=address)
    )
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "kind": person.role.value,
        "name": person.name,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "notes": (notes or "").strip() or None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_representatives", row)
    record_step(
        uow, case, actor, now, "representative_added", {"person_id": row["id"], "kind": kind}
    )
    return row


def register(uow: UnitOfWork, case: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The case view's register and whether a minor's representative is missing (R57)."""
    people = uow.cases.find("case_representatives", case_id=case["id"])
    subject = uow.registry.get("subjects", case["subject_id"]) or {}
    roles = {RepresentativeRole(p["kind"]) for p in people}
    missing = guardian_missing(
        subject.get("birth_date"), today(case, now), policy_of(case).adult_age, roles
    )
    return {"representatives": people, "guardian_missing": missing}
