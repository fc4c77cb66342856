"""Retention on SQLite and PostgreSQL: the dry run counts per category and per order, a legal
hold keeps a person's data, the real run deletes exactly what the dry run reported, anonymised
statistics survive it, provenance and audit verification still pass, and re-running is a
no-op. On PostgreSQL a partitioned ``positions`` loses whole partitions instead of rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.support.retention import NOW, Person, at, counts, frames, partition_positions, person
from valvo.adapters.db import tables as t
from valvo.adapters.db.audit_export import verify_stored
from valvo.adapters.db.evidence_check import check_evidence
from valvo.adapters.db.legal_holds import place_hold
from valvo.adapters.db.provenance import verify_chains
from valvo.adapters.db.retention_plan import make_plan
from valvo.adapters.db.retention_run import execute
from valvo.adapters.db.tables_gateway import device_frames
from valvo.adapters.db.tables_retention import provenance_gaps, retention_statistics
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.domain.retention.policy import get_policy
from valvo.web.app import create_app


@pytest.fixture
def cli(valvo: Valvo, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.settings.resolved_database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(valvo.settings.data_dir))
    return CliRunner()


def caseload(valvo: Valvo) -> dict[str, Person]:
    """A: ended 2019 (everything expired); B: ended 2024-09 (track expired, alarms and case
    kept); C: like A but held; E: a travel ban ended 2024-03 on B's device before B (kept,
    so B's frames are a gap in the middle of that device's chain); D: running, on A's old
    device; QX: an unregistered device, two frames older than 30 days and one newer."""
    people = {
        "A": person(valvo, "A", "DA", at("2019-01-01"), at("2019-03-01"), alarms=2),
        "E": person(valvo, "E", "DB", at("2024-01-01"), at("2024-03-01"), order_type="travel_ban"),
        "B": person(valvo, "B", "DB", at("2024-06-01"), at("2024-09-01"), region="Itä-Suomi"),
        "C": person(valvo, "C", "DC", at("2019-01-01"), at("2019-03-01")),
        "D": person(valvo, "D", "DA", at("2025-06-01"), None, case=False),
    }
    frames(valvo, "DB", [at("2024-12-01")])  # after B, while DB is unassigned: kept
    frames(valvo, "QX", [at("2025-11-01"), at("2025-11-02"), at("2025-12-20")])
    with valvo.db.begin() as conn:
        place_hold(
            conn, "admin", at("2025-06-01"), reason="appeal pending", case_id=people["C"].case_id
        )
    return people


def run(cli: CliRunner, *args: str) -> dict[str, Any]:
    result = cli.invoke(app, ["retention", "run", "--now", NOW.isoformat(), *args])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


EXPECTED_DELETE = {
    "positions": 6,  # A's 3 and B's 3 inside their orders; none before an order starts
    "observations": 8,  # A's 3, B's 3, QX's 2 old quarantined
    "raw_frames": 8,
    "alarms": 2,  # A's (3 years after 2019-03-01); B's alarm is kept until 2027-09
    "case_records": 1,  # A's case; B's is kept five years
}
EXPECTED_HELD = {"positions": 3, "observations": 3, "raw_frames": 3, "alarms": 1, "case_records": 1}


def test_dry_run_counts_per_category_and_order_and_changes_nothing(
    valvo: Valvo, cli: CliRunner
) -> None:
    people = caseload(valvo)
    before = counts(valvo)
    report = run(cli, "--dry-run")
    assert counts(valvo) == before
    assert report["dry_run"] is True
    assert {c: v["delete"] for c, v in report["totals"].items()} == EXPECTED_DELETE
    assert {c: v["held"] for c, v in report["totals"].items()} == EXPECTED_HELD
    assert report["quarantined"] == {"observations": 2, "raw_frames": 2}
    by_order = {line["order_id"]: line for line in report["orders"]}
    a, b, c = (by_order[people[k].order_id] for k in "ABC")
    assert a["delete"] == {
        "positions": 3,
        "alarms": 2,
        "observations": 3,
        "raw_frames": 3,
        "case_records": 1,
    }
    assert b["delete"] == {"positions": 3, "observations": 3, "raw_frames": 3}
    assert c["delete"] == {}
    assert c["held"] == EXPECTED_HELD
    assert len(c["holds"]) == 1
    assert people["D"].order_id not in by_order  # running
    assert people["E"].order_id not in by_order  # a travel ban's track is kept two years


def test_the_real_run_deletes_what_the_dry_run_reported_and_keeps_the_rest(
    valvo: Valvo, cli: CliRunner
) -> None:
    people = caseload(valvo)
    before = counts(valvo)
    dry = run(cli, "--dry-run")
    real = run(cli, "--batch-size", "2")  # tiny batches: many short transactions
    planned = {c: v["delete"] for c, v in dry["totals"].items()}
    assert real["result"]["deleted"] == planned == EXPECTED_DELETE
    assert real["result"]["batches"] > 5
    after = counts(valvo)
    for name in ("positions", "observations", "raw_frames", "alarms"):
        assert after[name] == before[name] - EXPECTED_DELETE[name]
    assert after["cases"] == before["cases"] - 1
    assert after["alarm_events"] == before["alarm_events"] - 2  # A's alarms' trail went too
    assert after["alarm_outbox"] == before["alarm_outbox"] - 2
    assert after["case_breaches"] == before["case_breaches"] - 1
    with valvo.db.connect() as conn:
        left = {
            r.subject_id: r.n
            for r in conn.execute(
                text("SELECT subject_id, count(*) AS n FROM positions GROUP BY subject_id")
            )
        }
        # Each person keeps the position from before their order began; C and D keep all.
        assert left[people["A"].subject_id] == 1
        assert left[people["B"].subject_id] == 1
        assert left[people["C"].subject_id] == 4
        assert left[people["D"].subject_id] == 4
        assert left[people["E"].subject_id] == 4
        remaining_cases = set(conn.execute(select(t.alarms.c.subject_id)).scalars())
        assert people["A"].subject_id not in remaining_cases
        stats = [dict(r) for r in conn.execute(select(retention_statistics)).mappings()]
        gaps = conn.execute(select(provenance_gaps)).mappings().all()
        provenance = verify_chains(conn)
        audit = verify_stored(conn)
        evidence = check_evidence(conn)  # retention took the deleted rows' seals off the heads
        runs = (
            conn.execute(select(t.audit_records).where(t.audit_records.c.action == "retention.run"))
            .mappings()
            .all()
        )
    # Provenance: DA lost a prefix, DB a run in the middle, QX its two oldest frames.
    assert {g["device_identifier"]: g["frame_count"] for g in gaps} == {
        "DA": 3,
        "DB": 3,
        "QX": 2,
    }
    assert provenance.intact, provenance.broken
    assert audit.intact
    assert evidence.intact, evidence.broken
    assert evidence.rows["observations"] == after["observations"]  # sealed as the log wrote them
    assert len(runs) == 1
    assert runs[0]["details"]["deleted"] == EXPECTED_DELETE

    # Statistics: A and B counted, per region and month, and no identifier anywhere.
    cells = {(s["region"], s["month"], s["metric"], s["key"]): s["value"] for s in stats}
    assert cells[("Etelä-Suomi", "2019-01", "subject_days", "monitoring_sentence")] == 31
    assert cells[("Etelä-Suomi", "2019-02", "subject_days", "monitoring_sentence")] == 28
    assert cells[("Etelä-Suomi", "2019-01", "alarms", "exclusion_zone_entered")] == 1
    assert cells[("Etelä-Suomi", "2019-01", "alarms", "device_silent")] == 1
    assert cells[("Etelä-Suomi", "2019-01", "breaches", "minor")] == 1
    assert cells[("Itä-Suomi", "2024-06", "alarms", "exclusion_zone_entered")] == 1
    assert cells[("Itä-Suomi", "2024-09", "orders_ended", "monitoring_sentence")] == 1
    identifiers = {v for p in people.values() for v in vars(p).values() if isinstance(v, str)}
    assert not identifiers & {str(v) for s in stats for v in s.values()}

    # Re-running is a no-op: nothing planned, nothing deleted, statistics not counted twice.
    again = run(cli)
    assert {c: v["delete"] for c, v in again["totals"].items()} == dict.fromkeys(EXPECTED_DELETE, 0)
    assert again["result"]["deleted"] == {}
    assert counts(valvo) == after
    with valvo.db.connect() as conn:
        assert [dict(r) for r in conn.execute(select(retention_statistics)).mappings()] == stats
        assert verify_chains(conn).intact


def test_a_real_run_refuses_a_future_now_and_bad_input(valvo: Valvo, cli: CliRunner) -> None:
    future = cli.invoke(app, ["retention", "run", "--now", "2999-01-01T00:00:00+00:00"])
    assert future.exit_code == 2
    assert "future" in future.output
    naive = cli.invoke(app, ["retention", "run", "--dry-run", "--now", "2026-01-01T00:00"])
    assert naive.exit_code == 2
    unknown = cli.invoke(app, ["retention", "run", "--dry-run", "--policy", "nope"])
    assert unknown.exit_code == 2
    assert "known: 2026-practice" in unknown.output
    shown = cli.invoke(app, ["retention", "policy"])
    assert shown.exit_code == 0
    policy = json.loads(shown.output)
    assert policy["after_order_end"]["monitoring_sentence"]["positions"]["days"] == 365
    assert policy["audit_records"]["days"] is None


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_holds_through_the_api_and_releasing_one_lets_the_next_run_delete(
    valvo: Valvo, client: TestClient, cli: CliRunner, clock: FakeClock
) -> None:
    clock.now = NOW - timedelta(days=1)  # the API works the day before the runs' --now
    people = caseload(valvo)
    token = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    holds = client.get("/api/retention/holds", params={"active": True}, headers=headers).json()
    assert [h["subject_id"] for h in holds] == [people["C"].subject_id]
    both = client.post(
        "/api/retention/holds",
        json={"subject_id": people["A"].subject_id, "case_id": people["A"].case_id, "reason": "x"},
        headers=headers,
    )
    assert both.status_code == 422
    assert "exactly one" in both.json()["detail"]
    missing = client.post(
        "/api/retention/holds", json={"case_id": "nope", "reason": "x"}, headers=headers
    )
    assert missing.status_code == 404
    placed = client.post(
        "/api/retention/holds",
        json={"subject_id": people["A"].subject_id, "reason": "complaint to the ombudsman"},
        headers=headers,
    )
    assert placed.status_code == 201, placed.text
    held = run(cli, "--dry-run")
    assert held["totals"]["positions"] == {"delete": 3, "held": 6}  # only B's go now
    clock.advance(minutes=5)
    for hold in [placed.json(), holds[0]]:
        released = client.post(
            f"/api/retention/holds/{hold['id']}/release",
            json={"reason": "appeal decided"},
            headers=headers,
        )
        assert released.status_code == 200, released.text
    twice = client.post(
        f"/api/retention/holds/{holds[0]['id']}/release", json={"reason": "x"}, headers=headers
    )
    assert twice.status_code == 409
    free = run(cli)
    assert free["result"]["deleted"]["positions"] == 9  # A's, B's and now C's
    assert free["result"]["deleted"]["case_records"] == 2
    policy = client.get("/api/retention/policy", headers=headers).json()
    assert policy["name"] == "2026-practice"
    stats = client.get("/api/retention/statistics", headers=headers).json()
    assert {s["metric"] for s in stats} >= {"subject_days", "alarms", "breaches"}
    with valvo.db.connect() as conn:
        actions = list(
            conn.execute(
                select(t.audit_records.c.action).where(
                    t.audit_records.c.action.like("legal_hold.%")
                )
            ).scalars()
        )
        assert verify_chains(conn).intact
        assert verify_stored(conn).intact
    assert actions.count("legal_hold.place") == 2
    assert actions.count("legal_hold.release") == 2


def test_partitioned_positions_lose_whole_partitions_on_postgresql(
    valvo: Valvo, cli: CliRunner
) -> None:
    if valvo.db.dialect.name != "postgresql":
        pytest.skip("time partitions are a PostgreSQL feature")
    partition_positions(valvo)
    caseload(valvo)
    dry = run(cli, "--dry-run")
    # June 2024 holds only B's three positions, all expired: dropped whole. 2019 holds C's
    # held positions too, so A's are deleted in batches there.
    assert dry["partitions"] == [{"partition": "positions_m2024_06", "rows": 3}]
    real = run(cli)
    assert real["result"]["partitions_dropped"] == ["positions_m2024_06"]
    assert real["result"]["deleted"]["positions"] == 6
    with valvo.db.connect() as conn:
        children = set(
            conn.execute(
                text(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'positions'"
                )
            ).scalars()
        )
        held = conn.execute(text("SELECT count(*) FROM positions_y2019")).scalar()
        evidence = check_evidence(conn)  # the dropped partition's seals left the heads too
    assert evidence.intact, evidence.broken
    assert "positions_m2024_06" not in children
    assert {"positions_y2019", "positions_default"} <= children  # the catch-all is never dropped
    assert held == 3  # C's, kept by the hold


def test_a_hold_placed_after_the_plan_was_made_still_protects(valvo: Valvo) -> None:
    people = caseload(valvo)
    with valvo.db.connect() as conn:
        plan = make_plan(conn, get_policy(), NOW)
    assert plan.totals()["positions"]["delete"] == 6
    # Placed "today", after the instant the run is evaluated as of: it blocks all the same.
    with valvo.db.begin() as conn:
        place_hold(
            conn, "admin", at("2026-06-01"), reason="new complaint", case_id=people["A"].case_id
        )
    result = execute(valvo.db, plan, "test", batch_size=100)
    assert result.replanned
    assert result.deleted["positions"] == 3  # B's only
    assert "alarms" not in result.deleted
    assert "case_records" not in result.deleted


def test_a_provenance_gap_must_join_the_chain(valvo: Valvo) -> None:
    caseload(valvo)
    with valvo.db.connect() as conn:
        plan = make_plan(conn, get_policy(), NOW)
    execute(valvo.db, plan, "test")
    with valvo.db.begin() as conn:
        conn.execute(
            update(provenance_gaps)
            .where(provenance_gaps.c.device_identifier == "DB")
            .values(before_hash="f" * 64)
        )
    with valvo.db.connect() as conn:
        report = verify_chains(conn)
        first = conn.execute(
            select(provenance_gaps.c.first_frame_id).where(
                provenance_gaps.c.device_identifier == "DB"
            )
        ).scalar()
    assert [(b.device, b.frame_id) for b in report.broken] == [("DB", first)]
    assert "retention gap does not join the chain" in report.broken[0].reason


def test_frames_of_a_gap_not_yet_deleted_still_verify(valvo: Valvo) -> None:
    """A run interrupted after recording a gap, before deleting all of its frames."""
    caseload(valvo)
    with valvo.db.begin() as conn:
        rows = (
            conn.execute(
                select(device_frames)
                .where(device_frames.c.device_identifier == "DA")
                .order_by(device_frames.c.id)
            )
            .mappings()
            .all()
        )
        first, last = rows[0], rows[2]  # A's three frames, before D's
        conn.execute(
            provenance_gaps.insert(),
            [
                {
                    "device_identifier": "DA",
                    "first_frame_id": first["id"],
                    "last_frame_id": last["id"],
                    "frame_count": 3,
                    "before_hash": first["prev_hash"],
                    "last_hash": last["hash"],
                    "deleted_at": NOW,
                }
            ],
        )
        conn.execute(delete(device_frames).where(device_frames.c.id == first["id"]))
    with valvo.db.connect() as conn:
        assert verify_chains(conn).intact
        plan = make_plan(conn, get_policy(), NOW)
    result = execute(valvo.db, plan, "test")
    assert result.deleted["raw_frames"] == 7  # the two pending frames of DA's gap among them
    with valvo.db.connect() as conn:
        gaps = conn.execute(
            select(provenance_gaps).where(provenance_gaps.c.device_identifier == "DA")
        ).all()
        assert len(gaps) == 1  # completed, not recorded twice
        assert verify_chains(conn).intact
