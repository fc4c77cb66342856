"""Engine throughput on a batch of stored fixes, against a naive per-fix design in the same run.

    .venv/bin/python bench/engine_throughput.py [--fixes 100000] [--subjects 1000] [--pg URL]

Both designs read the same fixes from the same database kind and write positions:
- engine: Valvo's worker (batches, rule sets and states in memory, one commit per batch);
- naive (the floor): per fix, one query for the subject's zones, a containment test, one
  insert and one commit.
Figures go to bench/results/engine_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shapely.geometry import Point, shape
from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.caseload import register_person  # noqa: E402
from tests.support.factories import fix  # noqa: E402

from valvo.adapters.db import tables as t  # noqa: E402
from valvo.bootstrap import Valvo, build  # noqa: E402
from valvo.services.telemetry import LogEntry  # noqa: E402
from valvo.settings import Settings  # noqa: E402

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def make(url: str, data_dir: Path) -> Valvo:
    valvo = build(Settings(database_url=url, data_dir=data_dir, log_level="WARNING"))
    valvo.clock = lambda: START
    valvo.prepare_database()
    return valvo


def load(valvo: Valvo, subjects: int, fixes: int) -> list[str]:
    devices = [f"bench-{i:06d}" for i in range(subjects)]
    for device in devices:
        register_person(
            valvo,
            device,
            weekly=[{"weekday": 0, "start": "08:00", "end": "20:00", "purpose": "activity"}],
        )
    rng = random.Random(1)
    per_subject = fixes // subjects
    batch: list[LogEntry] = []
    for i in range(per_subject):
        at = START + timedelta(minutes=i)
        for device in devices:
            east, north = rng.gauss(0, 300), rng.gauss(0, 300)
            batch.append(
                LogEntry(fix(at, east, north, 8.0, device), "osmand", b"bench", None, None)
            )
        if len(batch) >= 20_000:
            valvo.observation_log().append(batch)
            batch = []
    valvo.observation_log().append(batch)
    return devices


def run_engine(valvo: Valvo, total: int) -> float:
    worker = valvo.engine_worker("bench")
    now = START + timedelta(hours=2)
    began = time.perf_counter()
    done = 0
    while done < total:
        step = worker.step(now)
        if step.observations == 0:
            break
        done += step.observations
    return done / (time.perf_counter() - began)


def run_naive(valvo: Valvo, limit: int) -> float:
    """One zone query, one containment test, one insert and one commit per fix."""
    observations = [
        o for o in valvo.observation_log().read_after(0, limit) if o.lat is not None
    ]  # the naive design handles fixes only
    with valvo.db.connect() as conn:
        binding = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                select(
                    t.devices.c.identifier, t.devices.c.id, t.device_assignments.c.subject_id
                ).join(t.device_assignments, t.device_assignments.c.device_id == t.devices.c.id)
            )
        }
    began = time.perf_counter()
    with valvo.db.connect() as conn:
        for obs in observations:
            device_id, subject_id = binding[obs.device_id]
            zones = (
                conn.execute(
                    select(t.zones.c.geometry)
                    .join(t.orders, t.orders.c.id == t.zones.c.order_id)
                    .where(t.orders.c.subject_id == subject_id)
                )
                .scalars()
                .all()
            )
            point = Point(obs.lon, obs.lat)
            _ = [shape(g).contains(point) for g in zones]
            conn.execute(
                insert(t.positions),
                [
                    {
                        "subject_id": subject_id,
                        "device_id": device_id,
                        "time": obs.device_time,
                        "lat": obs.lat,
                        "lon": obs.lon,
                        "accuracy_m": obs.accuracy_m,
                        "speed_kmh": None,
                        "seq": obs.seq,
                    }
                ],
            )
            conn.commit()
    return len(observations) / (time.perf_counter() - began)


def measure(
    kind: str, url: str, data_dir: Path, fixes: int, subjects: int
) -> dict[str, float | str | int]:
    valvo = make(url, data_dir)
    load(valvo, subjects, fixes)
    naive = run_naive(valvo, min(5_000, fixes))
    with valvo.db.begin() as conn:  # the engine starts from a clean positions table
        conn.execute(text("DELETE FROM positions"))
    engine = run_engine(valvo, fixes)
    valvo.db.dispose()
    return {
        "database": kind,
        "fixes": fixes,
        "subjects": subjects,
        "engine_fixes_per_s": round(engine),
        "naive_fixes_per_s": round(naive),
        "ratio": round(engine / naive, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixes", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, default=1_000)
    parser.add_argument("--pg", help="PostgreSQL URL of an empty database to measure too")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(
            measure("sqlite", f"sqlite:///{tmp}/bench.db", Path(tmp), args.fixes, args.subjects)
        )
        if args.pg:
            results.append(measure("postgresql", args.pg, Path(tmp), args.fixes, args.subjects))
    print(
        f"{'database':<11} {'fixes':>8} {'engine fixes/s':>15} {'naive fixes/s':>14} {'ratio':>6}"
    )
    for r in results:
        print(
            f"{r['database']:<11} {r['fixes']:>8} {r['engine_fixes_per_s']:>15} "
            f"{r['naive_fixes_per_s']:>14} {r['ratio']:>5}x"
        )
    out = ROOT / "bench" / "results" / "engine_throughput.json"
    out.write_text(
        json.dumps({"measured_at": datetime.now(UTC).isoformat(), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
