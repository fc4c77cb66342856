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
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
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


def crimes(args: argparse.Namespace, rng: random.Random) -> list[dict[str, object]]:
    half = args.side_km * 500.0
    out = []
    for k in range(args.crimes):
        lat, lon = to_degrees(rng.uniform(-half, half), rng.uniform(-half, half))
        start = DAY + timedelta(minutes=rng.randint(60, int(args.hours * 60) - 180))
        out.append(
            {
                "reporting_unit": "bench",
                "crime_type": "burglary",
                "crime_reference": f"B-{k}",
                "from": start.isoformat(),
                "to": (start + timedelta(minutes=rng.randint(30, 120))).isoformat(),
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
            }
        )
    return out


def baseline(valvo: Valvo, batch: list[dict[str, Any]], params: Parameters) -> dict[str, Any]:
    """The same two SELECTs per crime as plain SQL, the same rows fetched, no matching."""
    with valvo.db.connect() as conn:
        began = time.perf_counter()
        rows = 0
        for crime in batch:
            site = Site(crime["lat"], crime["lon"], crime["start"], crime["end"])
            low, high = reach_window(site, params)
            dlat = math.degrees(reach_m(params) / 6_371_008.8)
            dlon = dlat / math.cos(math.radians(site.lat))
            people = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT DISTINCT subject_id FROM positions WHERE time >= %(a)s AND time < %(b)s"
                    " AND lat BETWEEN %(s)s AND %(n)s AND lon BETWEEN %(w)s AND %(e)s",
                    {
                        "a": low,
                        "b": high,
                        "s": site.lat - dlat,
                        "n": site.lat + dlat,
                        "w": site.lon - dlon,
                        "e": site.lon + dlon,
                    },
                )
            ]
            if people:
                fetched = conn.exec_driver_sql(
                    "SELECT subject_id, time, lat, lon, accuracy_m, speed_kmh FROM positions"
                    " WHERE subject_id = ANY(%(p)s) AND time >= %(a)s AND time <= %(b)s"
                    " ORDER BY subject_id, time, id",
                    {"p": people, "a": low, "b": high},
                ).fetchall()
                rows += len(fetched)
        seconds = time.perf_counter() - began
    return {"seconds": round(seconds, 2), "rows_read": rows}


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
    with valvo.db.begin() as conn:
        copy_rows(conn, "positions", COLUMNS, TYPES, walks(args, rng))
    write_s = time.perf_counter() - began
    print(f"wrote the fixes in {write_s:.1f} s", file=sys.stderr)
    with valvo.db.begin() as conn:
        conn.execute(text("ANALYZE positions"))
        total = conn.execute(text("SELECT count(*) FROM positions")).scalar_one()
    submitted = valvo.bus.handle(
        SubmitCrimes(actor="bench", at=NOW, rows=crimes(args, rng), source="api")
    )
    assert submitted["outcome"] == "accepted", submitted["errors"][:3]
    params = Parameters(args.radius, timedelta(minutes=args.tolerance_min))
    command = StartRun(
        actor="bench",
        at=NOW,
        batch_id=submitted["id"],
        radius_m=args.radius,
        tolerance_s=args.tolerance_min * 60,
        purpose="benchmark",
        legal_basis="criminal_investigation",
    )
    floor = baseline(valvo, submitted["crimes"], params)  # warm the cache first
    floor = baseline(valvo, submitted["crimes"], params)
    print(f"plain index scan: {floor}", file=sys.stderr)
    began = time.perf_counter()
    first = valvo.bus.handle(command)
    run_s = time.perf_counter() - began
    began = time.perf_counter()
    second = valvo.bus.handle(command)
    repeat_s = time.perf_counter() - began
    people, fixes = rows_read(valvo, submitted["crimes"], params)
    return {
        "database": "postgresql",
        "people": args.people,
        "hours": args.hours,
        "fix_every_s": args.every_s,
        "side_km": args.side_km,
        "density_per_km2": round(args.people / args.side_km**2, 3),
        "positions": total,
        "write_rows_per_s": round(total / write_s),
        "crimes": args.crimes,
        "radius_m": args.radius,
        "tolerance_min": args.tolerance_min,
        "candidates_per_crime": round(people / args.crimes, 1),
        "fixes_read_per_crime": round(fixes / args.crimes, 1),
        "matches": first["matches_count"],
        "run_seconds": round(run_s, 2),
        "repeat_seconds": round(repeat_s, 2),
        "same_result": first["result_digest"] == second["result_digest"],
        "ms_per_crime": round(1000 * run_s / args.crimes, 2),
        "plain_index_scan": floor,
        "ratio_to_plain_scan": round(run_s / floor["seconds"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--every-s", type=float, default=60)
    parser.add_argument("--crimes", type=int, default=1000)
    parser.add_argument("--radius", type=float, default=100)
    parser.add_argument("--tolerance-min", type=int, default=10)
    parser.add_argument("--side-km", type=float, default=37)
    parser.add_argument("--pg-admin", default=PG_ADMIN)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "crime_matching.json"))
    args = parser.parse_args()
    with scratch_valvo(args.pg_admin, NOW) as valvo:
        result = run(valvo, args)
    print(json.dumps(result, indent=2))
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
