"""A new sentence over a monitoring sentence: the court's prohibition on a new prison sentence
(§18.2, R91), the court's decision after an impediment of over a year (§15.3, R87), crediting
the days served (§19, R92) and combining sentences (§20, R95). The
arithmetic is the domain's (``domain.cases.new_sentences``, the same as ``valvo law combine``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.new_sentences import credit, credited_days
from valvo.domain.cases.sentence import ImpedimentOutcome, MonitoringSentence, Status
from valvo.domain.law.policy import LawPolicy
from valvo.services.cases.common import (
    cancel_tasks,
    choice,
    close_tasks,
    instant_not_in_future,
    lawful,
    new_id,
    not_in_future,
    policy_of,
    record_decision,
    record_step,
    today,
)
from valvo.services.cases.sentence_state import load_sentence, save_sentence
from valvo.services.cases.sentences import end_enforcement
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork


def _credit_days(sentence: MonitoringSentence, on: date, policy: LawPolicy) -> int:
    """§19: days served before ``on``, and ``on`` itself if he was serving that day."""
    serving_that_day = sentence.status is Status.ENFORCING and sentence.serving_start is not None
    return credited_days(sentence.served_days(on), serving_that_day, policy)


def prohibit_for_new_prison(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    decided_at: datetime,
    court: str,
    new_prison_days: int,
    appealed: bool,
) -> dict[str, Any]:
    """§18.2–18.3, §19 (R91, R92): the court sentencing him to unconditional prison prohibits the
    monitoring sentence; its remaining part is served as prison; the days served are credited
    against the new sentence; binding even when appealed."""
    if not court.strip():
        raise InvalidInput("court_missing: name the sentencing court (§18.2)")
    case, before = load_sentence(uow, case_id)
    instant_not_in_future(now, decided_at, "decided_at")
    on = today(case, decided_at)
    policy = policy_of(case)
    credited = lawful(lambda: credit(new_prison_days, _credit_days(before, on, policy)))
    after = lawful(lambda: before.prohibit_for_new_prison(on))
    save_sentence(uow, case, before, after, actor, now)
    decision = record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="new_prison_prohibition",
        decided_by="court",
        decided_at=decided_at,
        court=court,
        details={
            "remaining_as_prison_days": after.prison_days,
            "new_prison_days": credited.new_sentence_days,
            "credited_days": credited.credited_days,
            "new_prison_after_credit_days": credited.remaining_days,
            "binding_despite_appeal": True,  # §18.3
            "appealed": appealed,
        },
        status=after.status.value,
    )
    cancel_tasks(uow, case_id, now)
    end_enforcement(uow, case, list(after.devices), now)
    return decision


def appeal_credit(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    decided_at: datetime,
    court: str,
    new_sentence_days: int,
) -> dict[str, Any]:
    """§19.2 (R7, R92): enforcement began before the judgment was final (§7.4) and the appeal
    court imposed another sentence: the days already served are credited against it, and the
    monitoring sentence ends."""
    if not court.strip():
        raise InvalidInput("court_missing: name the appeal court (§19.2)")
    case, before = load_sentence(uow, case_id)
    if not before.early_enforcement:
        raise Conflict("not_early_enforcement: §19.2 credits a sentence enforced under §7.4 (R7)")
    instant_not_in_future(now, decided_at, "decided_at")
    on = today(case, decided_at)
    policy = policy_of(case)
    credited = lawful(lambda: credit(new_sentence_days, _credit_days(before, on, policy)))
    after = lawful(lambda: before.prohibit_for_new_prison(on))
    after = replace(after, prison_days=credited.remaining_days)  # the new sentence, less §19
    save_sentence(uow, case, before, after, actor, now)
    decision = record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="appeal_credit",
        decided_by="court",
        decided_at=decided_at,
        court=court,
        details={
            "new_sentence_days": credited.new_sentence_days,
            "credited_days": credited.credited_days,
            "remaining_days": credited.remaining_days,
        },
        status=after.status.value,
    )
    cancel_tasks(uow, case_id, now)
    end_enforcement(uow, case, list(after.devices), now)
    return decision


def combine(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    length_days: int,
    sentenced_on: date,
    court: str,
) -> dict[str, Any]:
    """§20 (R95): another monitoring sentence enforceable at the same time is added to this
    one; together at most six months; the plan is to be revised for the longer sentence."""
    if not court.strip():
        raise InvalidInput("court_missing: name the court of the added sentence")
    case, before = load_sentence(uow, case_id)
    not_in_future(case, now, sentenced_on, "sentenced_on")
    joined = uow.cases.find("case_joined_sentences", case_id=case_id)
    first = joined[0]["length_before_days"] if joined else before.length_days
    lengths = (int(first or 0), *(int(j["length_days"]) for j in joined))
    after, combination = lawful(lambda: before.combine_with(lengths, length_days, policy_of(case)))
    row = {
        "id": new_id(),
        "case_id": case_id,
        "length_days": length_days,
        "sentenced_on": sentenced_on,
        "court": court.strip(),
        "length_before_days": before.length_days,
        "total_days": combination.total_days,
        "cap_days": combination.cap_days,
        "combined_days": combination.combined_days,
        "capped": combination.capped,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_joined_sentences", row)
    save_sentence(uow, case, before, after, actor, now)
    record_step(
        uow,
        case,
        actor,
        now,
        "sentences_combined",
        {
            "added_days": length_days,
            "combined_days": combination.combined_days,
            "capped": combination.capped,
            "plan_revision_needed": True,  # §20: KHL revises the plan for the longer sentence
        },
    )
    return row


def court_after_impediment(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    decided_at: datetime,
    court: str,
    outcome: str,
    special_reason: str | None = None,
) -> dict[str, Any]:
    """§15.3 (R87): after an impediment of more than a year, the court extends the enforcement
    time, converts the unserved part (the served days credited, §19), or deems it served."""
    if not court.strip():
        raise InvalidInput("court_missing: name the court (§15.2, §16)")
    decision_kind = choice(ImpedimentOutcome, outcome, "outcome")
    case, before = load_sentence(uow, case_id)
    instant_not_in_future(now, decided_at, "decided_at")
    on = today(case, decided_at)
    policy = policy_of(case)
    after = lawful(
        lambda: before.court_after_impediment(
            decision_kind, on, policy, special_reason=special_reason
        )
    )
    save_sentence(uow, case, before, after, actor, now)
    details: dict[str, Any] = {"outcome": decision_kind.value, "served_days": after.served_days(on)}
    if decision_kind is ImpedimentOutcome.CONVERT:
        details["prison_days"] = after.prison_days
    if special_reason:
        details["special_reason"] = special_reason.strip()
    decision = record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind=f"impediment_{decision_kind.value}",
        decided_by="court",
        decided_at=decided_at,
        court=court,
        details=details,
        status=after.status.value,
    )
    close_tasks(uow, case_id, (DeadlineKind.IMPEDIMENT,), now)
    if after.status in (Status.CONVERTED, Status.COMPLETED):
        cancel_tasks(uow, case_id, now)
        end_enforcement(uow, case, list(after.devices), now)
    return decision
