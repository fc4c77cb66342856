"""Crime matching at scale on PostgreSQL: a batch of crimes matched against a day of fixes.

    .venv/bin/python bench/crime_matching.py [--people 1000] [--hours 24] [--every-s 60]
        [--crimes 1000] [--radius 100] [--tolerance-min 10] [--side-km 37]
        [--pg-admin postgresql://postgres@127.0.0.1:5432/postgres]

A fresh database is made (and dropped). ``--people`` walk for ``--hours`` in a square of
``--side-km`` around Helsinki, a fix every ``--every-s`` seconds (about 5 km/h, turning now and
then), written with COPY into the daily partitions. The default density (1 000 people in
37 km x 37 km, 0.73 per km2) is the national average of the issue's 250 000 people over
Finland's 338 000 km2; a city is denser (set ``--side-km`` lower). ``--crimes`` crimes at random
places, windows of 30 minutes to 2 hours inside the day, are submitted as one batch and
matched by the real handler (``services/crimes/runs.start_run``: candidates by the place-time
index, fixes by the subject-time index, the geometry in the domain, the matches and audit
written). The baseline runs, per crime, the same two SELECTs as plain SQL and fetches the same
rows, with no matching: the ratio is the run over that floor. Figures go to
bench/results/crime_matching.json.

The issue's full scale (``--generator sql``): the fixes are made inside PostgreSQL by a
set-returning SQL function (``bench_fixes``: each person walks a circle of 200 m to 2 km at
1.4 m/s around a home spread uniformly over the square, a fix every ``--every-s`` seconds),
inserted person-chunk by person-chunk into the day's partition (made UNLOGGED: the bench
measures reads; no WAL to write), with the positions indexes dropped before and
built after loading. ``--hours`` from ``--start-hour`` is what is loaded: a crime only reads its
reach window, so the hours around the crimes are enough (every crime's reach window lies
inside them). ``--max-crimes-measured`` runs only the first crimes of the batch when a
whole batch would not fit the time (the per-crime figures are what scale), e.g.:

    .venv/bin/python bench/crime_matching.py --generator sql --people 250000 --side-km 581 \
        --start-hour 10 --hours 3.5 --crimes 1000 --max-crimes-measured 20 --warm-crimes 3 \
        --chunk-people 25000 --loaders 2 --no-repeat --out bench/results/crime_matching_250k.json

(bench/results/crime_matching_250k.json; where the limit is: docs/evidence.md.)
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_database import PG_ADMIN, scratch_valvo  # noqa: E402

from valvo.adapters.db.copy_rows import copy_rows  # noqa: E402
from valvo.adapters.db.crime_positions import SqlCrimePositions  # noqa: E402
from valvo.adapters.db.position_writer import COLUMNS, TYPES  # noqa: E402
from valvo.bootstrap import Valvo  # noqa: E402
from valvo.domain.evidence.matching import (  # noqa: E402
    Parameters,
    Site,
    reach_m,
    reach_window,
)
from valvo.services.crimes.intake import SubmitCrimes  # noqa: E402
from valvo.services.crimes.runs import StartRun  # noqa: E402

DAY = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
NOW = DAY + timedelta(days=1, hours=2)
CENTRE = (60.1699, 24.9384)  # lat, lon
M_PER_DEG = 111_195.0


def to_degrees(x_m: float, y_m: float) -> tuple[float, float]:
    lat = CENTRE[0] + y_m / M_PER_DEG
    lon = CENTRE[1] + x_m / (M_PER_DEG * math.cos(math.radians(CENTRE[0])))
    return lat, lon


def walks(args: argparse.Namespace, rng: random.Random) -> Any:
    """Each person's fixes: a walk at 1.4 m/s turning every 10-30 minutes, kept in the square."""
    half = args.side_km * 500.0
    steps = int(args.hours * 3600 / args.every_s)
    for person in range(args.people):
        x, y = rng.uniform(-half, half), rng.uniform(-half, half)
        heading, turn_at = rng.uniform(0, 2 * math.pi), 0
        offset = rng.uniform(0, args.every_s)
        for i in range(steps):
            if i >= turn_at:
                heading, turn_at = rng.uniform(0, 2 * math.pi), i + rng.randint(10, 30)
            x = min(half, max(-half, x + 1.4 * args.every_s * math.cos(heading)))
            y = min(half, max(-half, y + 1.4 * args.every_s * math.sin(heading)))
            lat, lon = to_degrees(x, y)
            yield (
                f"p{person:06d}",
                f"d{person:06d}",
                DAY + timedelta(seconds=offset + i * args.every_s),
                lat,
                lon,
                rng.choice((4.0, 6.0, 8.0, 12.0, 25.0)),
                5.0,
                i,
                None,
            )


