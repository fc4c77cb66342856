"""R67 (option 5.2): a sweat patch is a test kind the laboratory analyses; a positive patch is a
§14.3 matter like any laboratory result, a negative one nothing."""

from __future__ import annotations

from valvo.domain.cases.substance import Consequence, TestKind, TestResult, consequence
from valvo.services.cases.labels import TEST_KINDS


def test_r67_sweat_patch_is_a_laboratory_test_kind() -> None:
    patch = TestKind("sweat_patch")
    assert consequence(patch, TestResult.POSITIVE, justified_suspicion=False) is (
        Consequence.COURT_REFERRAL
    )
    assert consequence(patch, TestResult.NEGATIVE, justified_suspicion=True) is Consequence.NONE
    assert TEST_KINDS["sweat_patch"].fi == "Hikilaastari, laboratorio"
