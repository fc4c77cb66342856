"""The crime-matching benchmark's full-scale loader on a handful of people (PostgreSQL only):
the fixes the SQL function makes are a fix a minute per person over the hours asked, inside
the square, with unique ids; the positions indexes are back after loading; and every crime's
reach window lies inside the hours loaded. No timing is asserted."""

from __future__ import annotations

import argparse
import importlib
import random
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from valvo.adapters.db.position_partitions import ensure_partitions
from valvo.bootstrap import Valvo
from valvo.domain.evidence.matching import Parameters

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
bench = importlib.import_module("bench.crime_matching")


def _args(**over: object) -> argparse.Namespace:
    base = {
        "generator": "sql",
        "people": 7,
        "hours": 3.5,
        "start_hour": 10.0,
        "every_s": 60.0,
        "side_km": 4.0,
        "chunk_people": 3,
        "loaders": 2,
        "with_pk": False,
        "crimes": 40,
        "radius": 100.0,
        "tolerance_min": 10,
    }
    return argparse.Namespace(**{**base, **over})


def test_the_sql_loader_makes_a_fix_a_minute_per_person_and_rebuilds_the_indexes(
    valvo: Valvo,
) -> None:
    if valvo.db.dialect.name != "postgresql":
        pytest.skip("the full-scale loader is PostgreSQL's")
    args = _args()
    with valvo.db.begin() as conn:
        ensure_partitions(conn, bench.NOW)
    loading = bench.load_in_sql(valvo, args)
    assert loading["primary_key_built"] is False
    first = bench.DAY + timedelta(hours=10)
    with valvo.db.connect() as conn:
        per_person = conn.execute(
            text(
                "SELECT subject_id, count(*), min(time), max(time), count(DISTINCT id),"
                " min(lat), max(lat), min(lon), max(lon) FROM positions GROUP BY subject_id"
            )
        ).all()
        gaps = conn.execute(
            text(
                "SELECT DISTINCT round(extract(epoch FROM time - lag(time) OVER"
                " (PARTITION BY subject_id ORDER BY time))::numeric, 6) FROM positions"
            )
        ).scalars()
        indexes = set(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'positions'")
            ).scalars()
        )
        ids = conn.execute(text("SELECT count(DISTINCT id), count(*) FROM positions")).one()
    assert len(per_person) == 7
    assert ids[0] == ids[1] == 7 * 210
    half_deg = (2000 + 2000) / 111_195.0  # half the square plus the widest circle
    for _, n, start, end, _, lat_lo, lat_hi, lon_lo, lon_hi in per_person:
        assert n == 210
        assert first <= start < first + timedelta(minutes=1)
        assert end < first + timedelta(hours=3.5)
        assert 60.1699 - half_deg <= lat_lo <= lat_hi <= 60.1699 + half_deg
        assert 24.9384 - 2.02 * half_deg <= lon_lo <= lon_hi <= 24.9384 + 2.02 * half_deg
    assert {g for g in gaps if g is not None} == {60}
    assert {"ix_positions_subject_time", "ix_positions_time_lat_lon"} <= indexes


def test_every_crimes_reach_window_lies_inside_the_hours_loaded() -> None:
    args = _args()
    params = Parameters(args.radius, timedelta(minutes=args.tolerance_min))
    low = bench.DAY + timedelta(hours=args.start_hour)
    high = low + timedelta(hours=args.hours)
    for row in bench.crimes(args, random.Random(16)):
        crime = {
            "lat": float(str(row["lat"])),
            "lon": float(str(row["lon"])),
            "start": bench.datetime.fromisoformat(str(row["from"])),
            "end": bench.datetime.fromisoformat(str(row["to"])),
        }
        box = bench._box(crime, params)
        assert low <= box["a"]
        assert box["b"] <= high
