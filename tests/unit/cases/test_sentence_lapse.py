"""RL 8:11 via RL 8:10 (R93): an unbegun monitoring sentence lapses like the prison sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.unit.cases.factories import SENTENCED, enforcing, sentenced
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.lapse import lapse_years, sentence_lapse
from valvo.domain.law.policy import ACT_2011, DRAFT_2007


def test_an_unbegun_sentence_lapses_five_years_after_the_judgment() -> None:
    lapse = sentence_lapse(sentenced(60), DRAFT_2007)
    assert lapse is not None
    assert lapse.years == 5
    assert lapse.last_day_to_begin == date(2030, 2, 3)  # SENTENCED 2025-02-03 + 5 years
    assert lapse.lapses_on == date(2030, 2, 4)
    assert sentence_lapse(sentenced(60).confirm_plan(date(2025, 2, 20)), DRAFT_2007) == lapse


def test_no_lapse_once_enforcement_has_begun_or_before_judgment() -> None:
    assert sentence_lapse(enforcing(), DRAFT_2007) is None
    assert sentence_lapse(replace(sentenced(), sentenced_on=None), DRAFT_2007) is None


@pytest.mark.parametrize(
    ("length_days", "years"),
    [
        (14, 5),
        (730, 5),  # 2025-02-03 + 24 months is 730 days: at most two years
        (731, 10),
        (1461, 10),  # four years
        (1462, 15),
        (2922, 15),  # eight years
        (2923, 20),
    ],
)
def test_the_period_follows_the_corresponding_prison_length(length_days: int, years: int) -> None:
    assert lapse_years(length_days, SENTENCED, DRAFT_2007) == years
    assert lapse_years(length_days, SENTENCED, ACT_2011) == years


def test_a_length_below_one_day_is_refused() -> None:
    with pytest.raises(CaseError, match="length_not_positive"):
        lapse_years(0, SENTENCED, DRAFT_2007)


def test_a_leap_day_judgment_lapses_on_the_first_of_march() -> None:
    assert lapse_years(60, date(2028, 2, 29), DRAFT_2007) == 5
    lapse = sentence_lapse(replace(sentenced(), sentenced_on=date(2028, 2, 29)), DRAFT_2007)
    assert lapse is not None
    assert lapse.last_day_to_begin == date(2033, 2, 28)
    assert lapse.lapses_on == date(2033, 3, 1)