BENCH_FIXES = """
CREATE FUNCTION bench_fixes(
    p_first integer, p_last integer, t0 timestamptz, p_minutes integer,
    every_s double precision, half_m double precision
) RETURNS TABLE (
    id bigint, subject_id varchar, device_id varchar, "time" timestamptz, lat double precision,
    lon double precision, accuracy_m double precision, speed_kmh double precision, seq bigint
) LANGUAGE sql STABLE AS $$
WITH people AS (
    SELECT g,
           ('p' || lpad(g::text, 6, '0'))::varchar AS subject,
           ('d' || lpad(g::text, 6, '0'))::varchar AS device,
           (2 * ((hashint4(g * 7 + 1)::bigint & 2147483647) / 2147483648.0) - 1) * half_m AS cx,
           (2 * ((hashint4(g * 7 + 2)::bigint & 2147483647) / 2147483648.0) - 1) * half_m AS cy,
           200.0 + 1800.0 * ((hashint4(g * 7 + 3)::bigint & 2147483647) / 2147483648.0) AS r,
           2 * pi() * ((hashint4(g * 7 + 4)::bigint & 2147483647) / 2147483648.0) AS phase,
           CASE WHEN hashint4(g * 7 + 5) > 0 THEN 1.4 ELSE -1.4 END AS v,
           every_s * ((hashint4(g * 7 + 6)::bigint & 2147483647) / 2147483648.0) AS offset_s
    FROM generate_series(p_first, p_last) AS g
), steps AS (
    SELECT p.*, i, p.offset_s + i * every_s AS t_s
    FROM people AS p, generate_series(0, (p_minutes * 60 / every_s)::integer - 1) AS i
)
SELECT (g - 1)::bigint * (p_minutes * 60 / every_s)::integer + i + 1,
       subject, device, t0 + t_s * interval '1 second',
       60.1699 + (cy + r * sin(phase + v * t_s / r)) / 111195.0,
       24.9384 + (cx + r * cos(phase + v * t_s / r)) / (111195.0 * cos(radians(60.1699))),
       4.0 + 2.0 * ((g + i) % 5), 5.0, i::bigint
FROM steps
$$
"""
INDEXES = {
    "ix_positions_subject_time": "CREATE INDEX ix_positions_subject_time ON positions"
    " (subject_id, time)",
    "ix_positions_time_lat_lon": "CREATE INDEX ix_positions_time_lat_lon ON positions"
    " (time, lat, lon)",
}
PK = "ALTER TABLE positions ADD CONSTRAINT pk_positions PRIMARY KEY (id, time)"


