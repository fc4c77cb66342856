"""Travel-ban deadlines (PKL 2:7, 2:14; R111, R118), exact across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valvo.domain.clock import NaiveDatetimeError
from valvo.domain.law.policy import DRAFT_2007
from valvo.domain.law.travel_ban import travel_ban_deadlines

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_r111_provisional_locality_has_72_hour_and_7_day_deadlines() -> None:
    decided = datetime(2025, 5, 5, 9, 30, tzinfo=HELSINKI)
    result = travel_ban_deadlines(decided, provisional_locality=True, policy=DRAFT_2007)
    assert result.court_referral_deadline == datetime(2025, 5, 8, 9, 30, tzinfo=HELSINKI)
    assert result.court_hearing_deadline == datetime(2025, 5, 12, 9, 30, tzinfo=HELSINKI)


def test_r118_charges_within_60_days_and_no_court_deadlines_without_locality() -> None:
    decided = datetime(2025, 5, 5, 9, 30, tzinfo=HELSINKI)
    result = travel_ban_deadlines(decided, provisional_locality=False, policy=DRAFT_2007)
    assert result.charges_deadline == datetime(2025, 7, 4, 9, 30, tzinfo=HELSINKI)
    assert result.court_referral_deadline is None
    assert result.court_hearing_deadline is None


def test_r111_72_hours_across_the_spring_change_end_an_hour_later_on_the_clock() -> None:
    """Decided Friday 10:00 EET before the last Sunday of March: 72 real hours later it is
    Monday 11:00 EEST, not 10:00 (which would be only 71 hours)."""
    decided = datetime(2025, 3, 28, 10, 0, tzinfo=HELSINKI)
    result = travel_ban_deadlines(decided, provisional_locality=True, policy=DRAFT_2007)
    referral = result.court_referral_deadline
    assert referral is not None
    assert referral.astimezone(HELSINKI).isoformat() == "2025-03-31T11:00:00+03:00"
    assert referral - decided == timedelta(hours=72)


def test_r111_72_hours_across_the_autumn_change_end_an_hour_earlier_on_the_clock() -> None:
    decided = datetime(2025, 10, 24, 10, 0, tzinfo=HELSINKI)
    result = travel_ban_deadlines(decided, provisional_locality=True, policy=DRAFT_2007)
    referral = result.court_referral_deadline
    assert referral is not None
    assert referral.astimezone(HELSINKI).isoformat() == "2025-10-27T09:00:00+02:00"


def test_naive_decision_time_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        travel_ban_deadlines(
            datetime(2025, 1, 1),  # noqa: DTZ001
            provisional_locality=True,
            policy=DRAFT_2007,
        )


instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001  (hypothesis bounds are naive)
    max_value=datetime(2090, 12, 31),  # noqa: DTZ001
    timezones=st.just(HELSINKI),
)


@given(decided=instants, provisional=st.booleans())
def test_property_deadlines_are_exact_elapsed_time(decided: datetime, provisional: bool) -> None:
    """Whatever clock change lies between, each deadline is exactly 72 h, 7 × 24 h and
    60 × 24 h of real time after the decision."""
    result = travel_ban_deadlines(decided, provisional_locality=provisional, policy=DRAFT_2007)
    real = decided.astimezone(UTC)
    assert result.charges_deadline.astimezone(UTC) - real == timedelta(hours=60 * 24)
    if provisional:
        assert result.court_referral_deadline is not None
        assert result.court_hearing_deadline is not None
        assert result.court_referral_deadline.astimezone(UTC) - real == timedelta(hours=72)
        assert result.court_hearing_deadline.astimezone(UTC) - real == timedelta(hours=7 * 24)
    else:
        assert result.court_referral_deadline is None
        assert result.court_hearing_deadline is None
