"""Conversion to prison (§17; R89) and combination of sentences (§20; R95)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valvo.domain.law.calendar import add_months
from valvo.domain.law.combination import combine
from valvo.domain.law.conversion import convert_to_prison, longest_span_days
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import ACT_2011, DRAFT_2007


@pytest.mark.parametrize(("unserved", "prison"), [(0, 4), (1, 4), (3, 4), (4, 4), (5, 5), (90, 90)])
def test_r89_one_day_for_one_day_at_least_four(unserved: int, prison: int) -> None:
    """R89: unserved days convert 1:1 into prison, minimum 4 days."""
    assert convert_to_prison(unserved, DRAFT_2007) == prison


def test_conversion_refuses_impossible_unserved_days() -> None:
    assert longest_span_days(6) == 184
    assert convert_to_prison(184, DRAFT_2007) == 184
    with pytest.raises(LawInputError) as caught:
        convert_to_prison(185, DRAFT_2007)
    assert caught.value.code == "unserved_days_above_maximum"
    with pytest.raises(LawInputError) as caught:
        convert_to_prison(-1, DRAFT_2007)
    assert caught.value.code == "unserved_days_negative"


@given(st.integers(min_value=0, max_value=184))
def test_property_conversion_never_below_four(unserved: int) -> None:
    prison = convert_to_prison(unserved, DRAFT_2007)
    assert prison >= 4
    assert prison == max(4, unserved)


def test_r95_sentences_add_up_to_at_most_six_months() -> None:
    """R95: 100 + 100 days from 1 January exceed six months (181 days)."""
    result = combine(date(2025, 1, 1), [100, 100], DRAFT_2007)
    assert (result.total_days, result.cap_days, result.combined_days, result.capped) == (
        200,
        181,
        181,
        True,
    )
    below = combine(date(2025, 1, 1), [60, 30], DRAFT_2007)
    assert (below.total_days, below.combined_days, below.capped) == (90, 90, False)


def test_r95_exactly_the_cap_is_not_capped() -> None:
    result = combine(date(2025, 7, 1), [92, 92], DRAFT_2007)  # July–December: 184 days
    assert (result.cap_days, result.combined_days, result.capped) == (184, 184, False)


def test_r2_each_combined_sentence_is_a_valid_sentence() -> None:
    with pytest.raises(LawInputError) as caught:
        combine(date(2025, 1, 1), [30, 3], DRAFT_2007)
    assert caught.value.code == "length_below_minimum"
    with pytest.raises(LawInputError) as caught:
        combine(date(2025, 1, 1), [], DRAFT_2007)
    assert caught.value.code == "no_sentences"
    assert combine(date(2025, 1, 1), [150, 20], ACT_2011).capped is False


starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(
    start=starts, lengths=st.lists(st.integers(min_value=14, max_value=120), min_size=1, max_size=6)
)
def test_property_combined_never_above_cap_and_capped_iff_total_exceeds(
    start: date, lengths: list[int]
) -> None:
    result = combine(start, lengths, DRAFT_2007)
    assert result.cap_days == (add_months(start, 6) - start).days
    assert result.total_days == sum(lengths)
    assert result.combined_days <= result.cap_days
    assert result.combined_days == min(result.total_days, result.cap_days)
    assert result.capped == (result.total_days > result.cap_days)
