"""Writing positions to the partitioned PostgreSQL table, four ways, in one run.

    .venv/bin/python bench/pg_positions.py [--rows 200000] [--batch 5000] [--naive-rows 5000]
        [--pg-admin postgresql://postgres@127.0.0.1:5432/postgres]

A fresh database is made (and dropped) on the server; ``prepare_database`` migrates it and
creates the daily partitions. The same rows (spread over three days, so three partitions) are
written, with the table emptied in between:
- copy: one raw binary COPY of all rows (the physical ceiling: the baseline of the ratios);
- engine_commit: ``SqlEngineStore.commit`` in batches of --batch positions (COPY inside the
  engine's transaction, with the offset upsert);
- executemany: SQLAlchemy INSERT executemany in batches of --batch (the path before COPY);
- naive: per fix one INSERT, one zone query and one commit (--naive-rows rows, scaled as rows/s).
Then the place index's cost and use: COPY again without ``ix_positions_time_lat_lon`` and
``near()`` over 15 minutes with and without it. Figures go to bench/results/pg_positions.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_database import PG_ADMIN, scratch_valvo  # noqa: E402

from valvo.adapters.db import tables as t  # noqa: E402
from valvo.adapters.db.copy_rows import copy_rows  # noqa: E402
from valvo.adapters.db.engine_store import SqlEngineStore  # noqa: E402
from valvo.adapters.db.position_partitions import list_partitions  # noqa: E402
from valvo.adapters.db.position_writer import COLUMNS, TYPES  # noqa: E402
from valvo.adapters.db.positions_near import near, near_query  # noqa: E402
from valvo.bootstrap import Valvo  # noqa: E402
from valvo.services.engine.ports import WriteSet  # noqa: E402

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SUBJECTS = 2500
PLACE = (60.1699, 24.9384)


def make_rows(n: int) -> list[dict[str, Any]]:
    start = NOW - timedelta(days=1)
    step = timedelta(days=3) / n
    return [
        {
            "subject_id": f"subject-{i % SUBJECTS:05d}",
            "device_id": f"device-{i % SUBJECTS:05d}",
            "time": start + step * i,
            # about 2 km x 2 km around the place
            "lat": PLACE[0] + ((i * 37) % 2000 - 1000) / 111_000,
            "lon": PLACE[1] + ((i * 53) % 2000 - 1000) / 55_000,
            "accuracy_m": 5.0 + i % 20,
            "speed_kmh": float(i % 90),
            "seq": i,
        }
        for i in range(n)
    ]


def empty(valvo: Valvo) -> None:
    with valvo.db.begin() as conn:
        conn.execute(text("TRUNCATE positions"))


def timed(valvo: Valvo, rows: int, work: Callable[[], None]) -> dict[str, float]:
    empty(valvo)
    with valvo.db.begin() as conn:
        conn.execute(text("CHECKPOINT"))
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    with valvo.db.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM positions")).scalar()
    assert stored == rows, (stored, rows)
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds)}


def raw_copy(valvo: Valvo, rows: list[dict[str, Any]]) -> None:
    """The physical ceiling: the rows as they are, no checks, one COPY."""
    with valvo.db.begin() as conn:
        copy_rows(
            conn, "positions", COLUMNS, TYPES, (tuple(r.get(c) for c in COLUMNS) for r in rows)
        )


def batches(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[k : k + size] for k in range(0, len(rows), size)]


def naive(valvo: Valvo, rows: list[dict[str, Any]]) -> None:
    zones = select(t.zones.c.id, t.zones.c.geometry).join(t.orders)
    for row in rows:
        with valvo.db.begin() as conn:
            conn.execute(insert(t.positions), [row])
            conn.execute(zones.where(t.orders.c.subject_id == row["subject_id"])).all()


def near_ms(valvo: Valvo, repeat: int = 10) -> dict[str, Any]:
    start = NOW - timedelta(minutes=5)
    end = start + timedelta(minutes=15)
    with valvo.db.connect() as conn:
        conn.execute(text("ANALYZE positions"))
        timings, found = [], 0
        for _ in range(repeat):
            began = time.perf_counter()
            found = len(near(conn, *PLACE, 300, start, end))
            timings.append(1000 * (time.perf_counter() - began))
        query = near_query(*PLACE, 300, start, end).compile(dialect=valvo.db.dialect)
        plan = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) " + str(query), query.construct_params()
        ).scalar_one()
    nodes, stack = [], [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return {
        "found": found,
        "median_ms": round(statistics.median(timings), 2),
        "partitions_scanned": sorted({n["Relation Name"] for n in nodes if "Relation Name" in n}),
        "indexes_used": sorted({n["Index Name"] for n in nodes if "Index Name" in n}),
        "node_types": sorted({n["Node Type"] for n in nodes}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--naive-rows", type=int, default=5000)
    parser.add_argument("--pg-admin", default=PG_ADMIN)
    args = parser.parse_args()
    with scratch_valvo(args.pg_admin, NOW) as valvo:
        result = run(valvo, args)
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / "pg_positions.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


def run(valvo: Valvo, args: argparse.Namespace) -> dict[str, Any]:
    rows = make_rows(args.rows)
    store = SqlEngineStore(valvo.db, "bench")

    def engine_commit() -> None:
        for k, chunk in enumerate(batches(rows, args.batch)):
            store.commit(WriteSet(positions=chunk, offset=k), NOW)

    def executemany() -> None:
        for chunk in batches(rows, args.batch):
            with valvo.db.begin() as conn:
                conn.execute(insert(t.positions), chunk)

    timed(valvo, len(rows), lambda: raw_copy(valvo, rows))  # warm-up, not counted
    figures = {
        "copy": timed(valvo, len(rows), lambda: raw_copy(valvo, rows)),
        "engine_commit": timed(valvo, len(rows), engine_commit),
        "executemany": timed(valvo, len(rows), executemany),
        "naive": timed(valvo, args.naive_rows, lambda: naive(valvo, rows[: args.naive_rows])),
    }
    base = figures["copy"]["rows_per_s"]
    ratios = {k: round(v["rows_per_s"] / base, 3) for k, v in figures.items()}

    # The place index: what it costs a write, and what it saves a "who was near" query.
    copy_with = timed(valvo, len(rows), lambda: raw_copy(valvo, rows))
    with_index = near_ms(valvo)
    with valvo.db.begin() as conn:
        conn.execute(text("DROP INDEX ix_positions_time_lat_lon"))
    without_index = near_ms(valvo)
    copy_without = timed(valvo, len(rows), lambda: raw_copy(valvo, rows))
    with valvo.db.begin() as conn:
        conn.execute(text("CREATE INDEX ix_positions_time_lat_lon ON positions (time, lat, lon)"))
        partitions = [p.name for p in list_partitions(conn)]
    return {
        "database": "postgresql",
        "rows": args.rows,
        "batch": args.batch,
        "partitions": partitions,
        "write": figures,
        "ratio_to_copy": ratios,
        "place_index": {
            "copy_rows_per_s_with_it": copy_with["rows_per_s"],
            "copy_rows_per_s_without_it": copy_without["rows_per_s"],
            "copy_with_over_without": round(
                copy_with["rows_per_s"] / copy_without["rows_per_s"], 3
            ),
            "near_with_index": with_index,
            "near_without_index": without_index,
        },
    }


if __name__ == "__main__":
    main()
