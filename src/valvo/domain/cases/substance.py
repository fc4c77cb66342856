"""Substance tests of a monitoring sentence and what each result leads to (§8, §11; R59–R65).

The substance ban is absolute (R59). Alcohol in a breath test is a §14.3 matter at once (R63).
A positive urine or saliva quick test, or a negative one with justified suspicion, goes to an
accredited laboratory (Decree 218/2005 §3) and enforcement is interrupted until the result
(R64). A confirmed narcotic, or a medicine the convict is not entitled to, is a §14.3 matter
(R65); a negative confirmation lets enforcement resume.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from valvo.domain.cases.errors import CaseError


class TestKind(StrEnum):
    __test__ = False  # not a pytest test class

    BREATH = "breath"
    URINE_QUICK = "urine_quick"
    SALIVA_QUICK = "saliva_quick"
    URINE_LAB = "urine_lab"
    BLOOD_LAB = "blood_lab"
    # R67 (option 5.2): a sweat patch worn for a period (e.g. a week) and analysed by the
    # laboratory; ``taken_at`` is its removal, the result the laboratory's (positive: §14.3).
    SWEAT_PATCH = "sweat_patch"


class TestResult(StrEnum):
    __test__ = False

    NEGATIVE = "negative"
    POSITIVE = "positive"
    REFUSED = "refused"


class Consequence(StrEnum):
    NONE = "none"
    LAB_CONFIRMATION = "lab_confirmation"  # R64: interrupt until the laboratory's result
    COURT_REFERRAL = "court_referral"  # R63, R65: §14.3, enforcement stops at once


QUICK_TESTS = frozenset({TestKind.URINE_QUICK, TestKind.SALIVA_QUICK})


def consequence(kind: TestKind, result: TestResult, *, justified_suspicion: bool) -> Consequence:
    if result is TestResult.REFUSED:
        # Refusing the test breaks §8.7 (submit to sobriety monitoring): a breach case (R78).
        return Consequence.NONE
    if kind in QUICK_TESTS:
        if result is TestResult.POSITIVE or justified_suspicion:
            return Consequence.LAB_CONFIRMATION
        return Consequence.NONE
    if result is TestResult.POSITIVE:
        return Consequence.COURT_REFERRAL
    return Consequence.NONE


def confirmation_consequence(result: TestResult, *, entitled_medicine: bool) -> Consequence:
    """R65: the laboratory's answer; a medicine the convict is entitled to is no breach."""
    if result is TestResult.POSITIVE and not entitled_medicine:
        return Consequence.COURT_REFERRAL
    return Consequence.NONE


@dataclass(frozen=True, slots=True)
class Prescription:
    """R65: a medicine the convict is entitled to, from ``valid_from`` to ``valid_until``
    (inclusive; ``None``: until further notice)."""

    substance: str
    valid_from: date
    valid_until: date | None = None

    def covers(self, substance: str, on: date) -> bool:
        same = self.substance.strip().casefold() == substance.strip().casefold()
        return (
            same and self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)
        )


def check_prescription(substance: str, valid_from: date, valid_until: date | None) -> Prescription:
    name = (substance or "").strip()
    if not name:
        raise CaseError("substance_missing", "name the prescribed medicine (R65)")
    if valid_until is not None and valid_until < valid_from:
        raise CaseError("prescription_ends_before_start", "a prescription ends after it starts")
    return Prescription(name, valid_from, valid_until)


def entitling(
    prescriptions: Iterable[tuple[str, Prescription]], substance: str | None, on: date
) -> str | None:
    """R65 (§11.3): the id of a prescription entitling the convict to ``substance`` on the day
    the sample was taken, if any; a positive result it explains is not a breach."""
    if not (substance or "").strip():
        return None
    for key, prescription in prescriptions:
        if prescription.covers(str(substance), on):
            return key
    return None


class SamplePlace(StrEnum):
    """§11.1 (R61): where the convict may be ordered to give a urine sample."""

    PRISON = "prison"
    KHL_OFFICE = "khl_office"  # the Criminal Sanctions Agency's regional office
    HEALTH_CENTRE = "health_centre"
    SUBSTANCE_CARE_UNIT = "substance_care_unit"


def check_sample_order(place_name: str, ordered_at: date, attend_on: date) -> str:
    """The order names the place and a day not before it was given (§11.1, R61)."""
    name = (place_name or "").strip()
    if not name:
        raise CaseError("place_missing", "name the place to attend for the sample (§11.1, R61)")
    if attend_on < ordered_at:
        raise CaseError("attend_before_order", "the day to attend is on or after the order")
    return name