def load_in_sql(valvo: Valvo, args: argparse.Namespace) -> dict[str, Any]:
    """Fixes made inside PostgreSQL (no Python row at all), indexes built after loading."""
    partition = f"positions_p{DAY:%Y%m%d}"
    first = DAY + timedelta(hours=args.start_hour)
    with valvo.db.begin() as conn:
        conn.execute(text(BENCH_FIXES))
        for name in INDEXES:
            conn.execute(text(f"DROP INDEX {name}"))
        conn.execute(text("ALTER TABLE positions DROP CONSTRAINT pk_positions"))
        conn.execute(text(f"ALTER TABLE {partition} SET UNLOGGED"))
    began = time.perf_counter()

    def load(low: int) -> None:
        high = min(args.people, low + args.chunk_people - 1)
        with valvo.db.begin() as conn:
            conn.execute(text("SET LOCAL synchronous_commit = off"))
            conn.execute(
                text(
                    f"INSERT INTO {partition} (id, subject_id, device_id, time, lat, lon,"  # noqa: S608
                    " accuracy_m, speed_kmh, seq) SELECT * FROM bench_fixes(:low, :high, :t0,"
                    " :minutes, :every, :half)"
                ),
                {
                    "low": low,
                    "high": high,
                    "t0": first,
                    "minutes": int(args.hours * 60),
                    "every": args.every_s,
                    "half": args.side_km * 500.0,
                },
            )
        print(f"  people {high}: {time.perf_counter() - began:.0f} s", file=sys.stderr)

    # Ids computed in SQL (no sequence per row), straight into the day's partition, by
    # ``--loaders`` connections at once.
    with ThreadPoolExecutor(args.loaders) as pool:
        list(pool.map(load, range(1, args.people + 1, args.chunk_people)))
    with valvo.db.begin() as conn:
        conn.execute(text("SELECT setval('positions_id_seq', (SELECT max(id) FROM positions))"))
    load_s = time.perf_counter() - began
    built: dict[str, float] = {}
    for name, ddl in [*INDEXES.items(), *([("pk_positions", PK)] if args.with_pk else [])]:
        began = time.perf_counter()
        with valvo.db.begin() as conn:
            conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
            conn.execute(text(ddl))
        built[name] = round(time.perf_counter() - began, 1)
        print(f"  built {name} in {built[name]} s", file=sys.stderr)
    with valvo.db.begin() as conn:
        sizes = {
            str(name): int(size)
            for name, size in conn.execute(
                text(
                    "SELECT c.relname, pg_relation_size(c.oid) FROM pg_index i"
                    " JOIN pg_class c ON c.oid = i.indexrelid"
                    " WHERE i.indrelid = CAST(:p AS regclass)"
                    " UNION ALL SELECT CAST(:p AS name), pg_relation_size(CAST(:p AS regclass))"
                ),
                {"p": partition},
            )
        }
        # The day's partition holds only the hours loaded, so the planner would scan it whole
        # for a window covering most of it; a real day's partition (24 h) is read by the
        # place-time index (the plan test_crime_matching_api checks): keep that plan.
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text(f'ALTER DATABASE "{database}" SET enable_seqscan = off'))
    valvo.db.dispose()  # new connections take the setting
    return {
        "generator": "sql (bench_fixes, circles of 200 m to 2 km at 1.4 m/s)",
        "loaded_from": first.isoformat(),
        "partition_unlogged": True,
        "enable_seqscan": "off (the plan of a 24-hour partition)",
        "loaders": args.loaders,
        "primary_key_built": args.with_pk,
        "load_seconds": round(load_s, 1),
        "index_build_seconds": built,
        "sizes_mb": {k: round(v / 2**20) for k, v in sorted(sizes.items())},
    }


def crimes(args: argparse.Namespace, rng: random.Random) -> list[dict[str, object]]:
    half = args.side_km * 500.0
    out = []
    loaded = (args.start_hour * 60, (args.start_hour + args.hours) * 60)
    for k in range(args.crimes):
        lat, lon = to_degrees(rng.uniform(-half, half), rng.uniform(-half, half))
        minutes = rng.randint(30, 120)
        if args.generator == "sql":  # the whole reach window (window + 40 min each side) loaded
            low, high = int(loaded[0]) + 40, int(loaded[1]) - 40 - minutes
            start = DAY + timedelta(minutes=rng.randint(low, max(low, high)))
        else:
            start = DAY + timedelta(minutes=rng.randint(60, int(args.hours * 60) - 180))
        out.append(
            {
                "reporting_unit": "bench",
                "crime_type": "burglary",
                "crime_reference": f"B-{k}",
                "from": start.isoformat(),
                "to": (start + timedelta(minutes=minutes)).isoformat(),
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
            }
        )
    return out


CANDIDATES = (
    "SELECT DISTINCT subject_id FROM positions WHERE time >= %(a)s AND time < %(b)s"
    " AND lat BETWEEN %(s)s AND %(n)s AND lon BETWEEN %(w)s AND %(e)s"
)


