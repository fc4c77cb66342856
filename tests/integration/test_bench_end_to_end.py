"""The end-to-end benchmark's latency step on a handful of fixes: ``valvo serve gateway`` and
``valvo serve engine`` as subprocesses on a private stream, Teltonika devices from another
process; every ACKed fix is one position row, and each breach's alarm arrives on the NATS live
feed, matched to its subject."""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

# The benchmark's modules live outside the packages (bench/ is on the path, not installed).
e2e = importlib.import_module("end_to_end")
services = importlib.import_module("e2e_services")

pytestmark = [pytest.mark.nats, pytest.mark.postgres]


def test_every_acked_fix_is_stored_once_and_each_breach_reaches_the_live_feed(
    tmp_path: Path,
) -> None:
    small = e2e.Plan(
        subjects=4,
        fixes=24,
        devices=4,
        records=3,
        partitions=4,
        latency_rate=90.0,
        latency_seconds=1.0,
        breach_share=1.0,  # every device's first packet is from inside the exclusion zone
        timeout_s=60.0,
        work=tmp_path,
    )
    dbs = services.PgDatabases()
    try:
        e2e.seeded(dbs.create("seed"), small, datetime.now(UTC))
        result = e2e.latency(small, dbs)
        assert result["failures"] == 0
        assert result["acked_fixes"] > 0
        assert result["positions"] == result["acked_fixes"]
        assert (result["breaches"], result["alarms_matched"]) == (4, 4)
        assert 0 < result["p50_s"] <= result["p99_s"]
        db = create_engine(dbs.url("latency"))
        try:
            assert sorted(services.alarm_kinds(db).values()) == ["exclusion_zone_entered"] * 4
        finally:
            db.dispose()
    finally:
        dbs.close()


def test_the_ceiling_copies_every_row_the_stored_fixes_needed(tmp_path: Path) -> None:
    """Issue 18 §1: the COPY ceiling is every row a fix needs, not positions alone — the step-1
    run's positions, observations and raw frames come back by COPY, and the one-fix-frame run
    and each process's CPU per fix are reported apart from the load generator's."""
    small = e2e.Plan(
        subjects=4,
        fixes=24,
        devices=4,
        records=3,
        partitions=4,
        latency_rate=90.0,
        latency_seconds=1.0,
        breach_share=0.0,
        timeout_s=60.0,
        work=tmp_path,
    )
    dbs = services.PgDatabases()
    try:
        e2e.seeded(dbs.create("seed"), small, datetime.now(UTC))
        stored = e2e.pg_jetstream(small, dbs.create("e2e", template="seed"))
        assert stored["positions"] == 24
        assert set(stored["cpu_us_per_fix"]) == {
            "gateway",
            "engine",
            "postgresql",
            "load_generator",
            "system",
        }
        ceiling = e2e.copy_all_rows(dbs, "seed", "e2e")
        copied = ceiling["rows_by_table"]
        assert ceiling["fixes"] == copied["positions"] == 25  # and the warm-up fix
        assert copied["observations"] >= 25
        assert ceiling["table_rows"] > 2 * ceiling["fixes"]
        assert ceiling["rows_per_s"] > 0
        assert "subjects" not in copied  # seeded, not written per fix
        ceiling_db = create_engine(dbs.url("ceiling"))
        try:
            assert services.count(ceiling_db, e2e.t.positions) == 25
        finally:
            ceiling_db.dispose()
    finally:
        dbs.close()
