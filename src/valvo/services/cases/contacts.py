"""Supervision contacts (§10.3–10.4; R50, R52, R57) and the intoxication-observation form
(§11.2; R62).

A contact with the workplace, the activity place, a co-resident or a minor's guardian is
recorded with who, when, how and the outcome. An unannounced contact is KHL's own: the timeline
line says only that a contact was made, and no document shows it (R50, R51).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.services.cases.common import instant_not_in_future, load_row, new_id, record_step
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import InvalidInput
from valvo.services.ports import UnitOfWork

# R57: a minor's guardian, trustee or legal representative (the register, ``representatives``).
CONTACT_KINDS = (
    "workplace",
    "activity_place",
    "co_resident",
    "guardian",
    "trustee",
    "legal_representative",
)
CHANNELS = ("phone", "visit", "email", "letter")
OUTCOMES = ("confirmed", "not_confirmed", "no_answer", "concern")
OCCASIONS = ("visit", "supervision_event", "activity_event")  # §11.2
SIGNS = ("odour", "speech", "balance", "eyes", "behaviour", "admitted_use", "other")
TESTS_ORDERED = ("none", "breath", "urine", "saliva")  # §11.1


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return value


def record_contact(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    kind: str,
    channel: str,
    contacted_at: datetime,
    counterpart: str,
    announced: bool,
    outcome: str,
    notes: str | None = None,
) -> dict[str, Any]:
    case, _ = load_sentence(uow, case_id)
    _one_of(kind, CONTACT_KINDS, "kind")
    _one_of(channel, CHANNELS, "channel")
    _one_of(outcome, OUTCOMES, "outcome")
    if not counterpart.strip():
        raise InvalidInput("counterpart_missing: say who was contacted")
    instant_not_in_future(now, contacted_at, "contacted_at")
    row = {
        "id": new_id(),
        "case_id": case_id,
        "kind": kind,
        "channel": channel,
        "contacted_at": contacted_at,
        "counterpart": counterpart.strip(),
        "contacted_by": actor,
        "announced": announced,
        "outcome": outcome,
        "notes": (notes or "").strip() or None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_contacts", row)
    shown: dict[str, Any] = {"contact_id": row["id"]}
    if announced:  # R50, R51: an unannounced contact leaves no trace the person is shown
        shown |= {"kind": kind, "outcome": outcome}
    record_step(uow, case, actor, now, "contact_recorded", shown)
    return row


def record_intoxication(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    observed_at: datetime,
    occasion: str,
    place: str,
    observer: str,
    signs: list[str],
    description: str,
    test_ordered: str,
    convict_statement: str | None = None,
    visit_id: str | None = None,
) -> dict[str, Any]:
    """§11.2 (R62): apparent intoxication at a visit, another supervision event or an activity
    event is recorded on the form; a test may be ordered (§11.1)."""
    case, _ = load_sentence(uow, case_id)
    _one_of(occasion, OCCASIONS, "occasion")
    _one_of(test_ordered, TESTS_ORDERED, "test_ordered")
    for sign in signs:
        _one_of(sign, SIGNS, "signs")
    if not signs:
        raise InvalidInput("signs_missing: record the outward signs observed (§11.2, R62)")
    if not description.strip() or not observer.strip() or not place.strip():
        raise InvalidInput(
            "form_incomplete: the form records the observer, the place and what was observed "
            "(§11.2, R62)"
        )
    instant_not_in_future(now, observed_at, "observed_at")
    if visit_id is not None:
        load_row(uow, "case_visits", visit_id, case_id, "visit")
    row = {
        "id": new_id(),
        "case_id": case_id,
        "observed_at": observed_at,
        "occasion": occasion,
        "place": place.strip(),
        "observer": observer.strip(),
        "signs": list(dict.fromkeys(signs)),
        "description": description.strip(),
        "convict_statement": (convict_statement or "").strip() or None,
        "test_ordered": test_ordered,
        "visit_id": visit_id,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_intoxication_observations", row)
    record_step(
        uow, case, actor, now, "intoxication_observed",
        {"observation_id": row["id"], "test_ordered": test_ordered},
    )  # fmt: skip
    return row
