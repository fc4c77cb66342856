"""R27 (7.1.2): a work or study place that existed when the report was made is flagged for the
activity obligation until the plan says whether it is included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.support.cases import plan_content
from valvo.domain.cases.sentence_plan import read_sentence_plan, work_or_study_flag
from valvo.domain.law.errors import LawInputError


def _plan(**changes: Any) -> dict[str, Any]:
    return plan_content(date(2027, 1, 4), date(2027, 3, 31), **changes)


def test_r27_no_work_or_study_in_the_report_means_no_flag() -> None:
    assert work_or_study_flag(None, None) is None
    assert work_or_study_flag("  ", _plan(work_or_study_included=True)) is None


def test_r27_flagged_until_the_plan_says_included_or_left_out() -> None:
    assert work_or_study_flag("Oy Varasto Ab", None) == "to_include"
    assert work_or_study_flag("Oy Varasto Ab", _plan()) == "to_include"
    assert work_or_study_flag("Oy Varasto Ab", _plan(work_or_study_included=True)) == "included"
    assert work_or_study_flag("Oy Varasto Ab", _plan(work_or_study_included=False)) == "left_out"


def test_r27_the_plan_carries_the_answer_as_a_boolean() -> None:
    plan, _ = read_sentence_plan(_plan(work_or_study_included=True))
    assert plan.work_or_study_included is True
    assert read_sentence_plan(_plan())[0].work_or_study_included is None
    with pytest.raises(LawInputError, match="work_or_study_included"):
        read_sentence_plan(_plan(work_or_study_included="yes"))
