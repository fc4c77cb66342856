"""One test per rule of the wanted notice (§13), a new prison sentence (§18.2), crediting
(§19), combining (§20) and travel costs (§22), on the pure domain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.cases.factories import ENFORCEABLE, INSTALLED, PLAN, enforcing, sentenced
from valvo.domain.cases import wanted
from valvo.domain.cases.breach import BreachKind
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.new_sentences import credit, credited_days
from valvo.domain.cases.sentence import ImpedimentOutcome, MonitoringSentence, Status
from valvo.domain.cases.serving import InterruptionReason
from valvo.domain.cases.travel_costs import DiscretionaryGround, TripPurpose, decide_claim
from valvo.domain.law.combination import combine
from valvo.domain.law.policy import ACT_2011, DRAFT_2007

# --- §13 wanted notice (R88) --------------------------------------------------------------


def notice(**changes: object) -> wanted.WantedNotice:
    values: dict[str, object] = {
        "not_found_since": date(2025, 3, 10),
        "search_steps": "two home visits, calls to phone and workplace",
        "issued_on": date(2025, 3, 12),
        "contact_by": date(2025, 3, 26),
        "already_wanted": False,
    } | changes
    return wanted.issue(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"search_steps": "  "}, "not_sought"),
        ({"not_found_since": date(2025, 3, 13)}, "issued_before_missing"),
        ({"contact_by": date(2025, 3, 12)}, "contact_date_not_after_notice"),
        ({"already_wanted": True}, "already_wanted"),
    ],
)
def test_r88_a_notice_only_for_someone_sought_in_vain_with_a_later_set_date(
    changes: dict[str, object], code: str
) -> None:
    with pytest.raises(CaseError) as caught:
        notice(**changes)
    assert caught.value.code == code


def test_r88_the_notice_names_the_set_date_and_the_conversion() -> None:
    text = notice().text("fi", "26.3.2025")
    assert "ulosottomieheen" in text
    assert "26.3.2025" in text
    assert "muuntamiseksi ehdottomaksi vankeudeksi" in text
    assert "unconditional imprisonment" in notice().text("en", "2025-03-26")


def test_r88_contact_counts_only_up_to_the_set_date() -> None:
    issued = notice()
    assert issued.contact(date(2025, 3, 26)).contacted_on == date(2025, 3, 26)
    with pytest.raises(CaseError) as caught:
        issued.contact(date(2025, 3, 27))
    assert caught.value.code == "contact_after_deadline"
    assert not issued.deadline_missed(date(2025, 3, 26))
    assert issued.deadline_missed(date(2025, 3, 27))


def test_r71_days_sought_are_not_served_and_do_not_extend_the_year() -> None:
    serving = enforcing(60)
    sought = serving.interrupt(InterruptionReason.WANTED, date(2025, 3, 10))
    back = sought.resume(date(2025, 3, 20), DRAFT_2007)
    assert back.served_days(date(2025, 3, 20)) == (date(2025, 3, 10) - INSTALLED).days
    assert back.end_date(date(2025, 3, 20)) == INSTALLED + timedelta(days=60 + 10)
    assert back.completion_deadline(date(2025, 3, 20), DRAFT_2007) == date(2026, 2, 17)


def test_r81_no_contact_is_abandonment_or_failure_to_start() -> None:
    assert wanted.breach_on_missed_deadline(True) is BreachKind.ABANDONMENT
    assert wanted.breach_on_missed_deadline(False) is BreachKind.FAILURE_TO_START
    # Not started yet: the start is prohibited at the referral, and the court may convert all.
    waiting = sentenced(60).confirm_plan(PLAN)
    referred = waiting.refer_to_court(BreachKind.FAILURE_TO_START, date(2025, 3, 27))
    assert referred.status is Status.INTERRUPTED
    converted = referred.convert(date(2025, 4, 10), DRAFT_2007)
    assert converted.prison_days == 60


# --- §18.2 and §19 (R91, R92) -------------------------------------------------------------


def test_r91_the_rest_is_served_as_prison_without_the_four_day_minimum() -> None:
    serving = enforcing(60)
    day = INSTALLED + timedelta(days=58)
    prohibited = serving.prohibit_for_new_prison(day)
    assert prohibited.status is Status.CONVERTED
    assert prohibited.prison_days == 2  # §17's minimum of 4 is not §18.2's rule
    assert prohibited.ended_on == day


def test_r91_before_the_start_the_whole_sentence_is_prison() -> None:
    assert sentenced(45).prohibit_for_new_prison(ENFORCEABLE).prison_days == 45


def test_r92_one_served_day_is_one_day_of_prison_most_favourably() -> None:
    assert credited_days(10, False, DRAFT_2007) == 10
    assert credited_days(10, True, DRAFT_2007) == 11  # the part-served day counts whole
    assert credit(90, 11) == credit(90, 11)
    assert (credit(90, 11).credited_days, credit(90, 11).remaining_days) == (11, 79)
    assert credit(5, 11).remaining_days == 0


@given(st.integers(1, 3000), st.integers(0, 400), st.booleans())
def test_r92_credit_never_exceeds_the_new_sentence_nor_goes_negative(
    new: int, served: int, partly: bool
) -> None:
    result = credit(new, credited_days(served, partly, DRAFT_2007))
    assert 0 <= result.remaining_days <= new
    assert result.credited_days + result.remaining_days == new


# --- §20 (R95): the same code as `valvo law combine` --------------------------------------


def test_r95_combining_caps_at_six_months_from_the_start() -> None:
    serving = enforcing(100)
    combined, combination = serving.combine_with((100,), 100, DRAFT_2007)
    assert combination == combine(INSTALLED, [100, 100], DRAFT_2007)
    assert combination.capped
    assert combined.length_days == combination.cap_days == 184  # 3.3.2025 + 6 months
    again, more = combined.combine_with((100, 100), 20, DRAFT_2007)
    assert more.total_days == 220
    assert again.length_days == 184


def test_r95_each_added_sentence_must_be_a_lawful_length() -> None:
    with pytest.raises(CaseError) as caught:
        enforcing(60).combine_with((60,), 3, DRAFT_2007)
    assert caught.value.code == "length_below_minimum"
    # The 2011 act allows a single six-month sentence; combined still at most six months.
    _, combination = enforcing(60).combine_with((60,), 180, ACT_2011)
    assert combination.combined_days == combination.cap_days


# --- §22 (R96–R98) ---------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", [TripPurpose.REPORT, TripPurpose.PLAN, TripPurpose.ACTIVITY])
def test_r96_report_plan_and_activity_travel_is_reimbursed(purpose: TripPurpose) -> None:
    decision = decide_claim(
        purpose, claimed_cents=580, cheapest_fare_cents=580, fare_basis="HSL AB"
    )
    assert (decision.approved, decision.amount_cents) == (True, 580)


@pytest.mark.parametrize("purpose", [TripPurpose.WORK, TripPurpose.STUDY, TripPurpose.TREATMENT])
def test_r96_work_study_and_treatment_travel_is_not(purpose: TripPurpose) -> None:
    decision = decide_claim(
        purpose, claimed_cents=580, cheapest_fare_cents=580, fare_basis="HSL AB"
    )
    assert (decision.approved, decision.amount_cents) == (False, 0)
    assert "§22.1" in decision.reason


def test_r97_other_travel_needs_a_recorded_ground() -> None:
    with pytest.raises(CaseError) as caught:
        decide_claim(TripPurpose.OTHER, claimed_cents=900, cheapest_fare_cents=900, fare_basis="VR")
    assert caught.value.code == "justification_missing"
    allowed = decide_claim(
        TripPurpose.OTHER,
        claimed_cents=900,
        cheapest_fare_cents=900,
        fare_basis="VR 2nd class",
        ground=DiscretionaryGround.LACK_OF_MEANS,
        justification="no income, living on social assistance",
    )
    assert allowed.approved
    assert "§22.2" in allowed.reason


@given(st.integers(0, 100_000), st.integers(0, 100_000))
def test_r98_never_more_than_the_cheapest_public_transport_fare(claimed: int, fare: int) -> None:
    decision = decide_claim(
        TripPurpose.ACTIVITY, claimed_cents=claimed, cheapest_fare_cents=fare, fare_basis="bus"
    )
    assert decision.amount_cents == min(claimed, fare)


def test_r98_the_fare_basis_is_required() -> None:
    with pytest.raises(CaseError) as caught:
        decide_claim(TripPurpose.PLAN, claimed_cents=1, cheapest_fare_cents=1, fare_basis=" ")
    assert caught.value.code == "fare_basis_missing"


# --- §15.3 (R87): the court after an impediment of more than a year -----------------------


def impeded_for(days: int) -> tuple[MonitoringSentence, date]:
    start = INSTALLED + timedelta(days=10)
    return enforcing(60).interrupt(InterruptionReason.IMPEDIMENT, start), start + timedelta(
        days=days
    )


def test_r87_the_court_decides_only_after_more_than_a_year() -> None:
    impeded, on = impeded_for(200)
    with pytest.raises(CaseError) as caught:
        impeded.court_after_impediment(ImpedimentOutcome.CONVERT, on, DRAFT_2007)
    assert caught.value.code == "impediment_within_limit"


def test_r87_conversion_credits_the_days_served() -> None:
    impeded, on = impeded_for(370)
    converted = impeded.court_after_impediment(ImpedimentOutcome.CONVERT, on, DRAFT_2007)
    assert converted.status is Status.CONVERTED
    assert converted.prison_days == 50  # 60 less the 10 served (§19: 1:1)


def test_r87_extension_lets_serving_go_on() -> None:
    impeded, on = impeded_for(370)
    extended = impeded.court_after_impediment(ImpedimentOutcome.EXTEND, on, DRAFT_2007)
    assert extended.status is Status.ENFORCING
    assert extended.served_days(on + timedelta(days=5)) == 15


def test_r87_deemed_served_only_for_special_reasons() -> None:
    impeded, on = impeded_for(370)
    with pytest.raises(CaseError) as caught:
        impeded.court_after_impediment(ImpedimentOutcome.DEEM_COMPLETED, on, DRAFT_2007)
    assert caught.value.code == "special_reason_missing"
    done = impeded.court_after_impediment(
        ImpedimentOutcome.DEEM_COMPLETED, on, DRAFT_2007, special_reason="lasting illness"
    )
    assert (done.status, done.ended_on) == (Status.COMPLETED, on)
