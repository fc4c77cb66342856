"""Retention of crime matching's data (issue 16): what goes is decided in the pure
:mod:`valvo.domain.retention.crimes`; this module loads the batches and runs, counts the rows
for the plan, and deletes them for the run (matches in bounded batches, then the run; a batch's
crimes and the batch in one transaction, at most 5 000 crimes, the intake's limit).

Nothing else references these tables: evidence packages made from a match are built on
demand and not stored (their audit record keeps the manifest's SHA-256), and the disclosure's
audit record (``crime_match``) is never pruned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, func, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables_crimes import crime_batches, crime_matches, crime_runs, crimes
from valvo.domain.retention.crimes import (
    CrimeBatch,
    CrimeDecision,
    MatchingRun,
    RunDecision,
    crime_decision,
)
from valvo.domain.retention.policy import RetentionPolicy

TABLES = ("crime_matches", "crime_runs", "crimes", "crime_batches")
Counter = Callable[[Connection, Any, ColumnElement[bool]], int]


@dataclass
class CrimePlan:
    decision: CrimeDecision = field(default_factory=CrimeDecision)
    delete: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    held: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))

    def totals(self) -> dict[str, dict[str, int]]:
        return {t: {"delete": self.delete[t], "held": self.held[t]} for t in TABLES}

    def as_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            "totals": self.totals(),
            "runs": [r.run.id for r in d.runs if r.whole],
            "batches": d.batches,
            "held_runs": [
                {"run_id": r.run.id, "holds": {s: list(h) for s, h in r.held.items()}}
                for r in d.runs
                if not r.whole
            ],
            "batches_kept_for_runs": d.kept_by_runs,
        }


def matches_where(run: RunDecision, people: frozenset[str] | Mapping[str, Any]) -> Any:
    m = crime_matches.c
    return and_(m.run_id == run.run.id, m.subject_id.in_(sorted(people)))


def load(conn: Connection) -> tuple[list[CrimeBatch], list[MatchingRun]]:
    batches = [
        CrimeBatch(*row)
        for row in conn.execute(select(crime_batches.c.id, crime_batches.c.submitted_at))
    ]
    people: dict[str, set[str]] = defaultdict(set)
    m = crime_matches.c
    for run_id, subject_id in conn.execute(select(m.run_id, m.subject_id).distinct()):
        people[run_id].add(subject_id)
    r = crime_runs.c
    runs = [
        MatchingRun(run_id, batch_id, run_at, frozenset(people.get(run_id, ())))
        for run_id, batch_id, run_at in conn.execute(select(r.id, r.batch_id, r.run_at))
    ]
    return batches, runs


def plan_crimes(
    conn: Connection,
    policy: RetentionPolicy,
    now: datetime,
    held: Mapping[str, Sequence[str]],
    count: Counter,
) -> CrimePlan:
    batches, runs = load(conn)
    plan = CrimePlan(crime_decision(batches, runs, held, policy, now))
    for run in plan.decision.runs:
        if run.goes:
            plan.delete["crime_matches"] += count(conn, crime_matches, matches_where(run, run.goes))
        if run.held:
            plan.held["crime_matches"] += count(conn, crime_matches, matches_where(run, run.held))
        if run.whole:
            plan.delete["crime_runs"] += 1
        else:
            plan.held["crime_runs"] += 1
    for batch_ids, bucket in (
        (plan.decision.batches, plan.delete),
        (plan.decision.kept_by_runs, plan.held),
    ):
        for batch_id in batch_ids:
            bucket["crimes"] += count(conn, crimes, crimes.c.batch_id == batch_id)
            bucket["crime_batches"] += 1
    return plan


def delete_batch(conn: Connection, batch_id: str) -> tuple[int, int]:
    """One batch with its crimes, in the caller's transaction; (0, 0) when a run of it was
    started since the plan (the batch is then kept with that run)."""
    if conn.execute(select(exists().where(crime_runs.c.batch_id == batch_id))).scalar():
        return 0, 0
    n_crimes = conn.execute(delete(crimes).where(crimes.c.batch_id == batch_id)).rowcount
    n = conn.execute(delete(crime_batches).where(crime_batches.c.id == batch_id)).rowcount
    return n_crimes, n


def delete_run(conn: Connection, run_id: str) -> int:
    """The run row, in the caller's transaction, only once none of its matches is left."""
    left = conn.execute(
        select(func.count()).select_from(crime_matches).where(crime_matches.c.run_id == run_id)
    ).scalar()
    if left:
        return 0
    return int(conn.execute(delete(crime_runs).where(crime_runs.c.id == run_id)).rowcount)
