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
