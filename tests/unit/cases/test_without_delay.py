"""R19, R69 (§6, §7.1): the plan and the start of enforcement are due "without delay" once the
sentence is enforceable; the law sets no number, so the threshold is practice (docs/law.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.cases.factories import ENFORCEABLE, enforcing, sentenced
from valvo.domain.cases.deadlines import (
    DEFAULT_LEADS,
    RULES,
    WITHOUT_DELAY_DAYS,
    DeadlineKind,
    without_delay_due,
)

D = timedelta(days=1)


def test_r19_r69_without_delay_tasks_are_cited_and_have_a_threshold() -> None:
    for kind, rule in (
        (DeadlineKind.PLAN_PREPARATION, "R19"),
        (DeadlineKind.ENFORCEMENT_START, "R69"),
    ):
        assert rule in RULES[kind]
        assert kind in DEFAULT_LEADS
        assert WITHOUT_DELAY_DAYS[kind] > 0


def test_r69_the_due_day_is_the_first_day_start_overdue_says_late() -> None:
    """The task falls due the very day ``start_overdue`` turns true: the two never disagree."""
    for days in (0, 1, 14, 30):
        due = without_delay_due(ENFORCEABLE, days)
        case = sentenced()
        assert not case.start_overdue(due - D, threshold_days=days)
        assert case.start_overdue(due, threshold_days=days)
    with pytest.raises(ValueError, match="negative"):
        without_delay_due(ENFORCEABLE, -1)


def test_r19_plan_elapsed_days_counts_from_enforceability_until_confirmed() -> None:
    waiting = sentenced()
    assert waiting.plan_elapsed_days(ENFORCEABLE - 3 * D) == 0  # not yet enforceable
    assert waiting.plan_elapsed_days(ENFORCEABLE + 5 * D) == 5
    confirmed = waiting.confirm_plan(ENFORCEABLE + 2 * D)
    assert confirmed.plan_elapsed_days(ENFORCEABLE + 40 * D) == 2  # frozen at confirmation


def test_r19_plan_overdue_after_the_threshold_and_never_once_confirmed() -> None:
    waiting = sentenced()
    assert not waiting.plan_overdue(ENFORCEABLE + 14 * D, threshold_days=14)
    assert waiting.plan_overdue(ENFORCEABLE + 15 * D, threshold_days=14)
    late_but_done = waiting.confirm_plan(ENFORCEABLE + 20 * D)
    assert not late_but_done.plan_overdue(ENFORCEABLE + 30 * D, threshold_days=14)
    assert late_but_done.plan_elapsed_days(ENFORCEABLE + 30 * D) == 20


def test_r69_an_ended_or_started_sentence_is_never_start_overdue() -> None:
    assert not enforcing().start_overdue(ENFORCEABLE + 100 * D, threshold_days=30)
    assert sentenced().start_overdue(ENFORCEABLE + 31 * D, threshold_days=30)
