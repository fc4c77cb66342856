"""R61 (§11.1): an order to attend a place for a urine sample names the place and a day."""

from __future__ import annotations

from datetime import date

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.substance import SamplePlace, check_sample_order


def test_r61_the_four_places_of_the_act() -> None:
    assert {p.value for p in SamplePlace} == {
        "prison",
        "khl_office",
        "health_centre",
        "substance_care_unit",
    }


def test_r61_an_order_names_the_place_and_a_day_not_before_it() -> None:
    assert check_sample_order(" Kallion terveysasema ", date(2027, 1, 1), date(2027, 1, 1)) == (
        "Kallion terveysasema"
    )
    for name, day, code in (
        (" ", date(2027, 1, 2), "place_missing"),
        ("Asema", date(2026, 12, 31), "attend_before_order"),
    ):
        with pytest.raises(CaseError) as caught:
            check_sample_order(name, date(2027, 1, 1), day)
        assert caught.value.code == code
