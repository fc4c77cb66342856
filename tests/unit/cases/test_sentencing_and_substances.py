"""The court's preconditions (RL 6:11a; R1, R3, R4) and what a substance test leads to
(§11; R63–R65)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.sentencing import CommunityServiceBar, SentencingGrounds, check_grounds
from valvo.domain.cases.substance import (
    Consequence,
    TestKind,
    TestResult,
    confirmation_consequence,
    consequence,
)

GROUNDS = SentencingGrounds(
    community_service_bar=CommunityServiceBar.EARLIER_PRISON,
    promotes_social_coping=True,
    special_obstacle=None,
    obligations_orderable=True,
    can_cope=True,
    replaced_prison_days=60,
    court="Helsingin käräjäoikeus",
)


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"community_service_bar": None}, "R3 a"),
        ({"promotes_social_coping": False}, "R3 b"),
        ({"special_obstacle": "assault against the co-resident"}, "R4"),
        ({"obligations_orderable": False}, "R3 f"),
        ({"can_cope": False}, "R3 g"),
        ({"court": " "}, "R5"),
    ],
)
def test_every_precondition_is_required(changes: dict[str, object], text: str) -> None:
    with pytest.raises(CaseError) as caught:
        check_grounds(replace(GROUNDS, **changes), 60)  # type: ignore[arg-type]
    assert caught.value.code == "sentencing_precondition"
    assert text in caught.value.message


def test_r1_as_long_as_the_prison_sentence_it_replaces() -> None:
    check_grounds(GROUNDS, 60)
    with pytest.raises(CaseError) as caught:
        check_grounds(GROUNDS, 59)
    assert caught.value.code == "length_differs_from_prison"


@pytest.mark.parametrize(
    ("kind", "result", "suspicion", "expected"),
    [
        (TestKind.BREATH, TestResult.POSITIVE, False, Consequence.COURT_REFERRAL),  # R63
        (TestKind.BREATH, TestResult.NEGATIVE, True, Consequence.NONE),
        (TestKind.URINE_QUICK, TestResult.POSITIVE, False, Consequence.LAB_CONFIRMATION),  # R64
        (TestKind.SALIVA_QUICK, TestResult.NEGATIVE, True, Consequence.LAB_CONFIRMATION),
        (TestKind.SALIVA_QUICK, TestResult.NEGATIVE, False, Consequence.NONE),
        (TestKind.URINE_LAB, TestResult.POSITIVE, False, Consequence.COURT_REFERRAL),
        (TestKind.BLOOD_LAB, TestResult.NEGATIVE, False, Consequence.NONE),
        (TestKind.URINE_QUICK, TestResult.REFUSED, False, Consequence.NONE),
    ],
)
def test_what_a_test_leads_to(
    kind: TestKind, result: TestResult, suspicion: bool, expected: Consequence
) -> None:
    assert consequence(kind, result, justified_suspicion=suspicion) is expected


def test_r65_a_confirmed_result_and_an_entitled_medicine() -> None:
    positive = TestResult.POSITIVE
    assert confirmation_consequence(positive, entitled_medicine=False) is Consequence.COURT_REFERRAL
    assert confirmation_consequence(positive, entitled_medicine=True) is Consequence.NONE
    assert (
        confirmation_consequence(TestResult.NEGATIVE, entitled_medicine=False) is Consequence.NONE
    )
