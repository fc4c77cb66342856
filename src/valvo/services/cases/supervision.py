"""Supervision of a monitoring sentence (§9–§11): one supervisor who is a KHL official and
assistants with their fees (R55, R56); unannounced visits whose schedule the convict never
sees (R51–R54); substance tests with laboratory confirmation that interrupts enforcement until
the result (R60–R65)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from valvo.domain.cases.breach import BreachKind
from valvo.domain.cases.sentence import Status
from valvo.domain.cases.serving import InterruptionReason
from valvo.domain.cases.substance import (
    Consequence,
    TestKind,
    TestResult,
    confirmation_consequence,
    consequence,
)
from valvo.domain.cases.visits import MANUAL_KINDS, VisitKind
from valvo.services.cases import breaches
from valvo.services.cases.common import (
    SENTENCE,
    choice,
    instant_not_in_future,
    lawful,
    load_case,
    load_row,
    new_id,
    record_step,
    today,
)
from valvo.services.cases.prescriptions import entitling_prescription
from valvo.services.cases.sentence_state import load_sentence, save_sentence
from valvo.services.cases.sentences import resume
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

SUPERVISOR_KINDS = ("official", "assistant")
VISIT_KINDS = tuple(MANUAL_KINDS)  # a key-fob visit only a home unit reports (R39)
MAX_TRAVEL_KM = 2000  # R137: a visit's drive, there and back
MAX_TRAVEL_MINUTES = 24 * 60


def create_supervisor(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    name: str,
    kind: str,
    region: str,
    username: str | None = None,
    qualification: str | None = None,
    consented: bool = False,
    contract: str | None = None,
    fee_per_visit_cents: int | None = None,
) -> dict[str, Any]:
    """R55: a supervisor is a KHL official; an assistant consents, is qualified, and works
    under a contract with a fee from state funds (§9; R56)."""
    if kind not in SUPERVISOR_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(SUPERVISOR_KINDS)}")
    if not name.strip() or not region.strip():
        raise InvalidInput("name and region must not be empty")
    if kind == "assistant":
        missing = [
            label
            for label, value in (
                ("consent", consented),
                ("qualification", (qualification or "").strip()),
                ("contract", (contract or "").strip()),
                ("fee", fee_per_visit_cents is not None),
            )
            if not value
        ]
        if missing:
            raise InvalidInput(f"assistant_incomplete: {', '.join(missing)} missing (§9, R55)")
    if fee_per_visit_cents is not None and fee_per_visit_cents < 0:
        raise InvalidInput("fee_negative: a fee cannot be negative")
    row: dict[str, Any] = {
        "id": new_id(),
        "name": name.strip(),
        "kind": kind,
        "username": username,
        "region": region.strip(),
        "qualification": qualification,
        "consented": consented,
        "contract": contract,
        "fee_per_visit_cents": fee_per_visit_cents,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("supervisors", row)
    uow.audit.record(
        at=now, actor=actor, action="create", target_type="supervisor", target_id=row["id"]
    )
    return row


def assign(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, supervisor_id: str
) -> dict[str, Any]:
    """R55: exactly one supervisor (a new one replaces the last); any number of assistants."""
    case = load_case(uow, case_id, SENTENCE)
    person = uow.cases.get("supervisors", supervisor_id)
    if person is None:
        raise NotFound(f"supervisor {supervisor_id} does not exist")
    role = "supervisor" if person["kind"] == "official" else "assistant"
    current = [
        link
        for link in uow.cases.find("case_supervision", case_id=case_id)
        if link["ended_at"] is None
    ]
    if any(link["supervisor_id"] == supervisor_id for link in current):
        raise Conflict(f"{person['name']} already supervises this case")
    if role == "supervisor":
        for old in current:
            if old["role"] == "supervisor":
                uow.cases.update("case_supervision", old["id"], {"ended_at": now})
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "supervisor_id": supervisor_id,
        "role": role,
        "assigned_at": now,
        "ended_at": None,
    }
    uow.cases.insert("case_supervision", row)
    record_step(uow, case, actor, now, f"{role}_assigned", {"name": person["name"]})
    return row


def plan_visit(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    kind: str,
    planned_at: datetime,
    visitor_id: str | None = None,
) -> dict[str, Any]:
    """R51: an unannounced visit; its time is KHL's alone and never shown to the convict."""
    case = load_case(uow, case_id, SENTENCE)
    if kind not in VISIT_KINDS:
        raise InvalidInput(f"visit kind must be one of {', '.join(VISIT_KINDS)}")
    _visitor(uow, visitor_id)
    row = _visit_row(case_id, kind, actor, now, visitor_id) | {"planned_at": planned_at}
    uow.cases.insert("case_visits", row)
    # The timeline names no time: the plan of visits stays with KHL (R51).
    record_step(uow, case, actor, now, "visit_planned", {"visit_id": row["id"], "kind": kind})
    return row


