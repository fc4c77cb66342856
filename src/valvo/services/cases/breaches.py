"""Breaches of a monitoring sentence and what follows (§14, §16, §17; R78–R89).

A breach case opens (from the alarm desk, a visit, a test, or a supervisor's report, R58);
the convict is heard; a minor breach gets a written warning (§14.1, R78, R79); a suspected
breach that cannot be cleared at once may interrupt enforcement provisionally for at most one
month (§14.2, R80); a §14.3 breach is referred with enforcement interrupted at the same moment
and no warning first (R81, R82); the prosecutor brings it to court (§16, R84) and the court
converts the unserved part into prison, 1:1 and at least 4 days (§17, R89), or lets the
sentence continue.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases.breach import (
    WARNING_TEXT,
    BreachKind,
    court_hearing,
    provisional_interruption_latest_end,
)
from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.sentence import Status
from valvo.domain.cases.serving import InterruptionReason
from valvo.services.cases.common import (
    SENTENCE,
    TRAVEL_BAN,
    cancel_tasks,
    close_tasks,
    day_start,
    instant_not_in_future,
    lawful,
    load_case,
    load_row,
    new_id,
    not_in_future,
    open_task,
    policy_of,
    record_decision,
    record_step,
    today,
)
from valvo.services.cases.sentence_state import load_sentence, save_sentence
from valvo.services.cases.sentences import end_enforcement
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

SOURCES = ("alarm", "supervisor", "assistant", "visit", "test")
_OPEN_SENTENCE = {Status.PLAN_CONFIRMED, Status.ENFORCING, Status.INTERRUPTED}
_OPEN_BAN = {"provisional", "in_force", "extended"}
SERIOUS = tuple(k.value for k in BreachKind if k is not BreachKind.MINOR)


def open_breach(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    occurred_at: datetime,
    source: str,
    description: str | None = None,
    alarm_id: str | None = None,
) -> dict[str, Any]:
    """R78, R58: a suspected breach of a §8 or §11 duty opens a breach case."""
    case = load_case(uow, case_id)
    if source not in SOURCES:
        raise InvalidInput(f"breach source must be one of {', '.join(SOURCES)}")
    instant_not_in_future(now, occurred_at, "occurred_at")
    open_states = _OPEN_BAN if case["type"] == TRAVEL_BAN else {s.value for s in _OPEN_SENTENCE}
    if case["status"] not in open_states:
        raise Conflict(f"wrong_state: a {case['status']} case takes no new breach")
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "kind": None,
        "occurred_at": occurred_at,
        "source": source,
        "alarm_id": alarm_id,
        "description": description,
        "status": "open",
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_breaches", row)
    record_step(
        uow,
        case,
        actor,
        now,
        "breach_opened",
        {"breach_id": row["id"], "source": source, "alarm_id": alarm_id},
    )
    return row


def open_from_alarm(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    alarm_id: str,
    subject_id: str,
    at: datetime,
    description: str | None = None,
) -> dict[str, Any] | None:
    """The alarm desk's ``breach_confirmed``: an operator resolved an alarm as a genuine breach.

    Opens the breach on the person's open case (the most recently changed one, sentence or
    ban); ``description`` carries the operator's note (an ``alarm_desk_events`` row gives the
    actor, alarm, subject, occurred_at and note). Idempotent on the alarm: a repeated record
    returns the breach already opened. Returns None when the person has no open case."""
    for existing in uow.cases.find("case_breaches", alarm_id=alarm_id):
        return existing
    candidates = [
        case
        for case in uow.cases.find("cases", subject_id=subject_id)
        if case["status"] in _OPEN_BAN | {s.value for s in _OPEN_SENTENCE}
    ]
    if not candidates:
        return None
    case = max(candidates, key=lambda c: c["updated_at"])
    return open_breach(
        uow,
        actor,
        now,
        case_id=case["id"],
        occurred_at=at,
        source="alarm",
        description=description or f"confirmed by the alarm desk (alarm {alarm_id})",
        alarm_id=alarm_id,
    )


def record_hearing(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    breach_id: str,
    heard_on: date,
    statement: str | None,
) -> dict[str, Any]:
    """§14.1, §16 (R78, R83): the convict is heard before a warning and in the report."""
    case = load_case(uow, case_id, SENTENCE)
    breach = load_row(uow, "case_breaches", breach_id, case_id, "breach")
    not_in_future(case, now, heard_on, "heard_on")
    if heard_on < today(case, breach["occurred_at"]):
        raise InvalidInput("heard_before_breach: the hearing follows the breach")
    values = {"heard_on": heard_on, "convict_statement": statement}
    if breach["status"] == "open":
        values["status"] = "heard"
    uow.cases.update("case_breaches", breach_id, values)
    record_step(uow, case, actor, now, "convict_heard", {"breach_id": breach_id, "on": heard_on})
    return {**breach, **values}


def warn(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, breach_id: str, on: date
) -> dict[str, Any]:
    """R78, R79 (§14.1): a written warning, only after the hearing, saying what ignoring it
    leads to."""
    case, before = load_sentence(uow, case_id)
    breach = _open_breach(uow, case_id, breach_id)
    not_in_future(case, now, on, "on")
    after = lawful(lambda: before.warn(on, convict_heard=breach["heard_on"] is not None))
    values = {
        "kind": BreachKind.MINOR.value,
        "status": "warned",
        "response": "written_warning",
        "responded_on": on,
        "warning_text": WARNING_TEXT,
    }
    uow.cases.update("case_breaches", breach_id, values)
    save_sentence(uow, case, before, after, actor, now)
    record_step(uow, case, actor, now, "written_warning", {"breach_id": breach_id, "on": on})
    return {**breach, **values}


def interrupt_provisionally(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, breach_id: str, start: date
) -> dict[str, Any]:
    """R80 (§14.2): while a suspected breach is cleared up, at most one month."""
    case, before = load_sentence(uow, case_id)
    _open_breach(uow, case_id, breach_id)
    not_in_future(case, now, start, "start")
    after = lawful(lambda: before.interrupt(InterruptionReason.PROVISIONAL, start))
    save_sentence(
        uow, case, before, after, actor, now, {len(before.interruptions): f"breach {breach_id}"}
    )
    latest = provisional_interruption_latest_end(start, policy_of(case))
    due = day_start(case, date.fromordinal(latest.toordinal() + 1))
    open_task(uow, case_id, DeadlineKind.PROVISIONAL_INTERRUPTION, due, now)
    record_step(
        uow,
        case,
        actor,
        now,
        "provisional_interruption",
        {"breach_id": breach_id, "start": start, "resume_by": latest},
        status=after.status.value,
    )
    return {**case, "status": after.status.value}


def refer(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    breach_id: str,
    kind: str,
    on: date,
) -> dict[str, Any]:
    """R81, R82 (§14.3): referral to court with enforcement interrupted at the same moment,
    and no warning first."""
    if kind not in SERIOUS:
        raise InvalidInput(
            f"not_a_serious_breach: {kind!r} is not a §14.3 breach ({', '.join(SERIOUS)}); a "
            "minor breach gets a written warning (§14.1, R78)"
        )
    case, before = load_sentence(uow, case_id)
    _open_breach(uow, case_id, breach_id)
    not_in_future(case, now, on, "on")
    if kind == BreachKind.WARNING_NOT_HEEDED.value and not before.warnings:
        raise InvalidInput("no_warning_given: a warning not heeded needs a warning (§14.3)")
    after = lawful(lambda: before.refer_to_court(BreachKind(kind), on))
    values = {
        "kind": kind,
        "status": "referred",
        "response": "court_referral",
        "responded_on": on,
    }
    uow.cases.update("case_breaches", breach_id, values)
    save_sentence(
        uow, case, before, after, actor, now, {len(after.interruptions) - 1: f"breach {breach_id}"}
    )
    close_tasks(uow, case_id, (DeadlineKind.PROVISIONAL_INTERRUPTION,), day_start(case, on))
    record_step(
        uow,
        case,
        actor,
        now,
        "court_referral",
        {"breach_id": breach_id, "kind": kind, "on": on},
        status=after.status.value,
    )
    return {**case, "status": after.status.value}


def clear(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, breach_id: str, note: str
) -> dict[str, Any]:
    """The suspicion was cleared: no breach. (Serving resumes with ``sentences.resume``.)"""
    case = load_case(uow, case_id)
    breach = _open_breach(uow, case_id, breach_id)
    if not note.strip():
        raise InvalidInput("note_missing: say why there was no breach")
    values = {"status": "closed", "response": "cleared", "responded_on": today(case, now)}
    uow.cases.update("case_breaches", breach_id, values)
    record_step(uow, case, actor, now, "breach_cleared", {"breach_id": breach_id, "note": note})
    return {**breach, **values}


def prosecutor_decides(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    breach_id: str,
    decided_at: datetime,
    bring_to_court: bool,
    court: str | None,
) -> dict[str, Any]:
    """§16 (R83, R84): on KHL's report, written after hearing the convict, the prosecutor
    brings the matter to the first-instance court or the court of the convict's district."""
    case = load_case(uow, case_id, SENTENCE)
    breach = load_row(uow, "case_breaches", breach_id, case_id, "breach")
    instant_not_in_future(now, decided_at, "decided_at")
    if breach["status"] != "referred":
        raise Conflict("wrong_state: the prosecutor decides on a breach referred to court (§16)")
    if breach["heard_on"] is None and not could_not_be_heard(uow, breach):
        raise Conflict("hearing_required: KHL's report follows the convict's hearing (§16, R83)")
    if bring_to_court and not (court or "").strip():
        raise InvalidInput("court_missing: name the court the matter is brought to (§16, R84)")
    return record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=breach_id,
        kind="prosecutor_to_court" if bring_to_court else "prosecutor_no_charges",
        decided_by="prosecutor",
        decided_at=decided_at,
        court=court,
    )