def _box(crime: dict[str, Any], params: Parameters) -> dict[str, Any]:
    site = Site(crime["lat"], crime["lon"], crime["start"], crime["end"])
    low, high = reach_window(site, params)
    dlat = math.degrees(reach_m(params) / 6_371_008.8)
    dlon = dlat / math.cos(math.radians(site.lat))
    return {
        "a": low,
        "b": high,
        "s": site.lat - dlat,
        "n": site.lat + dlat,
        "w": site.lon - dlon,
        "e": site.lon + dlon,
    }


def baseline(valvo: Valvo, batch: list[dict[str, Any]], params: Parameters) -> dict[str, Any]:
    """The same two SELECTs per crime as plain SQL, the same rows fetched, no matching; the
    two steps timed apart (who was in the box; their fixes)."""
    step = [0.0, 0.0]
    with valvo.db.connect() as conn:
        began = time.perf_counter()
        rows = candidates = 0
        for crime in batch:
            box = _box(crime, params)
            t0 = time.perf_counter()
            people = [r[0] for r in conn.exec_driver_sql(CANDIDATES, box)]
            t1 = time.perf_counter()
            step[0] += t1 - t0
            candidates += len(people)
            if people:
                fetched = conn.exec_driver_sql(
                    "SELECT subject_id, time, lat, lon, accuracy_m, speed_kmh FROM positions"
                    " WHERE subject_id = ANY(%(p)s) AND time >= %(a)s AND time <= %(b)s"
                    " ORDER BY subject_id, time, id",
                    {"p": people, "a": box["a"], "b": box["b"]},
                ).fetchall()
                rows += len(fetched)
            step[1] += time.perf_counter() - t1
        seconds = time.perf_counter() - began
    return {
        "seconds": round(seconds, 2),
        "candidates_seconds": round(step[0], 2),
        "fixes_seconds": round(step[1], 2),
        "candidates": candidates,
        "rows_read": rows,
    }


def explain_first(valvo: Valvo, crime: dict[str, Any], params: Parameters) -> list[str]:
    """The candidate step's plan for one crime, with its buffers: what it really reads."""
    with valvo.db.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + CANDIDATES, _box(crime, params)
        )
        return [str(r[0]) for r in plan]


def rows_read(valvo: Valvo, batch: list[dict[str, Any]], params: Parameters) -> tuple[int, int]:
    people = fixes = 0
    with valvo.db.connect() as conn:
        reader = SqlCrimePositions(conn, None)
        for crime in batch:
            site = Site(crime["lat"], crime["lon"], crime["start"], crime["end"])
            low, high = reach_window(site, params)
            found = reader.candidates(site.lat, site.lon, reach_m(params), low, high)
            people += len(found)
            fixes += sum(len(v) for v in reader.fixes(found, low, high).values())
    return people, fixes


