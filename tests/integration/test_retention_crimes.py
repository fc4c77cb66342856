"""Retention of crime matching's data (issue 16) on SQLite and PostgreSQL: the same retention
run deletes expired matching runs with their matches and expired batches with their crimes,
leaves no orphan row, keeps what a legal hold protects (the held person's matches, so their run
and its batch) and a batch a kept run needs, records it in the run's audit record, and deletes
exactly what its dry run reported."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from tests.support.retention import NOW, at, person
from valvo.adapters.db import tables as t
from valvo.adapters.db.legal_holds import place_hold, release_hold
from valvo.adapters.db.retention_plan import make_plan
from valvo.adapters.db.retention_run import execute
from valvo.adapters.db.tables_crimes import crime_batches, crime_matches, crime_runs, crimes
from valvo.bootstrap import Valvo
from valvo.domain.retention.policy import get_policy

POLICY = get_policy()


def _batch(conn: Connection, submitted: datetime, n: int) -> tuple[str, list[str]]:
    batch_id = str(uuid.uuid4())
    conn.execute(
        insert(crime_batches),
        [
            {
                "id": batch_id,
                "scope_key": "",
                "submitted_by": "police",
                "submitted_at": submitted,
                "source": "api",
                "outcome": "accepted",
                "rows_total": n,
                "rows_accepted": n,
                "errors": [],
            }
        ],
    )
    ids = [str(uuid.uuid4()) for _ in range(n)]
    conn.execute(
        insert(crimes),
        [
            {
                "id": crime_id,
                "scope_key": "",
                "reference": f"R-{crime_id[:8]}",
                "version": 1,
                "batch_id": batch_id,
                "row": i + 1,
                "reporting_unit": "Helsinki",
                "crime_type": "burglary",
                "start": submitted - timedelta(days=1),
                "end": submitted - timedelta(days=1, hours=-1),
                "lat": 60.17,
                "lon": 24.94,
                "crs": "wgs84",
                "given_x": 24.94,
                "given_y": 60.17,
                "description": "",
                "changed": [],
            }
            for i, crime_id in enumerate(ids)
        ],
    )
    return batch_id, ids


def _run(conn: Connection, batch_id: str, run_at: datetime, matches: list[tuple[str, str]]) -> str:
    run_id = str(uuid.uuid4())
    conn.execute(
        insert(crime_runs),
        [
            {
                "id": run_id,
                "scope_key": "",
                "batch_id": batch_id,
                "run_by": "police",
                "run_at": run_at,
                "purpose": "investigation 1234/R/2023",
                "legal_basis": "criminal_investigation",
                "radius_m": 100.0,
                "tolerance_s": 600,
                "algorithm_version": "crime-match/1",
                "parameters": {},
                "crimes_count": 1,
                "matches_count": len(matches),
                "result_digest": "0" * 64,
            }
        ],
    )
    if matches:
        conn.execute(
            insert(crime_matches),
            [
                {
                    "run_id": run_id,
                    "crime_id": crime_id,
                    "subject_id": subject_id,
                    "confidence": "medium",
                    "basis": "fix",
                    "distance_m": 12.0,
                    "positions": [{"lat": 60.17, "lon": 24.94}],
                    "positions_total": 1,
                    "gap": {},
                }
                for crime_id, subject_id in matches
            ],
        )
    return run_id


def crime_data(valvo: Valvo) -> dict[str, Any]:
    """A: matched in two old runs; C: matched in one of them and under a legal hold.

    * ``gone``: submitted 2023-01-01, run 2023-01-02 (A): everything expired, all goes;
    * ``old``: submitted 2023-06-01, run 2023-06-02 (A twice, C): the run expired, A's matches
      go, C's are held, so the run and the batch stay;
    * ``recent``: submitted 2024-03-01 (expired), run 2025-03-01 (kept): the batch stays;
    * ``norun``: submitted 2024-06-01, never run: goes;
    * ``new``: submitted 2025-06-01: kept (a year after submission).
    """
    a = person(valvo, "A", "DA", at("2024-01-01"), None, case=False)
    c = person(valvo, "C", "DC", at("2024-01-01"), None, case=False)
    ids: dict[str, Any] = {"A": a.subject_id, "C": c.subject_id}
    with valvo.db.begin() as conn:
        ids["gone"], gone = _batch(conn, at("2023-01-01"), 1)
        ids["run_gone"] = _run(conn, ids["gone"], at("2023-01-02"), [(gone[0], a.subject_id)])
        ids["old"], old = _batch(conn, at("2023-06-01"), 2)
        ids["run_old"] = _run(
            conn,
            ids["old"],
            at("2023-06-02"),
            [(old[0], a.subject_id), (old[1], a.subject_id), (old[1], c.subject_id)],
        )
        ids["recent"], recent = _batch(conn, at("2024-03-01"), 1)
        ids["run_recent"] = _run(conn, ids["recent"], at("2025-03-01"), [(recent[0], c.subject_id)])
        ids["norun"], _ = _batch(conn, at("2024-06-01"), 2)
        ids["new"], _ = _batch(conn, at("2025-06-01"), 1)
        ids["hold"] = place_hold(
            conn, "admin", at("2025-06-01"), reason="trial pending", subject_id=c.subject_id
        )["id"]
    return ids


def rows(valvo: Valvo) -> dict[str, Any]:
    m = crime_matches.c
    with valvo.db.connect() as conn:
        return {
            "batches": set(conn.execute(select(crime_batches.c.id)).scalars()),
            "crimes": {
                tuple(r) for r in conn.execute(select(crimes.c.id, crimes.c.batch_id)).all()
            },
            "runs": {
                tuple(r) for r in conn.execute(select(crime_runs.c.id, crime_runs.c.batch_id))
            },
            "matches": sorted(
                tuple(r) for r in conn.execute(select(m.run_id, m.crime_id, m.subject_id))
            ),
        }


def assert_no_orphans(now: dict[str, Any]) -> None:
    crime_ids = {c for c, _ in now["crimes"]}
    run_ids = {r for r, _ in now["runs"]}
    assert {b for _, b in now["crimes"]} <= now["batches"]
    assert {b for _, b in now["runs"]} <= now["batches"]
    assert {r for r, _, _ in now["matches"]} <= run_ids
    assert {c for _, c, _ in now["matches"]} <= crime_ids


EXPECTED = {
    "crime_matches": {"delete": 3, "held": 1},  # gone's 1 + old's 2 of A; C's held
    "crime_runs": {"delete": 1, "held": 1},  # run_gone; run_old holds C's match
    "crimes": {"delete": 3, "held": 3},  # gone 1 + norun 2; old 2 + recent 1 kept for runs
    "crime_batches": {"delete": 2, "held": 2},
}


def test_expired_crime_data_goes_entirely_and_what_a_hold_needs_stays(valvo: Valvo) -> None:
    ids = crime_data(valvo)
    before = rows(valvo)
    with valvo.db.connect() as conn:
        plan = make_plan(conn, POLICY, NOW)
    assert rows(valvo) == before  # planning changes nothing
    report = plan.as_dict()["crime_data"]
    assert report["totals"] == EXPECTED
    assert report["runs"] == [ids["run_gone"]]
    assert sorted(report["batches"]) == sorted([ids["gone"], ids["norun"]])
    assert report["held_runs"] == [{"run_id": ids["run_old"], "holds": {ids["C"]: [ids["hold"]]}}]
    assert sorted(report["batches_kept_for_runs"]) == sorted([ids["old"], ids["recent"]])

    result = execute(valvo.db, plan, "test", batch_size=1, pause_s=0)
    deleted = {k: v for k, v in result.deleted.items() if k in EXPECTED}
    assert deleted == {k: v["delete"] for k, v in EXPECTED.items()}

    after = rows(valvo)
    assert_no_orphans(after)
    assert after["batches"] == {ids["old"], ids["recent"], ids["new"]}
    assert {r for r, _ in after["runs"]} == {ids["run_old"], ids["run_recent"]}
    # Only the held person's match of the expired run is left, and the recent run's.
    assert {(r, s) for r, _, s in after["matches"]} == {
        (ids["run_old"], ids["C"]),
        (ids["run_recent"], ids["C"]),
    }
    assert ids["A"] not in {s for _, _, s in after["matches"]}
    assert len(after["crimes"]) == 2 + 1 + 1  # old's, recent's, new's
    with valvo.db.connect() as conn:
        audit = conn.execute(
            select(t.audit_records.c.details).where(t.audit_records.c.action == "retention.run")
        ).scalar_one()
    assert audit["crime_data"]["totals"] == EXPECTED
    assert audit["deleted"]["crime_matches"] == 3

    # Again: nothing more goes while the hold stands.
    with valvo.db.connect() as conn:
        again = make_plan(conn, POLICY, NOW)
    assert {k: v["delete"] for k, v in again.crime.totals().items()} == dict.fromkeys(EXPECTED, 0)

    # Released, the held match goes, then its run, then its batch; the recent run stays.
    with valvo.db.begin() as conn:
        release_hold(conn, ids["hold"], "admin", NOW - timedelta(days=1), "acquitted")
    with valvo.db.connect() as conn:
        released = make_plan(conn, POLICY, NOW)
    execute(valvo.db, released, "test", pause_s=0)
    last = rows(valvo)
    assert_no_orphans(last)
    assert last["batches"] == {ids["recent"], ids["new"]}
    assert last["runs"] == {(ids["run_recent"], ids["recent"])}
    assert [(r, s) for r, _, s in last["matches"]] == [(ids["run_recent"], ids["C"])]


def test_a_batch_run_again_after_the_plan_is_kept_with_its_new_run(valvo: Valvo) -> None:
    """A police user may start a run of an old batch between the plan and the deletion: the
    batch is then kept (its new run needs it), nothing half-deleted, and not counted."""
    ids = crime_data(valvo)
    with valvo.db.connect() as conn:
        plan = make_plan(conn, POLICY, NOW)
    assert ids["norun"] in plan.crime.decision.batches
    with valvo.db.begin() as conn:
        crime_id = conn.execute(
            select(crimes.c.id).where(crimes.c.batch_id == ids["norun"]).limit(1)
        ).scalar_one()
        fresh = _run(conn, ids["norun"], NOW - timedelta(hours=1), [(crime_id, ids["A"])])
    result = execute(valvo.db, plan, "test", pause_s=0)
    assert result.deleted["crime_batches"] == 1  # only "gone"
    assert result.deleted["crimes"] == 1
    after = rows(valvo)
    assert_no_orphans(after)
    assert ids["norun"] in after["batches"]
    assert (fresh, ids["norun"]) in after["runs"]
    with valvo.db.connect() as conn:
        kept = conn.execute(
            select(func.count()).select_from(crimes).where(crimes.c.batch_id == ids["norun"])
        ).scalar()
    assert kept == 2
