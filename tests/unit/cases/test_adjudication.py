"""Adjudicated breaches and the running totals (issue 15 item 4): excused breaches do not count,
a breach not yet decided does, the thresholds come from the versioned law policy (§14.1 the
written warning, §14.3 the referral), and the decision's reason rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.cases.adjudication import (
    Outcome,
    Violation,
    check_decision,
    lasted_minutes,
    totals,
)
from valvo.domain.cases.errors import CaseError
from valvo.domain.law.policy import ACT_2011, DRAFT_2007, POLICIES


def test_excused_breaches_do_not_count_and_undecided_ones_do() -> None:
    result = totals(
        [
            Violation(Outcome.COUNTED, 30),
            Violation(Outcome.REASONABLE_EXCUSE, 45),
            Violation(Outcome.AUTHORISED_ABSENCE, 120),
            Violation(None, 10),
        ],
        DRAFT_2007,
    )
    assert (result.violations, result.counted, result.excused, result.pending) == (4, 2, 2, 1)
    assert (result.minutes, result.counted_minutes) == (205, 40)


def test_a_cleared_breach_is_no_violation_at_all() -> None:
    result = totals(
        [Violation(None, 60, cleared=True), Violation(Outcome.COUNTED, None)], DRAFT_2007
    )
    assert (result.violations, result.counted, result.minutes) == (1, 1, 0)


def test_the_thresholds_are_the_policys_and_the_distance_never_goes_below_zero() -> None:
    for policy in POLICIES.values():
        assert policy.counted_breaches_for_warning == 1  # §14.1
        assert policy.counted_breaches_for_referral == 2  # §14.3: the warning not heeded
    none = totals([], ACT_2011)
    assert (none.to_warning, none.to_referral) == (1, 2)
    one = totals([Violation(Outcome.COUNTED, 5)], ACT_2011)
    assert (one.to_warning, one.to_referral) == (0, 1)
    three = totals([Violation(Outcome.COUNTED, 5)] * 3, ACT_2011)
    assert (three.to_warning, three.to_referral) == (0, 0)
    excused = totals([Violation(Outcome.REASONABLE_EXCUSE, 5)] * 3, ACT_2011)
    assert (excused.to_warning, excused.to_referral) == (1, 2)
    assert excused.as_dict()["warning_at"] == 1
    assert excused.as_dict()["referral_at"] == 2


@pytest.mark.parametrize("outcome", [Outcome.REASONABLE_EXCUSE, Outcome.AUTHORISED_ABSENCE])
def test_an_excuse_states_its_reason(outcome: Outcome) -> None:
    with pytest.raises(CaseError) as raised:
        check_decision(outcome, "   ", previous=None, minutes=None)
    assert raised.value.code == "reason_missing"
    assert check_decision(outcome, " bus strike ", previous=None, minutes=None) == "bus strike"


def test_a_first_count_needs_no_reason_but_a_change_always_does() -> None:
    assert check_decision(Outcome.COUNTED, None, previous=None, minutes=None) is None
    with pytest.raises(CaseError) as raised:
        check_decision(Outcome.COUNTED, "", previous=Outcome.REASONABLE_EXCUSE, minutes=None)
    assert raised.value.code == "reason_missing"


def test_violation_minutes_are_bounded() -> None:
    with pytest.raises(CaseError) as raised:
        check_decision(Outcome.COUNTED, None, previous=None, minutes=-1)
    assert raised.value.code == "minutes_out_of_range"
    with pytest.raises(CaseError):
        check_decision(Outcome.COUNTED, None, previous=None, minutes=60 * 24 * 32)


def test_an_alarms_time_is_whole_minutes_once_it_ended() -> None:
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # across the spring DST change in Helsinki
    assert lasted_minutes(start, start + timedelta(minutes=95, seconds=59)) == 95
    assert lasted_minutes(start, None) is None
    assert lasted_minutes(start, start - timedelta(minutes=1)) == 0
