"""R85 (§16): the court's hearing at a decision on a breach, as a record."""

from __future__ import annotations

import pytest

from valvo.domain.cases.breach import court_hearing
from valvo.domain.cases.errors import CaseError


def test_r85_court_hearing_record_names_who_was_heard() -> None:
    record = court_hearing(
        in_absence=False, convict_heard=True, convict_representative=" ", khl_representative="K"
    )
    assert record == {
        "convict_heard": True,
        "convict_representative": None,
        "khl_representative": "K",
    }


def test_r85_a_convict_heard_in_person_was_not_absent() -> None:
    with pytest.raises(CaseError) as caught:
        court_hearing(
            in_absence=True,
            convict_heard=True,
            convict_representative=None,
            khl_representative=None,
        )
    assert caught.value.code == "heard_but_absent"
    absent = court_hearing(
        in_absence=True,
        convict_heard=None,
        convict_representative="Avustaja",
        khl_representative=None,
    )
    assert absent["convict_representative"] == "Avustaja"
