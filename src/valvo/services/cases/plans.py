"""The implementation plan (§6; R19–R26) and §12 exemptions (R30).

The first plan is confirmed once the sentence is enforceable; later versions are amendments,
each with its reason and the convict's hearing (R26). Every version, and every exemption,
compiles into the schedule the engine enforces (R23): a change takes effect there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.sentence import Status
from valvo.domain.cases.sentence_plan import check_sentence_plan_data, work_or_study_flag
from valvo.domain.law.calendar import parse_local_datetime
from valvo.domain.law.plan import PlanError
from valvo.domain.law.policy import LawPolicy
from valvo.services.cases.common import (
    TRAVEL_BAN,
    close_tasks,
    lawful,
    load_case,
    new_id,
    not_in_future,
    policy_of,
    record_step,
    today,
)
from valvo.services.cases.schedule import compile_schedule
from valvo.services.cases.sentence_state import load_sentence, save_sentence
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

_AMENDABLE = {Status.PLAN_CONFIRMED, Status.ENFORCING, Status.INTERRUPTED}


def check(content: object, policy: LawPolicy) -> tuple[PlanError, ...]:
    """What stops this plan being confirmed (R20, R24, R25, R31): the editor's live check."""
    return lawful(lambda: check_sentence_plan_data(content, policy))


def save_plan(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    content: Mapping[str, Any],
    convict_heard_on: date,
    reason: str | None = None,
) -> dict[str, Any]:
    """Confirm the plan (version 1) or amend it (a new version with its reason, R26)."""
    case, before = load_sentence(uow, case_id)
    not_in_future(case, now, convict_heard_on, "convict_heard_on")
    errors = check(content, policy_of(case))
    if errors:
        listed = "; ".join(f"{e.code}: {e.message}" for e in errors)
        raise InvalidInput(f"plan_invalid: {listed}")
    version = uow.cases.next_number("case_plans", "version", case_id)
    after = before
    if version == 1:
        after = lawful(lambda: before.confirm_plan(today(case, now)))
        close_tasks(uow, case_id, (DeadlineKind.PLAN_PREPARATION,), now)  # §6, R19
    elif before.status not in _AMENDABLE:
        raise Conflict(f"wrong_state: the plan of a {before.status.value} sentence is not amended")
    elif not (reason or "").strip():
        raise InvalidInput(
            "amendment_reason_missing: a plan is amended only for a material change of "
            "circumstances or a comparable weighty reason (§6, R26)"
        )
    schedule = compile_schedule(uow, case, actor, now, f"plan version {version}", content)
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "version": version,
        "content": dict(content),
        "reason": reason,
        "convict_heard_on": convict_heard_on,
        "schedule_id": schedule["id"],
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_plans", row)
    save_sentence(uow, case, before, after, actor, now)
    record_step(
        uow,
        case,
        actor,
        now,
        "plan_confirmed" if version == 1 else "plan_amended",
        {
            "version": version,
            "reason": reason,
            "schedule_version": schedule["version"],
            "work_or_study": _work_or_study(uow, case_id, content),  # R27
        },
        status=after.status.value,
    )
    return {**row, "schedule_version": schedule["version"]}


def _work_or_study(uow: UnitOfWork, case_id: str, content: Mapping[str, Any]) -> str | None:
    report = uow.cases.get("case_reports", case_id) or {}
    return work_or_study_flag(report.get("existing_work_or_study"), content)


def grant_exemption(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    start: str,
    end: str,
    reason: str,
) -> dict[str, Any]:
    """A time-bounded window out of the abode (§12; R30) or, on a travel ban, a minor deviation
    granted by a police officer entitled to arrest (PKL 2:11; R115). Times are local
    wall-clock; the window opens in the enforced schedule exactly then."""
    case = load_case(uow, case_id)
    if case["type"] == TRAVEL_BAN:
        if case["status"] not in ("provisional", "in_force", "extended"):
            raise Conflict(f"wrong_state: the ban is {case['status']}")
    elif case["status"] not in (Status.ENFORCING.value, Status.PLAN_CONFIRMED.value):
        raise Conflict("wrong_state: exemptions apply to a sentence being enforced (§12)")
    first = lawful(lambda: parse_local_datetime(start, "start"))
    last = lawful(lambda: parse_local_datetime(end, "end"))
    if last <= first:
        raise InvalidInput("interval_ends_before_start: the window ends before it starts")
    if not reason.strip():
        raise InvalidInput(
            "exemption_reason_missing: an unforeseen event or a comparable important reason "
            "(§12, PKL 2:11)"
        )
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "start": first.isoformat(timespec="minutes"),
        "end": last.isoformat(timespec="minutes"),
        "reason": reason.strip(),
        "granted_by": actor,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_exemptions", row)
    kind = "minor_deviation" if case["type"] == TRAVEL_BAN else "exemption"
    compile_schedule(uow, case, actor, now, f"{kind} {row['start']}–{row['end']}")
    record_step(uow, case, actor, now, f"{kind}_granted", {k: row[k] for k in ("start", "end")})
    return row
