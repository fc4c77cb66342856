"""The monitoring sentence from the court's judgment to its last day: sentencing (RL 6:11a),
devices installed and serving time (§7.2), interruptions (§14.2, §15, §18.1), completion or
parole (RL 2c:5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.deadlines import WITHOUT_DELAY_DAYS, DeadlineKind, without_delay_due
from valvo.domain.cases.lapse import sentence_lapse
from valvo.domain.cases.sentence import MonitoringSentence
from valvo.domain.cases.sentencing import SentencingGrounds, check_grounds
from valvo.domain.cases.serving import (
    InterruptionReason,
    impediment_days,
    impediment_limit_days,
)
from valvo.domain.law.policy import LawPolicy
from valvo.services import registry
from valvo.services.cases.common import (
    SENTENCE,
    cancel_tasks,
    close_tasks,
    day_start,
    instant_not_in_future,
    lawful,
    not_in_future,
    open_task,
    policy_of,
    record_step,
    today,
)
from valvo.services.cases.sentence_state import completion_due, load_sentence, save_sentence
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork


def sentence(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    length_days: int,
    sentenced_on: date,
    enforceable_on: date,
    grounds: SentencingGrounds,
    under_21: bool,
    prison_within_lookback: bool,
    final: bool = True,
    written_consent_to_early_enforcement: bool = False,
    accepted_judgment: bool = False,
) -> dict[str, Any]:
    """The court's judgment (R1–R7): the preconditions, 14 days – 4 months (per the policy),
    early enforcement only with written consent. Opens the order the engine will enforce and
    the one-year completion task (R70)."""
    case, before = load_sentence(uow, case_id)
    not_in_future(case, now, sentenced_on, "sentenced_on")
    policy = policy_of(case)
    lawful(lambda: check_grounds(grounds, length_days))
    after = lawful(
        lambda: before.sentence(
            length_days=length_days,
            sentenced_on=sentenced_on,
            enforceable_on=enforceable_on,
            policy=policy,
            final=final,
            written_consent_to_early_enforcement=written_consent_to_early_enforcement,
            accepted_judgment=accepted_judgment,
        )
    )
    order = registry.create_order(
        uow,
        actor,
        now,
        subject_id=case["subject_id"],
        type=SENTENCE,
        starts_at=day_start(case, enforceable_on),
        ends_at=None,
        timezone=case["timezone"],
    )
    uow.cases.update("cases", case_id, {"order_id": order["id"]})
    uow.cases.update(
        "sentences",
        case_id,
        {
            "replaced_prison_days": grounds.replaced_prison_days,
            "sentencing_court": grounds.court,
            "grounds": {
                **asdict(grounds),
                "community_service_bar": None
                if grounds.community_service_bar is None
                else grounds.community_service_bar.value,
            },
            "under_21": under_21,
            "prison_within_lookback": prison_within_lookback,
        },
    )
    save_sentence(uow, case, before, after, actor, now)
    deadline = after.completion_deadline(today(case, now), policy)
    open_task(uow, case_id, DeadlineKind.COMPLETION, completion_due(case, deadline), now)
    for kind in (DeadlineKind.PLAN_PREPARATION, DeadlineKind.ENFORCEMENT_START):
        # R19, R69 (§6, §7.1): the plan, then the start, "without delay" once enforceable.
        due_day = without_delay_due(enforceable_on, WITHOUT_DELAY_DAYS[kind])
        open_task(uow, case_id, kind, day_start(case, due_day), now)
    lapse = lawful(lambda: sentence_lapse(after, policy))
    if lapse is not None:  # R93: RL 8:11 — begun by the last day, or the sentence lapses
        open_task(uow, case_id, DeadlineKind.SENTENCE_LAPSE, day_start(case, lapse.lapses_on), now)
    record_step(
        uow,
        case,
        actor,
        now,
        "sentenced",
        {
            "length_days": length_days,
            "sentenced_on": sentenced_on,
            "enforceable_on": enforceable_on,
            "court": grounds.court,
            "early_enforcement": not final,
        },
        status=after.status.value,
    )
    return {**case, "order_id": order["id"], "status": after.status.value}


def install_devices(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    device_ids: Sequence[str],
    installed_at: datetime,
) -> dict[str, Any]:
    """R32, R33 (§7.2): serving starts the day the devices are installed after the plan was
    confirmed; each device is assigned to the person, so the engine starts enforcing."""
    case, before = load_sentence(uow, case_id)
    instant_not_in_future(now, installed_at, "installed_at")
    installed_on = today(case, installed_at)
    after = lawful(lambda: before.start_enforcement(installed_on, tuple(device_ids)))
    for device_id in dict.fromkeys(device_ids):
        if uow.registry.get("devices", device_id) is None:
            raise NotFound(f"device {device_id} does not exist")
        current = uow.registry.active_assignment_of_device(device_id)
        if current is None:
            registry.assign_device(
                uow, actor, now, device_id=device_id, subject_id=case["subject_id"]
            )
        elif current["subject_id"] != case["subject_id"]:
            raise Conflict(f"device {device_id} is assigned to another person")
    save_sentence(uow, case, before, after, actor, now)
    uow.cases.update("sentences", case_id, {"installed_at": installed_at})
    close_tasks(
        uow, case_id, (DeadlineKind.SENTENCE_LAPSE, DeadlineKind.ENFORCEMENT_START), installed_at
    )
    record_step(
        uow,
        case,
        actor,
        now,
        "devices_installed",
        {"devices": list(after.devices), "serving_start": installed_on},
        status=after.status.value,
    )
    return {**case, "status": after.status.value}


def release_date(
    row: dict[str, Any], sentence: MonitoringSentence, on: date, policy: LawPolicy
) -> date:
    """The parole date where RL 2c:5 applies (R73–R75), else the end date (R71)."""
    under_21, lookback = row.get("under_21"), row.get("prison_within_lookback")
    if under_21 is None or lookback is None:
        return sentence.end_date(on)
    return sentence.parole_date(
        on, policy, under_21=bool(under_21), prison_within_lookback=bool(lookback)
    )


def complete(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, on: date
) -> dict[str, Any]:
    """The last day is served (the parole date, or the end date): the order ends, the devices
    are released and the completion task is met."""
    case, before = load_sentence(uow, case_id)
    not_in_future(case, now, on, "completed_on")
    row = uow.cases.get("sentences", case_id)
    assert row is not None
    release = lawful(lambda: release_date(row, before, on, policy_of(case)))
    after = lawful(lambda: before.complete(on, release))
    save_sentence(uow, case, before, after, actor, now)
    close_tasks(uow, case_id, (DeadlineKind.COMPLETION,), day_start(case, release))
    cancel_tasks(uow, case_id, now)
    end_enforcement(uow, case, list(after.devices), now)
    record_step(
        uow,
        case,
        actor,
        now,
        "completed",
        {"on": on, "release_date": release, "served_days": after.served_days(release)},
        status=after.status.value,
    )
    return {**case, "status": after.status.value}


def end_enforcement(
    uow: UnitOfWork, case: dict[str, Any], devices: list[str], now: datetime
) -> None:
    """The engine stops enforcing: the order ends and the devices are released."""
    if case["order_id"] is not None:
        uow.cases.end_order(case["order_id"], now)
        uow.registry.note_rule_change(case["subject_id"], "case ended", now)
    if devices:
        uow.cases.release_devices(case["subject_id"], devices, now)


# Interruptions KHL records directly; the others come with their own step.
KHL_INTERRUPTIONS = (InterruptionReason.IMPEDIMENT.value, InterruptionReason.NEW_CHARGE.value)


def interrupt(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    reason: str,
    start: date,
    cause: str,
) -> dict[str, Any]:
    """An impediment that is not a breach (§15; ≤ 1 year in all, R86) or the prosecutor's
    notice of a new charge (§18.1; R90). Provisional, laboratory and court-referral
    interruptions come from their own steps (breaches, substance tests)."""
    if reason not in KHL_INTERRUPTIONS:
        raise InvalidInput(
            f"interruption_reason: {reason!r} is not interrupted here; give impediment or "
            "new_charge (a provisional interruption belongs to a breach, §14.2)"
        )
    if not cause.strip():
        raise InvalidInput("cause_missing: say what the impediment or the charge is")
    case, before = load_sentence(uow, case_id)
    not_in_future(case, now, start, "start")
    after = lawful(lambda: before.interrupt(InterruptionReason(reason), start))
    save_sentence(uow, case, before, after, actor, now, {len(before.interruptions): cause})
    if reason == InterruptionReason.IMPEDIMENT.value:
        assert after.enforceable_on is not None
        limit = impediment_limit_days(after.enforceable_on, policy_of(case))
        left = limit - impediment_days(before.interruptions, start)
        due_day = date.fromordinal(start.toordinal() + left + 1)
        open_task(uow, case_id, DeadlineKind.IMPEDIMENT, day_start(case, due_day), now)
    record_step(
        uow,
        case,
        actor,
        now,
        "interrupted",
        {"reason": reason, "start": start, "cause": cause},
        status=after.status.value,
    )
    return {**case, "status": after.status.value}


def resume(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    on: date,
    court_allowed_continuation: bool = False,
) -> dict[str, Any]:
    """Serving resumes: R80 (a provisional interruption ≤ 1 month), R86 (impediments ≤ 1 year),
    §14.3 and §18.1 only when the court allows it."""
    case, before = load_sentence(uow, case_id)
    not_in_future(case, now, on, "on")
    after = lawful(
        lambda: before.resume(
            on, policy_of(case), court_allowed_continuation=court_allowed_continuation
        )
    )
    save_sentence(uow, case, before, after, actor, now)
    close_tasks(
        uow,
        case_id,
        (DeadlineKind.PROVISIONAL_INTERRUPTION, DeadlineKind.IMPEDIMENT),
        day_start(case, on),
    )
    record_step(
        uow,
        case,
        actor,
        now,
        "resumed",
        {"on": on, "reason": before.interruptions[-1].reason.value},
        status=after.status.value,
    )
    return {**case, "status": after.status.value}
