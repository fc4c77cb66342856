"""The monitoring sentence between its rows and the pure aggregate: load it, let the domain
decide, save what changed (the sentence row, the status, the interruptions)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.breach import Response
from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.report import CoResident, Report, ReportItems, Requester
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.domain.cases.serving import Interruption, InterruptionReason
from valvo.services.cases.common import (
    SENTENCE,
    day_start,
    load_case,
    move_task,
    new_id,
    policy_of,
    today,
)
from valvo.services.ports import UnitOfWork

_SENTENCE_FIELDS = (
    "length_days",
    "sentenced_on",
    "enforceable_on",
    "early_enforcement",
    "plan_confirmed_on",
    "serving_start",
    "ended_on",
    "prison_days",
)


def load_report(uow: UnitOfWork, case_id: str) -> Report:
    row = uow.cases.get("case_reports", case_id)
    if row is None:
        raise LookupError(f"case {case_id} has no report row")
    residents = tuple(
        CoResident(
            name=r["name"],
            birth_date=r["birth_date"],
            written_consent=bool(r["written_consent"]),
            heard=bool(r["heard"]),
            views=r["views"],
        )
        for r in uow.cases.find("case_co_residents", case_id=case_id)
    )
    return Report(
        requester=Requester(row["requester"]),
        requested_on=row["requested_on"],
        items=ReportItems(
            suspect_consents=row["suspect_consents"],
            dwelling_assessment=row["dwelling_assessment"],
            circumstances_assessment=row["circumstances_assessment"],
            activity_place=row["activity_place"],
            movement_needs=row["movement_needs"],
        ),
        statement_justified=row["statement_justified"],
        suspect_heard_on=row["suspect_heard_on"],
        co_residents=residents,
        completed_on=row["completed_on"],
    )


def load_sentence(uow: UnitOfWork, case_id: str) -> tuple[dict[str, Any], MonitoringSentence]:
    case = load_case(uow, case_id, SENTENCE)
    row = uow.cases.get("sentences", case_id)
    if row is None:
        raise LookupError(f"case {case_id} has no sentence row")
    interruptions = tuple(
        Interruption(
            reason=InterruptionReason(i["reason"]),
            start=i["start"],
            end=i["end"],
            court_allowed_continuation=bool(i["court_allowed_continuation"]),
        )
        for i in uow.cases.find("case_interruptions", case_id=case_id)
    )
    warnings = tuple(
        b["responded_on"]
        for b in uow.cases.find("case_breaches", case_id=case_id)
        if b["response"] == Response.WRITTEN_WARNING.value
    )
    sentence = MonitoringSentence(
        report=load_report(uow, case_id),
        status=Status(case["status"]),
        length_days=row["length_days"],
        sentenced_on=row["sentenced_on"],
        enforceable_on=row["enforceable_on"],
        early_enforcement=bool(row["early_enforcement"]),
        plan_confirmed_on=row["plan_confirmed_on"],
        devices=tuple(row["devices"] or ()),
        serving_start=row["serving_start"],
        interruptions=interruptions,
        warnings=tuple(sorted(warnings)),
        ended_on=row["ended_on"],
        prison_days=row["prison_days"],
    )
    return case, sentence


def save_sentence(
    uow: UnitOfWork,
    case: Mapping[str, Any],
    before: MonitoringSentence,
    after: MonitoringSentence,
    actor: str,
    now: datetime,
    causes: Mapping[int, str] | None = None,
) -> None:
    """Write what the step changed. The case's status is written by ``record_step``."""
    changed = {
        name: getattr(after, name)
        for name in _SENTENCE_FIELDS
        if getattr(after, name) != getattr(before, name)
    }
    if after.devices != before.devices:
        changed["devices"] = list(after.devices)
    if changed:
        uow.cases.update("sentences", case["id"], changed)
    rows = uow.cases.find("case_interruptions", case_id=case["id"])
    for index, interruption in enumerate(after.interruptions):
        values = {
            "reason": interruption.reason.value,
            "start": interruption.start,
            "end": interruption.end,
            "court_allowed_continuation": interruption.court_allowed_continuation,
        }
        if index < len(rows):
            stored = rows[index]
            if any(stored[k] != v for k, v in values.items()):
                uow.cases.update("case_interruptions", stored["id"], values)
        else:
            uow.cases.insert(
                "case_interruptions",
                {
                    "id": new_id(),
                    "case_id": case["id"],
                    "seq": index + 1,
                    "cause": (causes or {}).get(index),
                    "created_at": now,
                    "created_by": actor,
                    **values,
                },
            )
    refresh_completion_deadline(uow, case, after, now)


def refresh_completion_deadline(
    uow: UnitOfWork, case: Mapping[str, Any], sentence: MonitoringSentence, now: datetime
) -> None:
    """R70: the one-year limit grows with the excluded interruptions; its task follows."""
    if sentence.enforceable_on is None:
        return
    deadline = sentence.completion_deadline(today(case, now), policy_of(case))
    move_task(uow, case["id"], DeadlineKind.COMPLETION, completion_due(case, deadline))


def completion_due(case: Mapping[str, Any], deadline: date) -> datetime:
    """Completing on the deadline day is in time: the task falls due at the day's end."""
    return day_start(case, date.fromordinal(deadline.toordinal() + 1))
