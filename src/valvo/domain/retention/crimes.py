"""What of crime matching's data may go (issue 16): pure functions of the batches, runs,
holds, policy and ``now``.

A matching run (with its matches) expires its period after the run; a batch of crimes (with
every crime version in it) its period after submission, and never before the last of its runs
goes, since a run is explained by, and repeated over, its batch. A legal hold on a matched
person keeps that person's matches, so the run holding them stays (with those matches only)
and so does its batch. Nothing else about a crime names a monitored person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from valvo.domain.retention.policy import CrimeCategory, RetentionPolicy


@dataclass(frozen=True, slots=True)
class CrimeBatch:
    id: str
    submitted_at: datetime


@dataclass(frozen=True, slots=True)
class MatchingRun:
    id: str
    batch_id: str
    run_at: datetime
    subjects: frozenset[str]  # the people it matched


@dataclass(frozen=True, slots=True)
class RunDecision:
    """An expired run: the people whose matches go; ``held`` the people (with the hold ids)
    whose matches stay. The run row goes only when nobody's matches are held."""

    run: MatchingRun
    goes: frozenset[str]
    held: Mapping[str, Sequence[str]]

    @property
    def whole(self) -> bool:
        return not self.held


@dataclass(frozen=True, slots=True)
class CrimeDecision:
    runs: list[RunDecision] = field(default_factory=list)  # expired runs
    batches: list[str] = field(default_factory=list)  # batch ids that go, with their crimes
    kept_by_runs: list[str] = field(default_factory=list)  # expired batches a kept run needs


def _expired(at: datetime, category: CrimeCategory, policy: RetentionPolicy, now: datetime) -> bool:
    period = policy.crime_data.get(category)
    return period is not None and at + period.delta <= now


def crime_decision(
    batches: Iterable[CrimeBatch],
    runs: Iterable[MatchingRun],
    held: Mapping[str, Sequence[str]],
    policy: RetentionPolicy,
    now: datetime,
) -> CrimeDecision:
    """Which runs' matches, which runs and which batches go as of ``now``; ``held`` maps each
    held person to the ids of the holds that keep them (``windows.held_subjects``)."""
    decision = CrimeDecision()
    left: dict[str, int] = {}  # batch id -> runs of it that stay
    for run in sorted(runs, key=lambda r: (r.run_at, r.id)):
        left.setdefault(run.batch_id, 0)
        if not _expired(run.run_at, CrimeCategory.MATCHING_RUNS, policy, now):
            left[run.batch_id] += 1
            continue
        kept = {s: list(held[s]) for s in sorted(run.subjects) if s in held}
        decision.runs.append(RunDecision(run, run.subjects - set(kept), kept))
        if kept:
            left[run.batch_id] += 1
    for batch in sorted(batches, key=lambda b: (b.submitted_at, b.id)):
        if not _expired(batch.submitted_at, CrimeCategory.CRIME_BATCHES, policy, now):
            continue
        if left.get(batch.id, 0):
            decision.kept_by_runs.append(batch.id)
        else:
            decision.batches.append(batch.id)
    return decision
