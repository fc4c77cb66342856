"""Parole (RL 2c:5 through §1.2; R73–R77) and the sentence length (RL 6:11a; R2)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valvo.domain.law.calendar import months_in_days
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.parole import (
    CustodyKind,
    Parole,
    ServedPeriod,
    compute_parole,
    fraction_text,
    prison_within_lookback,
    under_age_at,
)
from valvo.domain.law.policy import ACT_2011, DRAFT_2007, LawPolicy

START = date(2025, 1, 1)


def parole(
    length: int,
    *,
    under_21: bool = False,
    prison: bool = False,
    k: int = 0,
    start: date = START,
    policy: LawPolicy = DRAFT_2007,
) -> Parole:
    return compute_parole(
        length_days=length,
        start=start,
        under_21=under_21,
        prison_within_lookback=prison,
        interrupted_days=k,
        policy=policy,
    )


def test_worked_example() -> None:
    result = parole(90)
    assert fraction_text(result.fraction) == "1/2"
    assert result.days_before_parole == 45
    assert result.parole_date == date(2025, 2, 15)
    assert result.end_date == date(2025, 4, 1)


@pytest.mark.parametrize(
    ("under_21", "prison", "text", "days"),
    [
        (False, False, "1/2", 60),
        (True, False, "1/3", 40),
        (False, True, "2/3", 80),
        (True, True, "1/2", 60),
    ],
)
def test_r73_fraction_by_age_and_prison_history(
    under_21: bool, prison: bool, text: str, days: int
) -> None:
    """R73: 1/2, 1/3 under 21, 2/3 after prison in the 3 years before, 1/2 if both."""
    result = parole(120, under_21=under_21, prison=prison)
    assert fraction_text(result.fraction) == text
    assert result.days_before_parole == days


def test_r74_at_least_14_days_served() -> None:
    """R74: 20 days at 1/3 would be 6; the served part is 14."""
    assert parole(20, under_21=True).days_before_parole == 14
    assert parole(14).days_before_parole == 14


def test_r75_fractions_of_a_day_are_not_enforced() -> None:
    """R75: 2/3 of 100 is 66.67 days; 66 are served."""
    assert parole(100, prison=True).days_before_parole == 66
    assert parole(31).days_before_parole == 15


def test_r71_interruptions_push_both_dates_back() -> None:
    """R71: interrupted days are not served, so parole and end move by K."""
    plain, interrupted = parole(60), parole(60, k=10)
    assert interrupted.parole_date == plain.parole_date + timedelta(days=10)
    assert interrupted.end_date == plain.end_date + timedelta(days=10)
    assert interrupted.days_before_parole == plain.days_before_parole


def test_r2_sentence_below_14_days_is_rejected() -> None:
    """R2: a 3-day sentence is not a monitoring sentence."""
    with pytest.raises(LawInputError) as caught:
        parole(3)
    assert caught.value.code == "length_below_minimum"
    assert "at least 14 days" in caught.value.message


def test_r2_four_calendar_months_is_the_maximum() -> None:
    """R2: from 1 January four calendar months are 120 days; 121 is refused."""
    assert parole(120).end_date == date(2025, 5, 1)
    with pytest.raises(LawInputError) as caught:
        parole(121)
    assert caught.value.code == "length_above_maximum"
    assert "120 days from 2025-01-01" in caught.value.message


def test_r2_months_count_from_the_start_date() -> None:
    """From 1 July four months are 123 days (July, August, September, October)."""
    assert parole(123, start=date(2025, 7, 1)).end_date == date(2025, 11, 1)


def test_2011_act_allows_six_months() -> None:
    assert parole(181, policy=ACT_2011).days_before_parole == 90
    with pytest.raises(LawInputError):
        parole(182, policy=ACT_2011)


def test_negative_interruption_is_rejected() -> None:
    with pytest.raises(LawInputError) as caught:
        parole(30, k=-1)
    assert caught.value.code == "interrupted_days_negative"


def test_dates_past_year_9999_are_an_input_error() -> None:
    with pytest.raises(LawInputError) as caught:
        parole(30, start=date(9999, 12, 1), k=10)
    assert caught.value.code == "date_out_of_range"
    with pytest.raises(LawInputError) as caught:
        parole(30, start=date(9999, 10, 1), k=100)
    assert caught.value.code == "date_out_of_range"


def test_r76_a_served_monitoring_sentence_is_not_prison_for_recidivism() -> None:
    """R76: only prison in the 3 years before the offence makes the 2/3 fraction apply."""
    offence = date(2025, 6, 1)
    monitoring = ServedPeriod(CustodyKind.MONITORING_SENTENCE, date(2024, 1, 1), date(2024, 3, 1))
    assert not prison_within_lookback([monitoring], offence, DRAFT_2007)
    prison = ServedPeriod(CustodyKind.PRISON, date(2024, 1, 1), date(2024, 3, 1))
    assert prison_within_lookback([monitoring, prison], offence, DRAFT_2007)


def test_r73_lookback_is_three_years_before_the_offence() -> None:
    offence = date(2025, 6, 1)
    ended_just_before = ServedPeriod(CustodyKind.PRISON, date(2022, 1, 1), date(2022, 5, 31))
    ended_on_first_day = ServedPeriod(CustodyKind.PRISON, date(2022, 1, 1), date(2022, 6, 1))
    after_offence = ServedPeriod(CustodyKind.PRISON, date(2025, 6, 1), date(2025, 7, 1))
    assert not prison_within_lookback([ended_just_before], offence, DRAFT_2007)
    assert prison_within_lookback([ended_on_first_day], offence, DRAFT_2007)
    assert not prison_within_lookback([after_offence], offence, DRAFT_2007)


def test_r73_under_21_is_the_age_on_the_day_of_the_offence() -> None:
    born = date(2004, 6, 1)
    assert under_age_at(born, date(2025, 5, 31), 21)
    assert not under_age_at(born, date(2025, 6, 1), 21)


starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(
    start=starts,
    data=st.data(),
    under_21=st.booleans(),
    prison=st.booleans(),
    k=st.integers(min_value=0, max_value=400),
)
def test_property_served_part_is_bounded_and_dates_add_up(
    start: date, data: st.DataObject, under_21: bool, prison: bool, k: int
) -> None:
    """Never below 14 days nor above N; parole = start + days + K; end = start + N + K."""
    longest = months_in_days(start, DRAFT_2007.max_sentence_months)
    n = data.draw(st.integers(min_value=14, max_value=longest))
    result = parole(n, under_21=under_21, prison=prison, k=k, start=start)
    assert 14 <= result.days_before_parole <= n
    assert result.days_before_parole == max(14, math.floor(n * result.fraction))
    assert result.parole_date == start + timedelta(days=result.days_before_parole + k)
    assert result.end_date == start + timedelta(days=n + k)
    assert result.parole_date <= result.end_date


@given(start=starts, n=st.integers(min_value=-1000, max_value=13))
def test_property_anything_under_14_days_is_refused(start: date, n: int) -> None:
    with pytest.raises(LawInputError):
        parole(n, start=start)
