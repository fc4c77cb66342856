"""The monitoring sentence report (§4; R8–R15) and the sentencing preconditions (R3, R9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.unit.cases.factories import FULL_ITEMS, REPORTED, REQUESTED, full_report, reported
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.report import CoResident, Report, Requester
from valvo.domain.cases.sentence import Status, request_report
from valvo.domain.law.policy import DRAFT_2007


def test_r8_a_report_is_requested_by_a_prosecutor_or_a_court() -> None:
    assert {r.value for r in Requester} == {"prosecutor", "court"}
    case = request_report(Requester.PROSECUTOR, REQUESTED)
    assert case.status is Status.REPORT_REQUESTED
    assert (case.report.requester, case.report.requested_on) == (Requester.PROSECUTOR, REQUESTED)
    with pytest.raises(ValueError, match="police"):
        request_report("police", REQUESTED)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("suspect_consents", "item 1"),
        ("dwelling_assessment", "item 2"),
        ("circumstances_assessment", "item 3"),
        ("activity_place", "item 4"),
        ("movement_needs", "item 5"),
    ],
)
def test_r10_each_of_the_five_items_is_mandatory(field: str, label: str) -> None:
    report = replace(full_report(), items=replace(FULL_ITEMS, **{field: None}))
    with pytest.raises(CaseError) as caught:
        report.complete(REPORTED, DRAFT_2007)
    assert caught.value.code == "report_incomplete"
    assert label in caught.value.message
    assert "R10" in caught.value.message


def test_r10_a_blank_item_is_missing() -> None:
    report = replace(full_report(), items=replace(FULL_ITEMS, movement_needs="  "))
    assert any("item 5" in p for p in report.problems(REPORTED, DRAFT_2007))


def test_r11_statement_and_r13_hearing_are_required() -> None:
    report = replace(full_report(), statement_justified=None, suspect_heard_on=None)
    problems = report.problems(REPORTED, DRAFT_2007)
    assert any("R11" in p for p in problems)
    assert any("R13" in p for p in problems)


def test_r14_adult_co_residents_consent_in_writing() -> None:
    adult = CoResident("Aino", date(1980, 5, 5))
    with pytest.raises(CaseError) as caught:
        full_report(adult).complete(REPORTED, DRAFT_2007)
    assert "Aino (44) has not consented in writing (R14)" in caught.value.message
    done = full_report(replace(adult, written_consent=True)).complete(REPORTED, DRAFT_2007)
    assert done.completed_on == REPORTED


def test_r14_age_is_taken_on_the_day_the_report_is_completed() -> None:
    turns_18 = CoResident("Eero", date(2007, 1, 20), heard=True)  # 18 on REPORTED
    assert any("R14" in p for p in full_report(turns_18).problems(REPORTED, DRAFT_2007))
    assert full_report(turns_18).problems(date(2025, 1, 19), DRAFT_2007) == ()


def test_r15_children_12_to_17_are_heard_but_do_not_consent() -> None:
    child = CoResident("Sanni", date(2011, 6, 1))  # 13
    with pytest.raises(CaseError) as caught:
        full_report(child).complete(REPORTED, DRAFT_2007)
    assert "Sanni (13) has not been heard" in caught.value.message
    assert full_report(replace(child, heard=True)).problems(REPORTED, DRAFT_2007) == ()


def test_r15_under_12_neither_heard_nor_consent() -> None:
    small = CoResident("Lumi", date(2015, 1, 1))
    assert full_report(small).problems(REPORTED, DRAFT_2007) == ()


def test_report_cannot_be_completed_before_its_request() -> None:
    with pytest.raises(CaseError) as caught:
        full_report().complete(date(2025, 1, 1), DRAFT_2007)
    assert caught.value.code == "report_before_request"


def test_r3_no_sentence_without_the_offenders_consent() -> None:
    case = request_report(Requester.COURT, REQUESTED).update_report(full_report(consents=False))
    case = case.complete_report(REPORTED, DRAFT_2007)
    with pytest.raises(CaseError) as caught:
        case.sentence(
            length_days=30,
            sentenced_on=date(2025, 2, 3),
            enforceable_on=date(2025, 2, 17),
            policy=DRAFT_2007,
        )
    assert caught.value.code == "sentencing_precondition"
    assert "R3" in caught.value.message


def test_r9_the_report_precedes_sentencing() -> None:
    with pytest.raises(CaseError) as caught:
        reported().sentence(
            length_days=30,
            sentenced_on=date(2025, 1, 15),
            enforceable_on=date(2025, 2, 1),
            policy=DRAFT_2007,
        )
    assert caught.value.code == "report_after_sentencing"


def test_report_is_frozen_once_reported() -> None:
    with pytest.raises(CaseError) as caught:
        reported().update_report(Report(Requester.COURT, REQUESTED))
    assert caught.value.code == "wrong_state"
