"""The deadline monitor's list: every open deadline task of the cases the reader may see,
assessed at ``now`` (warn before, escalate once missed), most urgent first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.cases.deadlines import DEFAULT_LEADS, RULES, DeadlineKind, assess
from valvo.services.cases.labels import DEADLINES, STAGES
from valvo.services.ports import UnitOfWork


def assessed(
    task: Mapping[str, Any],
    now: datetime,
    leads: Mapping[DeadlineKind, timedelta] = DEFAULT_LEADS,
) -> dict[str, Any]:
    kind = DeadlineKind(task["kind"])
    result = assess(
        task["due_at"],
        now,
        lead=leads[kind],
        done_at=task["done_at"],
        cancelled=task["cancelled_at"] is not None,
    )
    label, stage = DEADLINES[kind.value], STAGES[result.stage.value]
    return {
        **task,
        "rule": RULES[kind],
        "label_en": label.en,
        "label_fi": label.fi,
        "stage": result.stage.value,
        "stage_en": stage.en,
        "stage_fi": stage.fi,
        "escalation": result.escalation,
        "remaining_seconds": int(result.remaining.total_seconds()),
    }


def open_deadlines(
    uow: UnitOfWork,
    now: datetime,
    case_types: Sequence[str],
    leads: Mapping[DeadlineKind, timedelta] = DEFAULT_LEADS,
) -> list[dict[str, Any]]:
    """Open tasks, the missed ones first, then by how soon they fall due."""
    tasks = [assessed(task, now, leads) for task in uow.cases.open_deadlines(case_types)]
    return sorted(tasks, key=lambda t: (-t["escalation"], t["due_at"], t["id"]))
