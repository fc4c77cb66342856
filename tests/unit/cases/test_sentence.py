"""The monitoring-sentence lifecycle: sentencing, plan, enforcement, serving time, breaches,
interruptions, completion and conversion (each test names its rule)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.unit.cases.factories import (
    ENFORCEABLE,
    INSTALLED,
    PLAN,
    SENTENCED,
    enforcing,
    reported,
    sentenced,
)
from valvo.domain.cases.breach import WARNING_TEXT, BreachKind, Response, decide
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.domain.cases.serving import InterruptionReason as Why
from valvo.domain.law.policy import ACT_2011, DRAFT_2007

D = timedelta(days=1)


def test_the_whole_life_of_a_sentence() -> None:
    case = enforcing(60)
    assert case.status is Status.ENFORCING
    assert case.serving_start == INSTALLED
    end = case.end_date(today=INSTALLED)
    assert end == INSTALLED + 60 * D
    done = case.complete(end, end)
    assert (done.status, done.ended_on) == (Status.COMPLETED, end)


# --- sentencing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "code"), [(3, "length_below_minimum"), (121, "length_above_maximum")]
)
def test_r2_length_between_14_days_and_4_months(length: int, code: str) -> None:
    with pytest.raises(CaseError) as caught:
        reported().sentence(
            length_days=length,
            sentenced_on=SENTENCED,
            enforceable_on=ENFORCEABLE,
            policy=DRAFT_2007,
        )
    assert caught.value.code == code


def test_r2_the_2011_act_allows_six_months() -> None:
    case = reported().sentence(
        length_days=180, sentenced_on=SENTENCED, enforceable_on=ENFORCEABLE, policy=ACT_2011
    )
    assert case.length_days == 180


def test_r6_early_enforcement_needs_written_consent_and_acceptance() -> None:
    def early(consent: bool, accepted: bool) -> MonitoringSentence:
        return reported().sentence(
            length_days=30,
            sentenced_on=SENTENCED,
            enforceable_on=SENTENCED,
            policy=DRAFT_2007,
            final=False,
            written_consent_to_early_enforcement=consent,
            accepted_judgment=accepted,
        )

    for consent, accepted in ((True, False), (False, True)):
        with pytest.raises(CaseError) as caught:
            early(consent, accepted)
        assert caught.value.code == "early_enforcement_without_consent"
    assert early(True, True).early_enforcement  # R7: recorded


# --- plan and start -----------------------------------------------------------------------


def test_r19_plan_only_once_the_sentence_is_enforceable() -> None:
    with pytest.raises(CaseError) as caught:
        sentenced().confirm_plan(ENFORCEABLE - D)
    assert caught.value.code == "plan_before_enforceable"


def test_r32_no_enforcement_without_a_device() -> None:
    with pytest.raises(CaseError) as caught:
        sentenced().confirm_plan(PLAN).start_enforcement(INSTALLED, ())
    assert caught.value.code == "no_device"


def test_r33_serving_starts_at_installation_after_the_plan() -> None:
    planned = sentenced().confirm_plan(PLAN)
    with pytest.raises(CaseError) as caught:
        planned.start_enforcement(PLAN - D, ("RF-1",))
    assert caught.value.code == "installed_before_plan"
    assert planned.start_enforcement(PLAN, ("RF-1",)).serving_start == PLAN


def test_r33_no_enforcement_before_the_plan_is_confirmed() -> None:
    with pytest.raises(CaseError) as caught:
        sentenced().start_enforcement(INSTALLED, ("RF-1",))
    assert caught.value.code == "wrong_state"


def test_r69_start_overdue_after_the_configured_delay() -> None:
    case = sentenced()
    assert not case.start_overdue(ENFORCEABLE + 14 * D, threshold_days=14)
    assert case.start_overdue(ENFORCEABLE + 15 * D, threshold_days=14)
    assert not enforcing().start_overdue(ENFORCEABLE + 100 * D, threshold_days=14)


# --- serving time -------------------------------------------------------------------------


def test_r71_served_days_exclude_interruptions() -> None:
    case = enforcing(60).interrupt(Why.IMPEDIMENT, INSTALLED + 10 * D)
    case = case.resume(INSTALLED + 15 * D, DRAFT_2007)
    assert case.served_days(INSTALLED + 20 * D) == 15
    assert case.served_days(INSTALLED) == 0


def test_r72_end_and_parole_dates_move_with_interruptions() -> None:
    case = enforcing(60).interrupt(Why.IMPEDIMENT, INSTALLED + 10 * D)
    case = case.resume(INSTALLED + 15 * D, DRAFT_2007)
    assert case.end_date(today=INSTALLED + 20 * D) == INSTALLED + 65 * D
    parole = case.parole_date(
        INSTALLED + 20 * D, DRAFT_2007, under_21=False, prison_within_lookback=False
    )
    assert parole == INSTALLED + 35 * D  # 30 days served + 5 interrupted


def test_r72_an_open_interruption_keeps_moving_the_end() -> None:
    case = enforcing(60).interrupt(Why.IMPEDIMENT, INSTALLED + 10 * D)
    assert case.end_date(today=INSTALLED + 12 * D) == INSTALLED + 62 * D
    assert case.end_date(today=INSTALLED + 30 * D) == INSTALLED + 80 * D


def test_r70_completion_deadline_one_year_extended_by_excluded_periods() -> None:
    case = enforcing(60)
    assert case.completion_deadline(INSTALLED, DRAFT_2007) == date(2026, 2, 17)
    provisional = case.interrupt(Why.PROVISIONAL, INSTALLED + D).resume(
        INSTALLED + 6 * D, DRAFT_2007
    )
    assert provisional.completion_deadline(INSTALLED, DRAFT_2007) == date(2026, 2, 17)
    impediment = case.interrupt(Why.IMPEDIMENT, INSTALLED + D).resume(
        INSTALLED + 11 * D, DRAFT_2007
    )
    assert impediment.completion_deadline(INSTALLED, DRAFT_2007) == date(2026, 2, 27)
    referred = case.refer_to_court(BreachKind.SERIOUS, INSTALLED + D)
    continued = referred.resume(INSTALLED + 21 * D, DRAFT_2007, court_allowed_continuation=True)
    assert continued.completion_deadline(INSTALLED, DRAFT_2007) == date(2026, 3, 9)


# --- breaches and interruptions -----------------------------------------------------------


def test_r78_a_warning_only_after_the_convict_was_heard() -> None:
    with pytest.raises(CaseError) as caught:
        enforcing().warn(INSTALLED + D, convict_heard=False)
    assert caught.value.code == "hearing_required"
    assert enforcing().warn(INSTALLED + D, convict_heard=True).warnings == (INSTALLED + D,)


def test_r79_the_warning_names_the_consequence() -> None:
    decision = decide(BreachKind.MINOR, convict_heard=True)
    assert decision.response is Response.WRITTEN_WARNING
    assert decision.text == WARNING_TEXT
    assert "court proceedings and an unconditional prison sentence" in WARNING_TEXT


@pytest.mark.parametrize(
    "kind",
    [
        BreachKind.WARNING_NOT_HEEDED,
        BreachKind.INTOXICATION,
        BreachKind.SERIOUS,
        BreachKind.FAILURE_TO_START,
        BreachKind.ABANDONMENT,
    ],
)
def test_r81_r82_serious_breaches_go_to_court_without_warning_and_stop_enforcement(
    kind: BreachKind,
) -> None:
    decision = decide(kind, convict_heard=False)
    assert decision.response is Response.COURT_REFERRAL
    assert decision.interrupt_enforcement
    assert decision.prosecutor_report_needs_hearing  # R83
    case = enforcing().refer_to_court(kind, INSTALLED + 5 * D)
    assert case.status is Status.INTERRUPTED
    assert case.interruptions[-1].reason is Why.COURT_REFERRAL
    assert case.warnings == ()


def test_r81_a_minor_breach_is_not_referred() -> None:
    with pytest.raises(CaseError) as caught:
        enforcing().refer_to_court(BreachKind.MINOR, INSTALLED + D)
    assert caught.value.code in ("hearing_required", "not_a_serious_breach")


def test_r81_only_the_court_lets_a_referred_sentence_continue() -> None:
    case = enforcing().refer_to_court(BreachKind.SERIOUS, INSTALLED + 5 * D)
    with pytest.raises(CaseError) as caught:
        case.resume(INSTALLED + 20 * D, DRAFT_2007)
    assert caught.value.code == "court_decision_required"
    assert (
        case.resume(INSTALLED + 20 * D, DRAFT_2007, court_allowed_continuation=True).status
        is Status.ENFORCING
    )


def test_r90_a_new_charge_also_needs_the_court() -> None:
    case = enforcing().interrupt(Why.NEW_CHARGE, INSTALLED + 5 * D)
    with pytest.raises(CaseError):
        case.resume(INSTALLED + 9 * D, DRAFT_2007)


def test_r81_a_provisional_interruption_becomes_a_referral() -> None:
    case = enforcing().interrupt(Why.PROVISIONAL, INSTALLED + 5 * D)
    referred = case.refer_to_court(BreachKind.INTOXICATION, INSTALLED + 8 * D)
    assert [i.reason for i in referred.interruptions] == [Why.PROVISIONAL, Why.COURT_REFERRAL]
    assert referred.interruptions[0].end == INSTALLED + 8 * D


def test_r80_provisional_interruption_at_most_one_month() -> None:
    start = date(2025, 3, 10)
    case = enforcing().interrupt(Why.PROVISIONAL, start)
    assert case.resume(date(2025, 4, 10), DRAFT_2007).status is Status.ENFORCING
    with pytest.raises(CaseError) as caught:
        case.resume(date(2025, 4, 11), DRAFT_2007)
    assert caught.value.code == "provisional_interruption_too_long"
    assert case.overdue_interruption(date(2025, 4, 10), DRAFT_2007) is None
    assert case.overdue_interruption(date(2025, 4, 11), DRAFT_2007) == (
        "provisional_interruption_too_long"
    )


def test_r86_impediments_at_most_one_year_in_all() -> None:
    case = enforcing()
    first = case.interrupt(Why.IMPEDIMENT, date(2025, 3, 10)).resume(date(2025, 9, 10), DRAFT_2007)
    second = first.interrupt(Why.IMPEDIMENT, date(2025, 9, 15))
    limit_day = date(2025, 9, 15) + timedelta(days=365 - 184)
    assert second.resume(limit_day, DRAFT_2007).status is Status.ENFORCING
    with pytest.raises(CaseError) as caught:
        second.resume(limit_day + D, DRAFT_2007)
    assert caught.value.code == "impediment_exceeds_limit"
    assert "notifies the prosecutor" in caught.value.message
    assert second.overdue_interruption(limit_day + D, DRAFT_2007) == "impediment_exceeds_limit"


# --- the end ------------------------------------------------------------------------------


def test_r89_conversion_of_the_unserved_part_one_to_one_at_least_four() -> None:
    case = enforcing(60).refer_to_court(BreachKind.INTOXICATION, INSTALLED + 20 * D)
    converted = case.convert(INSTALLED + 40 * D, DRAFT_2007)
    assert (converted.status, converted.prison_days) == (Status.CONVERTED, 40)
    late = enforcing(60).refer_to_court(BreachKind.SERIOUS, INSTALLED + 58 * D)
    assert late.convert(INSTALLED + 70 * D, DRAFT_2007).prison_days == 4


def test_r89_conversion_only_after_a_court_referral() -> None:
    case = enforcing().interrupt(Why.IMPEDIMENT, INSTALLED + D)
    with pytest.raises(CaseError) as caught:
        case.convert(INSTALLED + 5 * D, DRAFT_2007)
    assert caught.value.code == "conversion_without_referral"


def test_completion_only_once_served() -> None:
    case = enforcing(60)
    with pytest.raises(CaseError) as caught:
        case.complete(INSTALLED + 59 * D, INSTALLED + 60 * D)
    assert caught.value.code == "not_yet_served"


def test_r73_completion_at_parole() -> None:
    case = enforcing(60)
    parole = case.parole_date(INSTALLED, DRAFT_2007, under_21=True, prison_within_lookback=False)
    assert parole == INSTALLED + 20 * D
    assert case.complete(parole, parole).status is Status.COMPLETED


def test_wrong_state_is_refused() -> None:
    with pytest.raises(CaseError) as caught:
        sentenced().interrupt(Why.IMPEDIMENT, INSTALLED)
    assert caught.value.code == "wrong_state"
    with pytest.raises(CaseError) as caught:
        sentenced().end_date(INSTALLED)
    assert caught.value.code == "not_started"
