"""The monitoring sentence through its repository (``uow.sentences``, the port
``SentenceRepository``): load it, let the domain decide, save what changed; the case's status
is written by ``record_step`` and the completion deadline follows here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.report import Report
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.services.cases.common import (
    SENTENCE,
    day_start,
    load_case,
    move_task,
    policy_of,
    today,
)
from valvo.services.ports import UnitOfWork


def load_report(uow: UnitOfWork, case_id: str) -> Report:
    return uow.sentences.report(case_id)


def load_sentence(uow: UnitOfWork, case_id: str) -> tuple[dict[str, Any], MonitoringSentence]:
    case = load_case(uow, case_id, SENTENCE)
    return case, uow.sentences.load(case_id, Status(case["status"]))


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
    uow.sentences.save(case["id"], before, after, actor=actor, now=now, causes=causes)
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
