"""Serving-time arithmetic (§7, §15; R70, R71, R86), including properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.serving import (
    Interruption,
    interrupted_days,
    projected_end,
    served_days,
)
from valvo.domain.cases.serving import InterruptionReason as Why

START = date(2025, 3, 3)
D = timedelta(days=1)


def test_overlapping_interruptions_count_once() -> None:
    both = [
        Interruption(Why.PROVISIONAL, START, START + 10 * D),
        Interruption(Why.LAB_CONFIRMATION, START + 5 * D, START + 12 * D),
    ]
    assert interrupted_days(both, today=START + 30 * D) == 12


def test_an_interruption_cannot_end_before_it_starts() -> None:
    with pytest.raises(CaseError) as caught:
        Interruption(Why.IMPEDIMENT, START, START - D)
    assert caught.value.code == "interruption_ends_before_start"


def test_r71_an_interruption_after_the_original_end_still_moves_it_when_earlier_ones_do() -> None:
    early = Interruption(Why.IMPEDIMENT, START + 5 * D, START + 15 * D)  # 10 days
    later = Interruption(Why.IMPEDIMENT, START + 35 * D, START + 40 * D)  # after day 30
    assert projected_end(START, 30, [early, later], today=START + 50 * D) == START + 45 * D


spans = st.lists(
    st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=40)),
    max_size=5,
)


@given(length=st.integers(min_value=14, max_value=184), raw=spans)
def test_property_served_days_reach_the_length_exactly_at_the_projected_end(
    length: int, raw: list[tuple[int, int]]
) -> None:
    interruptions = [
        Interruption(Why.IMPEDIMENT, START + a * D, START + (a + n) * D) for a, n in raw
    ]
    today = START + 500 * D
    end = projected_end(START, length, interruptions, today)
    assert served_days(START, interruptions, end) == length
    assert served_days(START, interruptions, end - D) < length
    assert end >= START + length * D


@given(raw=spans, on=st.integers(min_value=0, max_value=300))
def test_property_served_plus_interrupted_is_elapsed(raw: list[tuple[int, int]], on: int) -> None:
    interruptions = [
        Interruption(Why.PROVISIONAL, START + a * D, START + (a + n) * D) for a, n in raw
    ]
    day = START + on * D
    interrupted = interrupted_days(interruptions, day, within=(START, day))
    assert served_days(START, interruptions, day) + interrupted == on