def court_decides(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    breach_id: str,
    decided_at: datetime,
    convert: bool,
    court: str,
    in_absence: bool,
    convict_heard: bool | None = None,
    convict_representative: str | None = None,
    khl_representative: str | None = None,
) -> dict[str, Any]:
    """§17 (R85, R89): conversion of the unserved part into prison (1 day = 1 day, at least 4),
    or the sentence continues (the time stopped then does not eat the year, R70). §16 (R85):
    who was heard — the convict in person, the convict's representative, KHL's representative
    — and whether it was decided in the convict's absence."""
    case, before = load_sentence(uow, case_id)
    instant_not_in_future(now, decided_at, "decided_at")
    hearing = lawful(
        lambda: court_hearing(
            in_absence=in_absence,
            convict_heard=convict_heard,
            convict_representative=convict_representative,
            khl_representative=khl_representative,
        )
    )
    brought = [
        d
        for d in uow.cases.find("case_decisions", case_id=case_id, breach_id=breach_id)
        if d["kind"] == "prosecutor_to_court"
    ]
    if not brought:
        raise Conflict("not_brought_to_court: the prosecutor brings the breach to court (§16)")
    on = today(case, decided_at)
    policy = policy_of(case)
    if convert:
        after = lawful(lambda: before.convert(on, policy))
    else:
        after = lawful(lambda: before.resume(on, policy, court_allowed_continuation=True))
    save_sentence(uow, case, before, after, actor, now)
    decision = record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=breach_id,
        kind="court_converts" if convert else "court_continues",
        decided_by="court",
        decided_at=decided_at,
        court=court,
        in_absence=in_absence,
        details=({"prison_days": after.prison_days} if convert else {}) | hearing,
        status=after.status.value,
    )
    uow.cases.update("case_breaches", breach_id, {"status": "closed"})
    if convert:
        cancel_tasks(uow, case_id, now)
        end_enforcement(uow, case, list(after.devices), now)
    return {**decision, "case_status": after.status.value, "prison_days": after.prison_days}


def could_not_be_heard(uow: UnitOfWork, breach: dict[str, Any]) -> bool:
    """§13, §16: a convict sought with a wanted notice who did not make contact by its set date
    cannot be heard; the matter may then be decided in his absence."""
    return any(
        n["breach_id"] == breach["id"] and n["status"] == "missed"
        for n in uow.cases.find("case_wanted_notices", case_id=breach["case_id"])
    )


def _open_breach(uow: UnitOfWork, case_id: str, breach_id: str) -> dict[str, Any]:
    breach = load_row(uow, "case_breaches", breach_id, case_id, "breach")
    if breach["status"] not in ("open", "heard"):
        raise Conflict(f"wrong_state: breach {breach_id} is already {breach['status']}")
    return breach