def record_visit(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    visit_id: str | None,
    kind: str,
    visited_at: datetime,
    visitor_id: str | None,
    present: bool | None,
    sober: bool | None,
    entry_refused: bool = False,
    police_assistance: str | None = None,
    intoxication_observations: str | None = None,
    notes: str | None = None,
    travel_km: float | None = None,
    travel_minutes: int | None = None,
    reported: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """R51–R54, R62, R137 (the distance driven and the travel time): the outcome; absence,
    apparent intoxication (recorded on the §11.2 form) or a refused entry (§8.6; police
    assistance §21) opens a breach case (R78). ``reported``: what a device said of the visit
    (its ``device_id``, the officer's ``fob``; R39, R40), which alone may record a key-fob
    visit."""
    case = load_case(uow, case_id, SENTENCE)
    instant_not_in_future(now, visited_at, "visited_at")
    if kind not in VISIT_KINDS and not (reported and kind in tuple(VisitKind)):
        raise InvalidInput(f"visit kind must be one of {', '.join(VISIT_KINDS)}")
    _visitor(uow, visitor_id)
    if sober is False and not (intoxication_observations or "").strip():
        raise InvalidInput(
            "intoxication_form_missing: apparent intoxication is recorded on the confirmed "
            "observation form (§11.2, R62)"
        )
    if travel_km is not None and not 0 <= travel_km <= MAX_TRAVEL_KM:
        raise InvalidInput(f"travel_km must be between 0 and {MAX_TRAVEL_KM}")
    if travel_minutes is not None and not 0 <= travel_minutes <= MAX_TRAVEL_MINUTES:
        raise InvalidInput(f"travel_minutes must be between 0 and {MAX_TRAVEL_MINUTES}")
    values = {
        "kind": kind,
        "visited_at": visited_at,
        "travel_km": travel_km,
        "travel_minutes": travel_minutes,
        "visitor_id": visitor_id,
        "present": present,
        "sober": sober,
        "entry_refused": entry_refused,
        "police_assistance": police_assistance,
        "intoxication_observations": intoxication_observations,
        "notes": notes,
        **(reported or {}),
    }
    if visit_id is not None:
        visit = load_row(uow, "case_visits", visit_id, case_id, "visit")
        if visit["visited_at"] is not None:
            raise Conflict(f"visit {visit_id} is already recorded")
        uow.cases.update("case_visits", visit_id, values)
        row = {**visit, **values}
    else:
        row = _visit_row(case_id, kind, actor, now, visitor_id) | values
        uow.cases.insert("case_visits", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "visit_recorded",
        {"visit_id": row["id"], "kind": kind, "present": present, "sober": sober},
    )
    problems = [
        text
        for flag, text in (
            (present is False, "absent at the visit"),
            (sober is False, "apparently intoxicated at the visit"),
            (entry_refused, "refused entry (§8.6)"),
        )
        if flag
    ]
    if problems and case["status"] in (Status.ENFORCING.value, Status.INTERRUPTED.value):
        breach = breaches.open_breach(
            uow,
            actor,
            now,
            case_id=case_id,
            occurred_at=visited_at,
            source="visit",
            description="; ".join(problems),
        )
        row["breach_id"] = breach["id"]
    return row


def record_test(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    kind: str,
    taken_at: datetime,
    location: str | None,
    tester: str,
    result: str,
    substance: str | None = None,
    justified_suspicion: bool = False,
) -> dict[str, Any]:
    """R60–R64: alcohol in a breath test refers at once; a positive (or suspicious negative)
    quick test goes to the laboratory and enforcement is interrupted until the result."""
    case, before = load_sentence(uow, case_id)
    instant_not_in_future(now, taken_at, "taken_at")
    test_kind, test_result = choice(TestKind, kind, "kind"), choice(TestResult, result, "result")
    if not tester.strip():
        raise InvalidInput("tester_missing: name who took the test (R60)")
    effect = consequence(test_kind, test_result, justified_suspicion=justified_suspicion)
    entitled = None
    if test_kind is TestKind.SWEAT_PATCH and test_result is TestResult.POSITIVE:
        # R67, R65: a patch's result is the laboratory's; a medicine the convict is entitled
        # to on the day the patch came off is no breach, as for any laboratory result.
        sampled_on = today(case, taken_at)
        entitled = entitling_prescription(uow, case_id, substance, sampled_on) is not None
        effect = confirmation_consequence(test_result, entitled_medicine=entitled)
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "kind": test_kind.value,
        "taken_at": taken_at,
        "location": location,
        "tester": tester,
        "result": test_result.value,
        "substance": substance,
        "justified_suspicion": justified_suspicion,
        "consequence": effect.value,
        "lab_requested_at": now if effect is Consequence.LAB_CONFIRMATION else None,
        "entitled_medicine": entitled,
        "created_at": now,
        "created_by": actor,
    }
    if effect is Consequence.LAB_CONFIRMATION:
        on = today(case, taken_at)
        after = lawful(lambda: before.interrupt(InterruptionReason.LAB_CONFIRMATION, on))
        save_sentence(uow, case, before, after, actor, now, {len(before.interruptions): "test"})
        uow.cases.insert("case_substance_tests", row)
        record_step(
            uow,
            case,
            actor,
            now,
            "lab_confirmation_requested",
            {"test_id": row["id"], "kind": test_kind.value, "from": on},
            status=after.status.value,
        )
        return row
    uow.cases.insert("case_substance_tests", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "substance_test",
        {"test_id": row["id"], "kind": test_kind.value, "result": test_result.value},
    )
    if effect is Consequence.COURT_REFERRAL or test_result is TestResult.REFUSED:
        _breach_from_test(uow, actor, now, case_id, row, refer=effect is Consequence.COURT_REFERRAL)
    return row


