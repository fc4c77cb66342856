"""R53: visits against a configurable target (the reference: twice a week), by calendar week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from valvo.domain.cases.visits import DEFAULT_VISITS_PER_WEEK, visit_frequency

MONDAY = date(2027, 1, 4)
D = timedelta(days=1)


def test_r53_the_reference_target_is_twice_a_week() -> None:
    assert DEFAULT_VISITS_PER_WEEK == 2


def test_r53_two_full_weeks_one_short_and_the_actual_frequency() -> None:
    visits = [MONDAY, MONDAY + 3 * D, MONDAY + 8 * D, MONDAY - D, MONDAY + 14 * D]
    result = visit_frequency(visits, MONDAY, MONDAY + 14 * D, 2)
    assert result.days == 14
    assert result.visits == 3  # the day before and the day after the period do not count
    assert result.expected == 4.0
    assert result.per_week == 1.5
    assert [(w.monday, w.visits, w.short) for w in result.weeks] == [
        (MONDAY, 2, False),
        (MONDAY + 7 * D, 1, True),
    ]
    assert result.weeks_short == 1
    assert not result.on_target


def test_r53_a_partial_week_is_pro_rated_and_never_counted_short() -> None:
    wednesday = MONDAY + 2 * D
    result = visit_frequency([], wednesday, wednesday + 3 * D, 2)
    assert [w.days for w in result.weeks] == [3]
    assert result.weeks_short == 0
    assert result.expected == pytest.approx(0.9)
    assert result.per_week == 0.0
    assert result.on_target  # less than one whole visit is due yet


def test_r53_nothing_served_yet_has_no_frequency_and_bad_targets_are_refused() -> None:
    empty = visit_frequency([MONDAY], MONDAY, MONDAY, 2)
    assert empty.per_week is None
    assert empty.weeks == ()
    with pytest.raises(ValueError, match="0–14"):
        visit_frequency([], MONDAY, MONDAY + D, 15)
