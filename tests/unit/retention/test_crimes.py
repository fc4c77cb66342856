"""Which of crime matching's data may go (issue 16): a run two years after it ran, a batch a
year after submission but never before the last run made of it, a held person's matches kept
(and so their run and its batch), and a policy without crime periods keeps everything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import MappingProxyType

import pytest

from valvo.domain.retention.crimes import CrimeBatch, MatchingRun, crime_decision
from valvo.domain.retention.policy import (
    PRACTICE_2026,
    CrimeCategory,
    Period,
    RetentionError,
    RetentionPolicy,
    get_policy,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def test_the_practice_policy_keeps_runs_two_years_and_batches_one_with_reasons() -> None:
    periods = get_policy().crime_data
    assert periods[CrimeCategory.MATCHING_RUNS].days == 730
    assert periods[CrimeCategory.CRIME_BATCHES].days == 365
    assert "616/2019" in periods[CrimeCategory.CRIME_BATCHES].reason
    shown = get_policy().as_dict()["crime_data"]
    assert shown["matching_runs"]["days"] == 730  # type: ignore[index]


def test_a_run_goes_two_years_after_it_ran_and_its_batch_with_it() -> None:
    batch = CrimeBatch("b", NOW - 800 * DAY)
    run = MatchingRun("r", "b", NOW - 730 * DAY, frozenset({"p1", "p2"}))
    late = MatchingRun("r", "b", NOW - 729 * DAY, frozenset({"p1"}))
    gone = crime_decision([batch], [run], {}, PRACTICE_2026, NOW)
    both = frozenset({"p1", "p2"})
    assert [(r.run.id, r.goes, r.whole) for r in gone.runs] == [("r", both, True)]
    assert gone.batches == ["b"]
    kept = crime_decision([batch], [late], {}, PRACTICE_2026, NOW)
    assert kept.runs == []
    assert kept.batches == []
    assert kept.kept_by_runs == ["b"]


def test_a_held_persons_matches_keep_the_run_and_the_batch() -> None:
    batch = CrimeBatch("b", NOW - 800 * DAY)
    run = MatchingRun("r", "b", NOW - 790 * DAY, frozenset({"p1", "p2"}))
    decision = crime_decision([batch], [run], {"p2": ["h1"]}, PRACTICE_2026, NOW)
    (only,) = decision.runs
    assert only.goes == {"p1"}
    assert dict(only.held) == {"p2": ["h1"]}
    assert not only.whole
    assert decision.batches == []
    assert decision.kept_by_runs == ["b"]


def test_a_batch_never_run_goes_a_year_after_submission() -> None:
    batches = [CrimeBatch("old", NOW - 365 * DAY), CrimeBatch("young", NOW - 364 * DAY)]
    assert crime_decision(batches, [], {}, PRACTICE_2026, NOW).batches == ["old"]


def test_a_policy_without_crime_periods_keeps_crime_data() -> None:
    bare = RetentionPolicy("bare", "bare", {}, Period(1, ""), "never")
    batch = CrimeBatch("b", NOW - 5000 * DAY)
    run = MatchingRun("r", "b", NOW - 5000 * DAY, frozenset({"p"}))
    decision = crime_decision([batch], [run], {}, bare, NOW)
    assert decision.runs == []
    assert decision.batches == []


def test_a_negative_crime_period_is_refused() -> None:
    with pytest.raises(RetentionError, match="crime-data period is negative"):
        RetentionPolicy(
            "bad",
            "bad",
            {},
            Period(1, ""),
            "never",
            MappingProxyType({CrimeCategory.MATCHING_RUNS: Period(-1, "")}),
        )
