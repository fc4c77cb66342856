"""The wanted notice (§13; R88): KHL cannot find the person; RSV issues the notice with the set
date for contacting the enforcement officer; he makes contact in time, or conversion
proceedings begin (a §14.3 referral with enforcement interrupted, R81)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases import wanted as law
from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.sentence import Status
from valvo.domain.cases.serving import InterruptionReason
from valvo.services.cases import breaches
from valvo.services.cases.common import (
    close_tasks,
    day_start,
    lawful,
    load_row,
    new_id,
    not_in_future,
    open_task,
    policy_of,
    record_step,
    today,
)
from valvo.services.cases.sentence_state import load_sentence, save_sentence
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

_WANTED_STATES = {Status.SENTENCED, Status.PLAN_CONFIRMED, Status.ENFORCING, Status.INTERRUPTED}


def _notice(row: dict[str, Any]) -> law.WantedNotice:
    return law.WantedNotice(
        row["not_found_since"],
        row["search_steps"],
        row["issued_on"],
        row["contact_by"],
        row["contacted_on"],
    )


def issue(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    not_found_since: date,
    search_steps: str,
    issued_on: date,
    issued_by: str,
    contact_by: date,
) -> dict[str, Any]:
    """§13: on KHL's request RSV issues the notice; serving stops while he is sought (R71)."""
    case, before = load_sentence(uow, case_id)
    if before.status not in _WANTED_STATES:
        raise Conflict(f"wrong_state: a {before.status} sentence has no one to seek (§13)")
    if not issued_by.strip():
        raise InvalidInput("issued_by_missing: name the RSV official who issued the notice (§13)")
    not_in_future(case, now, issued_on, "issued_on")
    in_force = [
        n
        for n in uow.cases.find("case_wanted_notices", case_id=case_id)
        if n["status"] == "in_force"
    ]
    notice = lawful(
        lambda: law.issue(
            not_found_since=not_found_since,
            search_steps=search_steps,
            issued_on=issued_on,
            contact_by=contact_by,
            already_wanted=bool(in_force),
        )
    )
    after = before
    if before.status is Status.ENFORCING:
        start = max(not_found_since, before.serving_start or not_found_since)
        after = lawful(lambda: before.interrupt(InterruptionReason.WANTED, start))
        save_sentence(uow, case, before, after, actor, now, {len(before.interruptions): "§13"})
    row = {
        "id": new_id(),
        "case_id": case_id,
        "not_found_since": notice.not_found_since,
        "search_steps": notice.search_steps,
        "issued_on": notice.issued_on,
        "issued_by": issued_by.strip(),
        "contact_by": notice.contact_by,
        "contacted_on": None,
        "status": "in_force",
        "breach_id": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_wanted_notices", row)
    due = day_start(case, date.fromordinal(contact_by.toordinal() + 1))
    open_task(uow, case_id, DeadlineKind.WANTED_CONTACT, due, now)
    record_step(
        uow,
        case,
        actor,
        now,
        "wanted_notice",
        {"notice_id": row["id"], "contact_by": contact_by, "issued_by": row["issued_by"]},
        status=after.status.value,
    )
    return row


def contacted(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, notice_id: str, on: date
) -> dict[str, Any]:
    """He contacted the enforcement officer by the set date: the notice ends and serving goes
    on (the days he was sought stay unserved and count against the year, §7.3)."""
    case, before = load_sentence(uow, case_id)
    row = load_row(uow, "case_wanted_notices", notice_id, case_id, "wanted notice")
    if row["status"] != "in_force":
        raise Conflict(f"wrong_state: the notice is {row['status']}")
    not_in_future(case, now, on, "on")
    lawful(lambda: _notice(row).contact(on))
    after = before
    current = before.interruptions[-1] if before.interruptions else None
    if (
        before.status is Status.INTERRUPTED
        and current
        and current.reason is InterruptionReason.WANTED
    ):
        after = lawful(lambda: before.resume(on, policy_of(case)))
        save_sentence(uow, case, before, after, actor, now)
    uow.cases.update("case_wanted_notices", notice_id, {"status": "contacted", "contacted_on": on})
    close_tasks(uow, case_id, (DeadlineKind.WANTED_CONTACT,), day_start(case, on))
    record_step(
        uow, case, actor, now, "wanted_contacted", {"notice_id": notice_id, "on": on},
        status=after.status.value,
    )  # fmt: skip
    return {**row, "status": "contacted", "contacted_on": on}


def deadline_missed(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, notice_id: str
) -> dict[str, Any]:
    """No contact by the set date: conversion proceedings begin (§13) — a breach of failing to
    start or abandoning the sentence, referred to court with enforcement interrupted (§14.3,
    R81), ready for the prosecutor and the court (§16, §17)."""
    case, before = load_sentence(uow, case_id)
    row = load_row(uow, "case_wanted_notices", notice_id, case_id, "wanted notice")
    if row["status"] != "in_force":
        raise Conflict(f"wrong_state: the notice is {row['status']}")
    day = today(case, now)
    if not _notice(row).deadline_missed(day):
        raise Conflict(
            f"deadline_not_passed: he may contact the enforcement officer until {row['contact_by']}"
            " (§13)"
        )
    missed_on = date.fromordinal(row["contact_by"].toordinal() + 1)
    kind = law.breach_on_missed_deadline(before.serving_start is not None)
    breach = breaches.open_breach(
        uow,
        actor,
        now,
        case_id=case_id,
        occurred_at=day_start(case, missed_on),
        source="supervisor",
        description=f"no contact with the enforcement officer by {row['contact_by']} (§13)",
    )
    breaches.refer(
        uow, actor, now, case_id=case_id, breach_id=breach["id"], kind=kind.value, on=missed_on
    )
    uow.cases.update(
        "case_wanted_notices", notice_id, {"status": "missed", "breach_id": breach["id"]}
    )
    close_tasks(uow, case_id, (DeadlineKind.WANTED_CONTACT,), now)
    record_step(
        uow, case, actor, now, "wanted_deadline_missed",
        {"notice_id": notice_id, "breach_id": breach["id"], "kind": kind.value},
    )  # fmt: skip
    return {**row, "status": "missed", "breach_id": breach["id"]}
