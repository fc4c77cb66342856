"""positions on PostgreSQL: daily partitions made ahead (idempotent, race-safe), a DEFAULT
catch-all whose rows move into the day's partition when it is made, retention dropping old
partitions, the COPY write path, and ``near`` (both databases; PG prunes and uses the index)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from tests.conftest import FakeClock, make_valvo
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.migrate import downgrade, upgrade
from valvo.adapters.db.position_partitions import (
    PartitionError,
    ensure_partitions,
    list_partitions,
    maintain,
    partition_name,
)
from valvo.adapters.db.position_writer import write_positions
from valvo.adapters.db.positions_near import NearQueryError, near, near_query
from valvo.adapters.db.retention_partitions import drop_partition, droppable_partitions
from valvo.bootstrap import Valvo, build
from valvo.domain.retention.windows import Piece
from valvo.services.engine.ports import WriteSet
from valvo.settings import Settings

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
HELSINKI = (60.1699, 24.9384)  # lat, lon
M_PER_DEG_LAT = 111_195.0


def pos(time: datetime, subject: str = "s1", north_m: float = 0.0, east_m: float = 0.0) -> Any:
    lat, lon = HELSINKI
    return {
        "subject_id": subject,
        "device_id": "d1",
        "time": time,
        "lat": lat + north_m / M_PER_DEG_LAT,
        "lon": lon + east_m / (M_PER_DEG_LAT * 0.4974),  # cos(60.17°)
        "accuracy_m": 8.0,
        "speed_kmh": None,
        "seq": 1,
    }


def names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {p.name for p in list_partitions(conn)}


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)  # noqa: S608


def days(first: date, n: int) -> set[str]:
    return {partition_name(first + timedelta(days=i)) for i in range(n)}


@pytest.fixture
def pg(pg_migrated_database: str, tmp_path: Path) -> Any:
    valvo = make_valvo(pg_migrated_database, tmp_path, FakeClock(NOW))
    yield valvo
    valvo.db.dispose()


def test_prepare_database_makes_the_coming_days_and_a_default(pg: Valvo) -> None:
    # days_back=1, days_ahead=7 around 2026-11-23: the 22nd to the 30th, and the catch-all.
    assert names(pg.db) == days(date(2026, 11, 22), 9) | {"positions_default"}
    with pg.db.connect() as conn:
        bound = {p.name: p.bound for p in list_partitions(conn)}
        assert next(p.day for p in list_partitions(conn) if p.name.endswith("1123")) == date(
            2026, 11, 23
        )
    assert bound["positions_default"] == "DEFAULT"
    assert bound["positions_p20261123"] == (
        "FOR VALUES FROM ('2026-11-23 00:00:00+00') TO ('2026-11-24 00:00:00+00')"
    )


def test_ensure_is_idempotent_and_extends_ahead(pg: Valvo) -> None:
    before = names(pg.db)
    assert maintain(pg.db, NOW) == []
    assert names(pg.db) == before
    assert maintain(pg.db, NOW, days_ahead=10) == [
        "positions_p20261201",
        "positions_p20261202",
        "positions_p20261203",
    ]
    with pytest.raises(PartitionError, match="aware"), pg.db.begin() as conn:
        ensure_partitions(conn, datetime(2026, 12, 1))  # noqa: DTZ001
    with pytest.raises(PartitionError, match="days_ahead"), pg.db.begin() as conn:
        ensure_partitions(conn, NOW, days_ahead=-1)
    assert len(names(pg.db)) == len(before) + 3


def test_two_processes_racing_create_each_partition_once(pg: Valvo) -> None:
    later = NOW + timedelta(days=40)
    other = make_engine(pg.db.url.render_as_string(hide_password=False))
    start = threading.Barrier(2)
    created: list[list[str]] = []
    errors: list[BaseException] = []

    def run(engine: Engine) -> None:
        start.wait()
        try:
            created.append(maintain(engine, later, days_ahead=20))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in (pg.db, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    expected = days((later - timedelta(days=1)).date(), 22)
    # One caller made them all; the other waited on the lock and found nothing to do.
    assert sorted(created, key=len) == [[], sorted(expected)]
    assert expected <= names(pg.db)


def test_a_fix_without_its_day_lands_in_default_and_moves_when_the_day_is_made(pg: Valvo) -> None:
    christmas = datetime(2026, 12, 25, 12, 0, tzinfo=UTC)
    rows = [pos(christmas + timedelta(minutes=i), subject=f"s{i}") for i in range(5)]
    rows.append(pos(datetime(2027, 3, 1, tzinfo=UTC)))  # another day: stays in default
    with pg.db.begin() as conn:
        write_positions(conn, rows)
    assert count(pg.db, "positions_default") == 6
    with pg.db.connect() as conn:
        ids_before = sorted(conn.execute(select(t.positions.c.id)).scalars())
    assert maintain(pg.db, christmas, days_ahead=0, days_back=0) == ["positions_p20261225"]
    assert count(pg.db, "positions_p20261225") == 5
    assert count(pg.db, "positions_default") == 1
    with pg.db.connect() as conn:
        assert sorted(conn.execute(select(t.positions.c.id)).scalars()) == ids_before


def test_retention_drops_an_old_day_whole(pg: Valvo) -> None:
    old = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    with pg.db.begin() as conn:
        write_positions(conn, [pos(old + timedelta(minutes=i), subject="gone") for i in range(4)])
        write_positions(conn, [pos(NOW, subject="kept")])
        write_positions(conn, [pos(datetime(2026, 11, 1, tzinfo=UTC), subject="gone")])
    expired = Piece("order", "gone", old - timedelta(days=30), old + timedelta(days=1))
    with pg.db.begin() as conn:
        droppable = droppable_partitions(conn, [expired])
        # The DEFAULT partition holds only an expired row too, but the catch-all must stay.
        assert droppable == [("positions_p20261122", 4)]
        drop_partition(conn, droppable[0][0])
    assert "positions_p20261122" not in names(pg.db)
    assert count(pg.db, "positions") == 2
    assert count(pg.db, "positions_default") == 1
    # The next maintenance does not bring back the dropped day once it is out of days_back.
    assert maintain(pg.db, NOW + timedelta(days=1)) == ["positions_p20261201"]


def test_the_engine_commit_stores_exactly_its_positions(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        store = SqlEngineStore(engine, "engine-test")
        rows = [pos(NOW + timedelta(seconds=i), subject=f"s{i % 3}", north_m=i) for i in range(50)]
        rows[7]["accuracy_m"] = None
        rows[8]["speed_kmh"] = 12.5
        store.commit(WriteSet(positions=rows, offset=50), NOW)
        assert store.offset() == 50
        columns = ("subject_id", "device_id", "time", "lat", "lon", "accuracy_m", "speed_kmh")
        with engine.connect() as conn:
            stored = [
                dict(r)
                for r in conn.execute(
                    select(*(t.positions.c[c] for c in columns)).order_by(t.positions.c.time)
                ).mappings()
            ]
        assert stored == [{c: r[c] for c in columns} for r in rows]

        # A bad row refuses the whole batch: no position, no offset moved.
        bad = [pos(NOW), {**pos(NOW), "time": datetime(2026, 11, 23, 10)}]  # noqa: DTZ001
        with pytest.raises(ValueError, match="aware"):
            store.commit(WriteSet(positions=bad, offset=52), NOW)
        with pytest.raises(ValueError, match="subject_id"):
            store.commit(WriteSet(positions=[{**pos(NOW), "subject_id": None}], offset=53), NOW)
        assert store.offset() == 50

        # The positions are written in the caller's transaction: a failure after them undoes them.
        def fail_after_writing() -> None:
            with engine.begin() as conn:
                write_positions(conn, [pos(NOW)] * 3)
                raise RuntimeError("after the positions")

        with pytest.raises(RuntimeError):
            fail_after_writing()
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(t.positions)).scalar() == 50
    finally:
        engine.dispose()


def test_near_finds_who_was_within_the_radius_in_the_window(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        rows = [
            pos(NOW, subject="at-the-place"),
            pos(NOW + timedelta(minutes=5), subject="90m-north", north_m=90),
            pos(NOW + timedelta(minutes=5), subject="150m-east", east_m=150),
            # Inside the bounding box, outside the circle: the exact distance removes it.
            pos(NOW + timedelta(minutes=5), subject="corner", north_m=80, east_m=80),
            pos(NOW + timedelta(hours=2), subject="later"),
            pos(NOW - timedelta(seconds=1), subject="earlier"),
        ]
        with engine.begin() as conn:
            write_positions(conn, rows)
        lat, lon = HELSINKI
        with engine.connect() as conn:
            found = near(conn, lat, lon, 100, NOW, NOW + timedelta(hours=1))
            assert [(r["subject_id"], round(r["distance_m"])) for r in found] == [
                ("at-the-place", 0),
                ("90m-north", 90),
            ]
            assert len(near(conn, lat, lon, 200, NOW, NOW + timedelta(hours=1))) == 4
            for bad, message in (
                ((91.0, lon, 100, NOW, NOW), "no such place"),
                ((lat, lon, 0, NOW, NOW + timedelta(hours=1)), "radius"),
                ((lat, lon, 100, NOW, NOW), "before"),
                ((lat, lon, 100, NOW.replace(tzinfo=None), NOW), "aware"),
            ):
                with pytest.raises(NearQueryError, match=message):
                    near(conn, *bad)
    finally:
        engine.dispose()


def plan_nodes(plan: Any) -> list[dict[str, Any]]:
    out = [plan]
    for child in plan.get("Plans", []):
        out.extend(plan_nodes(child))
    return out


def test_near_on_postgresql_prunes_to_the_day_and_reads_the_place_time_index(pg: Valvo) -> None:
    with pg.db.begin() as conn:
        for day in range(-1, 2):  # three days of 10 000 fixes each, spread over the city
            base = NOW + timedelta(days=day) - timedelta(hours=10)
            write_positions(
                conn,
                [
                    pos(
                        base + timedelta(seconds=8.6 * i),
                        subject=f"s{i % 500}",
                        north_m=(i * 37) % 9000 - 4500,
                        east_m=(i * 53) % 9000 - 4500,
                    )
                    for i in range(10_000)
                ],
            )
        conn.execute(text("ANALYZE positions"))
    query = near_query(*HELSINKI, 300, NOW, NOW + timedelta(minutes=15)).compile(
        dialect=pg.db.dialect
    )
    with pg.db.connect() as conn:
        (plan,) = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) " + str(query), query.construct_params()
        ).scalar_one()
    nodes = plan_nodes(plan["Plan"] if isinstance(plan, dict) else json.loads(plan)[0]["Plan"])
    relations = {n["Relation Name"] for n in nodes if "Relation Name" in n}
    indexes = {n["Index Name"] for n in nodes if "Index Name" in n}
    assert relations == {"positions_p20261123"}
    assert indexes == {"positions_p20261123_time_lat_lon_idx"}


@pytest.mark.empty_database
def test_the_migration_moves_existing_rows_into_days_and_back(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("positions is partitioned on PostgreSQL only")
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0011_cases_changes")
        rows = [pos(NOW + timedelta(hours=h), subject=str(uuid.uuid4())) for h in (0, 20, 50)]
        with engine.begin() as conn:
            conn.execute(t.positions.insert(), rows)
        upgrade(engine)
        assert names(engine) == days(date(2026, 11, 23), 2) | {
            "positions_default",
            "positions_p20261125",
        }
        assert count(engine, "positions_p20261124") == 1
        assert count(engine, "positions_default") == 0
        with engine.begin() as conn:  # the id sequence carries on
            write_positions(conn, [pos(NOW)])
            ids = sorted(conn.execute(select(t.positions.c.id)).scalars())
        assert ids == [1, 2, 3, 4]
        downgrade(engine, "0011_cases_changes")
        assert names(engine) == set()  # a plain table again
        assert count(engine, "positions") == 4
        upgrade(engine)
        assert count(engine, "positions") == 4
    finally:
        engine.dispose()


def test_the_postgresql_pool_follows_the_settings(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql://postgres@127.0.0.1:5432/unused",  # never connected
        data_dir=tmp_path,
        db_pool_size=3,
        db_max_overflow=2,
    )
    engine = build(settings).db
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow, pool._pre_ping) == (3, 2, True)
    engine.dispose()
