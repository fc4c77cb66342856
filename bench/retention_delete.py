"""Retention's batched deletes against one mass DELETE, with a live writer in the same run.

    .venv/bin/python bench/retention_delete.py [--positions 200000] [--batch 5000] [--pg URL]

The same expired positions are deleted twice while a writer thread keeps inserting positions
of a running order (one row per commit, as the engine would):
- baseline: one ``DELETE FROM positions WHERE <every expired piece>`` transaction (Traccar's
  way, which locks the table for its whole duration);
- retention: ``valvo retention run`` (plan, then transactions of at most --batch rows).
Prints the time to delete and the writer's worst and p99 commit latency during each; figures
go to bench/results/retention_delete.json. ``--pg URL`` must name an empty database.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, or_

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from valvo.adapters.db import tables as t  # noqa: E402
from valvo.adapters.db.retention_plan import make_plan, positions_where  # noqa: E402
from valvo.adapters.db.retention_run import execute  # noqa: E402
from valvo.bootstrap import Valvo, build  # noqa: E402
from valvo.domain.retention.policy import Category, get_policy  # noqa: E402
from valvo.settings import Settings  # noqa: E402

NOW = datetime(2026, 1, 1, tzinfo=UTC)
START = datetime(2019, 1, 1, tzinfo=UTC)


def make(url: str, data_dir: Path) -> Valvo:
    valvo = build(Settings(database_url=url, data_dir=data_dir, log_level="WARNING"))
    valvo.clock = lambda: NOW
    valvo.prepare_database()
    return valvo


def people(valvo: Valvo, expired: int) -> tuple[list[str], str]:
    ids = [str(uuid.uuid4()) for _ in range(expired + 1)]
    with valvo.db.begin() as conn:
        for i, subject in enumerate(ids):
            running = i == expired
            conn.execute(
                insert(t.subjects),
                [{"id": subject, "name": f"p{i}", "region": "Etelä-Suomi", "created_at": START}],
            )
            conn.execute(
                insert(t.orders),
                [
                    {
                        "id": str(uuid.uuid4()),
                        "subject_id": subject,
                        "type": "monitoring_sentence",
                        "timezone": "Europe/Helsinki",
                        "starts_at": START if not running else NOW - timedelta(days=10),
                        "ends_at": START + timedelta(days=90) if not running else None,
                        "status": "ended" if not running else "active",
                        "created_at": START,
                    }
                ],
            )
    return ids[:-1], ids[-1]


def fill(valvo: Valvo, subjects: list[str], total: int) -> None:
    per = total // len(subjects)
    rows = [
        {
            "subject_id": s,
            "device_id": "bench",
            "time": START + timedelta(minutes=5 * i + 1),
            "lat": 60.17,
            "lon": 24.94,
            "seq": 0,
        }
        for s in subjects
        for i in range(per)
    ]
    with valvo.db.begin() as conn:
        for k in range(0, len(rows), 20_000):
            conn.execute(insert(t.positions), rows[k : k + 20_000])


def with_writer(valvo: Valvo, subject: str, work: Callable[[], None]) -> dict[str, float]:
    latencies: list[float] = []
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            began = time.perf_counter()
            with valvo.db.begin() as conn:
                conn.execute(
                    insert(t.positions),
                    [
                        {
                            "subject_id": subject,
                            "device_id": "live",
                            "time": NOW,
                            "lat": 60.0,
                            "lon": 24.0,
                            "seq": 0,
                        }
                    ],
                )
            latencies.append(time.perf_counter() - began)
            time.sleep(0.005)

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.2)
    began = time.perf_counter()
    work()
    elapsed = time.perf_counter() - began
    stop.set()
    thread.join()
    latencies.sort()
    return {
        "seconds": round(elapsed, 3),
        "writer_commits": len(latencies),
        "writer_max_ms": round(1000 * latencies[-1], 1),
        "writer_p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1),
        "writer_median_ms": round(1000 * statistics.median(latencies), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=200_000)
    parser.add_argument("--subjects", type=int, default=100)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--pg", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.pg or f"sqlite:///{Path(tmp) / 'bench.db'}"
        valvo = make(url, Path(tmp))
        expired, live = people(valvo, args.subjects)
        policy = get_policy()

        fill(valvo, expired, args.positions)
        with valvo.db.connect() as conn:
            plan = make_plan(conn, policy, NOW)
        where = or_(*(positions_where(p) for p in plan.pieces[Category.POSITIONS]))

        def mass_delete() -> None:
            with valvo.db.begin() as conn:
                conn.execute(delete(t.positions).where(where))

        baseline = with_writer(valvo, live, mass_delete)

        fill(valvo, expired, args.positions)

        def retention() -> None:
            with valvo.db.connect() as conn:
                fresh = make_plan(conn, policy, NOW)
            execute(valvo.db, fresh, "bench", args.batch)

        batched = with_writer(valvo, live, retention)
        valvo.db.dispose()
    result = {
        "database": "postgresql" if args.pg else "sqlite",
        "positions": args.positions,
        "batch": args.batch,
        "mass_delete": baseline,
        "retention_batched": batched,
        "writer_max_ratio": round(baseline["writer_max_ms"] / batched["writer_max_ms"], 1),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / "retention_delete.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
