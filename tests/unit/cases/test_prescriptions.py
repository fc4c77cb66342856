"""R65 (§11.3): stored prescription entitlements against the laboratory's result."""

from __future__ import annotations

from datetime import date

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.substance import Prescription, check_prescription, entitling

HELD = [
    ("p1", Prescription("Diatsepaami", date(2027, 1, 1), date(2027, 1, 31))),
    ("p2", Prescription("Kodeiini", date(2027, 2, 1))),
]


def test_r65_a_valid_prescription_entitles_on_the_day_of_the_sample() -> None:
    assert entitling(HELD, "diatsepaami ", date(2027, 1, 31)) == "p1"  # the last day included
    assert entitling(HELD, "Diatsepaami", date(2027, 2, 1)) is None  # expired
    assert entitling(HELD, "Diatsepaami", date(2026, 12, 31)) is None  # not yet valid
    assert entitling(HELD, "Kodeiini", date(2030, 1, 1)) == "p2"  # until further notice
    assert entitling(HELD, "Amfetamiini", date(2027, 1, 10)) is None
    assert entitling(HELD, None, date(2027, 1, 10)) is None


def test_r65_a_prescription_is_named_and_ends_after_it_starts() -> None:
    with pytest.raises(CaseError) as caught:
        check_prescription(" ", date(2027, 1, 1), None)
    assert caught.value.code == "substance_missing"
    with pytest.raises(CaseError) as caught:
        check_prescription("Kodeiini", date(2027, 1, 2), date(2027, 1, 1))
    assert caught.value.code == "prescription_ends_before_start"