def run(valvo: Valvo, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(16)
    began = time.perf_counter()
    loading: dict[str, Any] = {}
    if args.generator == "sql":
        loading = load_in_sql(valvo, args)
    else:
        with valvo.db.begin() as conn:
            copy_rows(conn, "positions", COLUMNS, TYPES, walks(args, rng))
    write_s = time.perf_counter() - began
    print(f"wrote the fixes in {write_s:.1f} s", file=sys.stderr)
    with valvo.db.begin() as conn:
        conn.execute(text("ANALYZE positions"))
        total = conn.execute(text("SELECT count(*) FROM positions")).scalar_one()
    rows = crimes(args, rng)
    began = time.perf_counter()
    submitted = valvo.bus.handle(SubmitCrimes(actor="bench", at=NOW, rows=rows, source="api"))
    intake_s = time.perf_counter() - began
    assert submitted["outcome"] == "accepted", submitted["errors"][:3]
    measured = submitted
    if args.max_crimes_measured and args.max_crimes_measured < args.crimes:
        # The first crimes again, as a batch of their own (their references' version 2).
        measured = valvo.bus.handle(
            SubmitCrimes(actor="bench", at=NOW, rows=rows[: args.max_crimes_measured], source="api")
        )
    n = len(measured["crimes"])
    params = Parameters(args.radius, timedelta(minutes=args.tolerance_min))
    command = StartRun(
        actor="bench",
        at=NOW,
        batch_id=measured["id"],
        radius_m=args.radius,
        tolerance_s=args.tolerance_min * 60,
        purpose="benchmark",
        legal_basis="criminal_investigation",
    )
    for _ in range(args.warm_passes):  # warm the cache first
        baseline(valvo, measured["crimes"][: args.warm_crimes or None], params)
    floor = baseline(valvo, measured["crimes"], params)
    print(f"plain index scan: {floor}", file=sys.stderr)
    began = time.perf_counter()
    first = valvo.bus.handle(command)
    run_s = time.perf_counter() - began
    print(f"run: {run_s:.1f} s", file=sys.stderr)
    repeat: dict[str, Any] = {}
    if args.repeat:
        began = time.perf_counter()
        second = valvo.bus.handle(command)
        repeat = {
            "repeat_seconds": round(time.perf_counter() - began, 2),
            "same_result": first["result_digest"] == second["result_digest"],
        }
    if args.generator == "sql":
        people, fixes = floor["candidates"], floor["rows_read"]
    else:
        people, fixes = rows_read(valvo, measured["crimes"], params)
    reach_minutes = [
        (_box(c, params)["b"] - _box(c, params)["a"]).total_seconds() / 60
        for c in measured["crimes"]
    ]
    in_window = args.people * sum(reach_minutes) / len(reach_minutes) * 60 / args.every_s
    result = {
        "database": "postgresql",
        "people": args.people,
        "hours": args.hours,
        "fix_every_s": args.every_s,
        "side_km": args.side_km,
        "density_per_km2": round(args.people / args.side_km**2, 3),
        "positions": total,
        "write_rows_per_s": round(total / write_s),
        **loading,
        "crimes": args.crimes,
        "intake_seconds": round(intake_s, 2),
        "crimes_measured": n,
        "warm_passes": args.warm_passes,
        "warm_crimes": args.warm_crimes or n,
        "radius_m": args.radius,
        "tolerance_min": args.tolerance_min,
        "reach_window_minutes_mean": round(sum(reach_minutes) / n, 1),
        "rows_in_reach_window_per_crime": round(in_window),
        "candidates_per_crime": round(people / n, 1),
        "fixes_read_per_crime": round(fixes / n, 1),
        "matches": first["matches_count"],
        "run_seconds": round(run_s, 2),
        **repeat,
        "ms_per_crime": round(1000 * run_s / n, 2),
        "plain_index_scan": floor,
        "plain_ms_per_crime": round(1000 * floor["seconds"] / n, 2),
        "ratio_to_plain_scan": round(run_s / floor["seconds"], 2),
        "batch_of_crimes_estimate_s": round(args.crimes * run_s / n),
        "candidate_plan_first_crime": explain_first(valvo, measured["crimes"][0], params),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--every-s", type=float, default=60)
    parser.add_argument("--crimes", type=int, default=1000)
    parser.add_argument("--radius", type=float, default=100)
    parser.add_argument("--tolerance-min", type=int, default=10)
    parser.add_argument("--side-km", type=float, default=37)
    parser.add_argument("--generator", choices=("walk", "sql"), default="walk")
    parser.add_argument("--start-hour", type=float, default=0, help="sql: first hour loaded")
    parser.add_argument("--chunk-people", type=int, default=25_000, help="sql: per INSERT")
    parser.add_argument("--loaders", type=int, default=2, help="sql: connections loading")
    parser.add_argument("--with-pk", action="store_true", help="sql: rebuild the primary key")
    parser.add_argument("--max-crimes-measured", type=int, default=0)
    parser.add_argument("--warm-passes", type=int, default=1)
    parser.add_argument("--warm-crimes", type=int, default=0, help="0: every crime measured")
    parser.add_argument("--repeat", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--pg-admin", default=PG_ADMIN)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "crime_matching.json"))
    args = parser.parse_args()
    with scratch_valvo(args.pg_admin, NOW) as valvo:
        result = run(valvo, args)
    print(json.dumps(result, indent=2))
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
