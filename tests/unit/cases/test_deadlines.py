"""The deadline monitor's pure decision: warn before a legal deadline, escalate once missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valvo.domain.cases.deadlines import DEFAULT_LEADS, RULES, DeadlineKind, Stage, assess
from valvo.domain.clock import NaiveDatetimeError

HELSINKI = ZoneInfo("Europe/Helsinki")
DUE = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 72 h after 10:00 on the Friday before the change
LEAD = timedelta(hours=24)


@pytest.mark.parametrize(
    ("now", "stage", "escalation"),
    [
        (DUE - LEAD - timedelta(seconds=1), Stage.PENDING, 0),
        (DUE - LEAD, Stage.WARNING, 1),
        (DUE - timedelta(seconds=1), Stage.WARNING, 1),
        (DUE, Stage.OVERDUE, 2),  # the deadline instant itself is already too late
        (DUE + timedelta(days=30), Stage.OVERDUE, 2),
    ],
)
def test_open_task_warns_then_escalates(now: datetime, stage: Stage, escalation: int) -> None:
    result = assess(DUE, now, lead=LEAD)
    assert result.stage is stage
    assert result.escalation == escalation
    assert result.remaining == DUE - now


def test_done_tasks_are_met_or_met_late_and_cancelled_ones_rest() -> None:
    later = DUE + timedelta(days=5)
    assert assess(DUE, later, lead=LEAD, done_at=DUE - timedelta(minutes=1)).stage is Stage.MET
    late = assess(DUE, later, lead=LEAD, done_at=DUE)
    assert late.stage is Stage.MET_LATE
    assert late.escalation == 1
    assert assess(DUE, later, lead=LEAD, cancelled=True).stage is Stage.CANCELLED


def test_the_warning_lead_is_elapsed_time_across_the_clock_change() -> None:
    # Sunday 28 March 2027, 10:00 in Helsinki is already summer time (UTC+3): 07:00 UTC, 25 h
    # before the deadline, so not yet inside the 24 h lead; an hour later it is.
    assert (
        assess(DUE, datetime(2027, 3, 28, 10, 0, tzinfo=HELSINKI), lead=LEAD).stage is Stage.PENDING
    )
    assert (
        assess(DUE, datetime(2027, 3, 28, 11, 0, tzinfo=HELSINKI), lead=LEAD).stage is Stage.WARNING
    )


def test_time_must_be_aware_and_the_lead_not_negative() -> None:
    with pytest.raises(NaiveDatetimeError):
        assess(DUE, datetime(2027, 3, 28, 10, 0), lead=LEAD)  # noqa: DTZ001 (the point)
    with pytest.raises(ValueError, match="negative"):
        assess(DUE, DUE, lead=-LEAD)


def test_every_legal_deadline_has_a_rule_and_a_lead() -> None:
    assert set(RULES) == set(DeadlineKind) == set(DEFAULT_LEADS)
    assert all(lead > timedelta(0) for lead in DEFAULT_LEADS.values())


@given(
    offsets=st.lists(st.integers(min_value=-(10**7), max_value=10**7), min_size=2, max_size=20),
    lead_s=st.integers(min_value=0, max_value=10**7),
)
def test_an_open_task_never_de_escalates_as_time_passes(offsets: list[int], lead_s: int) -> None:
    lead = timedelta(seconds=lead_s)
    levels = [
        assess(DUE, DUE + timedelta(seconds=s), lead=lead).escalation for s in sorted(offsets)
    ]
    assert levels == sorted(levels)
