"""RL 7:7 (R94): earlier monitoring sentences listed as prior sentences."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.unit.cases.factories import SENTENCED, enforcing, reported, sentenced
from valvo.domain.cases.prior import prior_sentences


def test_only_judgments_count_oldest_first() -> None:
    older = replace(enforcing(), sentenced_on=date(2024, 5, 6))
    listed = prior_sentences([("b", sentenced()), ("a", older), ("c", reported())])
    assert [p.case_id for p in listed] == ["a", "b"]  # "c" has no judgment yet


def test_before_keeps_judgments_given_earlier() -> None:
    older = replace(enforcing(), sentenced_on=date(2024, 5, 6))
    sentences = [("a", older), ("b", sentenced())]
    assert [p.case_id for p in prior_sentences(sentences, SENTENCED)] == ["a"]
    assert prior_sentences(sentences, date(2024, 5, 6)) == []