def record_lab_result(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    test_id: str,
    result: str,
    at: datetime,
    entitled_medicine: bool = False,
    substance: str | None = None,
) -> dict[str, Any]:
    """R64, R65: a negative result resumes serving; a narcotic, or a medicine the convict is not
    entitled to, is a §14.3 referral. The substance the laboratory found is checked against the
    stored prescriptions on the day of the sample: one a valid prescription covers is no
    breach."""
    case, before = load_sentence(uow, case_id)
    test = load_row(uow, "case_substance_tests", test_id, case_id, "substance test")
    instant_not_in_future(now, at, "at")
    if test["lab_requested_at"] is None or test["lab_result"] is not None:
        raise Conflict(f"test {test_id} awaits no laboratory result")
    lab = choice(TestResult, result, "result")
    if lab is TestResult.REFUSED:
        raise InvalidInput("a laboratory result is positive or negative")
    found = (substance or "").strip() or test["substance"]
    prescription = None
    if lab is TestResult.POSITIVE:
        sampled_on = today(case, test["taken_at"])
        prescription = entitling_prescription(uow, case_id, found, sampled_on)  # R65
    entitled = entitled_medicine or prescription is not None
    effect = confirmation_consequence(lab, entitled_medicine=entitled)
    values = {
        "lab_result": lab.value,
        "lab_result_at": at,
        "entitled_medicine": entitled,
        "substance": found,
    }
    uow.cases.update("case_substance_tests", test_id, values)
    row = {**test, **values}
    details = {"test_id": test_id, "result": lab.value, "prescription_id": prescription}
    record_step(uow, case, actor, now, "lab_result", details)
    if effect is Consequence.COURT_REFERRAL:
        _breach_from_test(uow, actor, now, case_id, row, refer=True)
    elif before.status is Status.INTERRUPTED and (
        before.interruptions[-1].reason is InterruptionReason.LAB_CONFIRMATION
    ):
        resume(uow, actor, now, case_id=case_id, on=today(case, at))
    return row


def _breach_from_test(
    uow: UnitOfWork, actor: str, now: datetime, case_id: str, test: dict[str, Any], refer: bool
) -> None:
    description = f"{test['kind']} test {test['result']}"
    breach = breaches.open_breach(
        uow,
        actor,
        now,
        case_id=case_id,
        occurred_at=test["taken_at"],
        source="test",
        description=description,
    )
    uow.cases.update("case_substance_tests", test["id"], {"breach_id": breach["id"]})
    if refer:
        case = load_case(uow, case_id)
        breaches.refer(
            uow,
            actor,
            now,
            case_id=case_id,
            breach_id=breach["id"],
            kind=BreachKind.INTOXICATION.value,
            on=today(case, now),
        )


def _visit_row(
    case_id: str, kind: str, actor: str, now: datetime, visitor_id: str | None
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "case_id": case_id,
        "kind": kind,
        "planned_at": None,
        "visited_at": None,
        "visitor_id": visitor_id,
        "entry_refused": False,
        "created_at": now,
        "created_by": actor,
    }


def _visitor(uow: UnitOfWork, visitor_id: str | None) -> None:
    if visitor_id is not None and uow.cases.get("supervisors", visitor_id) is None:
        raise NotFound(f"supervisor {visitor_id} does not exist")
