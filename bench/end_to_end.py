"""End to end: Teltonika devices -> gateway -> observation log -> engine -> database.

    .venv/bin/python bench/end_to_end.py [--subjects 5000] [--fixes 40000] [--devices 1000]
                                         [--latency-rate 2000] [--latency-seconds 20] [--quick]

In one run on this machine (PostgreSQL 127.0.0.1:5432, NATS JetStream 127.0.0.1:4222), with N
subjects seeded once into a template database that every step copies (CREATE DATABASE ...
TEMPLATE) and a private stream per step (deleted afterwards):

1. ``pg_jetstream``: ``valvo serve gateway`` and ``valvo serve engine`` as subprocesses; the
   devices (another process, codec 8 packets of ``--records`` records) send ``--fixes`` fixes:
   fixes/s stored (positions rows, from the first ACK to the last row committed) and the
   gateway's ACKed fixes/s;
2. ``sqlite``: the same through ``valvo serve all`` on the database log, one process;
3. ``copy_ceiling``: the same number of position rows COPYed into step 1's positions table with
   psycopg 3 (``cursor.copy``), rows/s;
4. ``naive_floor``: one zone query + one INSERT + one commit per fix on step 1's database
   (bench/engine_throughput.py ``run_naive``), fixes/s;
5. ``workers``: the stream filled with ``--fixes`` fixes by the gateway alone, then drained by
   one engine process and (on a fresh copy of the database) by two: fixes/s and the ratio;
6. ``latency``: gateway and engine running, packets offered at ``--latency-rate`` fixes/s, a
   share sent from inside the exclusion zone by subjects that never breached before: time from
   the device writing the packet to the alarm event for that subject on the NATS live feed
   (``valvo.feed``), p50/p99, and the rate the machine actually sustained.

Every throughput is also given as a ratio to the COPY ceiling and to the naive floor. Figures go
to bench/results/end_to_end.json (``--quick``: end_to_end_quick.json, a one-minute smoke run).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from e2e_fleet import IMEI, FleetSpec, run_fleet  # noqa: E402
from e2e_services import (  # noqa: E402
    NATS_URL,
    PgDatabases,
    Serve,
    alarm_kinds,
    count,
    delete_stream,
    free_port,
    make_stream,
    owners,
    port_open,
    postgres_cpu_s,
    private_stream,
    serve_env,
    serving,
    stream_messages,
    subject_of_device,
    wait_for,
)
from engine_scale import seed  # noqa: E402
from engine_throughput import run_naive  # noqa: E402

from valvo.adapters.bus.jetstream import StreamSettings, connect  # noqa: E402
from valvo.adapters.db import tables as t  # noqa: E402
from valvo.bootstrap import Valvo, build  # noqa: E402
from valvo.domain.geo.projection import LocalProjection  # noqa: E402
from valvo.settings import Settings  # noqa: E402
from valvo.sim.bulk_seed import HOME  # noqa: E402
from valvo.sim.teltonika_device import AvlFix, TeltonikaClient  # noqa: E402

ZONE = LocalProjection(*HOME).to_degrees(1000, 0)  # the seeded exclusion zone's centre
ZONE_KINDS = {"exclusion_zone_entered", "exclusion_zone_crossed"}


@dataclass(frozen=True)
class Plan:
    subjects: int
    fixes: int
    devices: int
    records: int
    partitions: int
    latency_rate: float
    latency_seconds: float
    breach_share: float
    timeout_s: float
    work: Path
    core: bool = False  # seed, the two JetStream runs, their untuned twins, the COPY ceilings
    tuning: tuple[tuple[str, str], ...] = ()  # settings given to every served process

    @property
    def warmup(self) -> int:
        """The extra subject whose one fix, stored before a measurement, warms the engine."""
        return self.subjects

    def env(
        self, url: str, port: int, stream: StreamSettings | None, **more: str
    ) -> dict[str, str]:
        """A process's settings (an engine batch: VALVO_ENGINE_BATCH_SIZE observations)."""
        return serve_env(url, self.work, port, stream, **{**dict(self.tuning), **more})

    def untuned(self) -> Plan:
        """The same plan on asyncio's own loop and Python's collector thresholds: the baseline
        the process tuning (VALVO_EVENT_LOOP, VALVO_GC_YOUNG_THRESHOLD) is measured against."""
        return replace(
            self, tuning=(("VALVO_EVENT_LOOP", "asyncio"), ("VALVO_GC_YOUNG_THRESHOLD", "700"))
        )

    def spec(self, port: int, **kw: Any) -> FleetSpec:
        return FleetSpec(
            port=port,
            devices=list(range(min(self.devices, self.subjects))),
            records=self.records,
            home=HOME,
            zone=ZONE,
            **kw,
        )


# --- running the fleet while watching the database ------------------------------------------


def start_fleet(spec: FleetSpec) -> tuple[Any, Any]:
    receive, send = mp.Pipe(duplex=False)
    process = mp.get_context("spawn").Process(target=run_fleet, args=(spec, send))
    process.start()
    return process, receive


def drive(
    plan: Plan, spec: FleetSpec, db: Engine | None, serves: list[Serve], before: int
) -> dict[str, Any]:
    """Run the fleet; with ``db``, also wait until every ACKed fix is a position row (``before``
    rows were there already) and note when that happened."""
    cpu_before = {serve.process: serve.cpu_s() for serve in serves}
    postgres_before = postgres_cpu_s()
    process, receive = start_fleet(spec)
    fleet: dict[str, Any] | None = None
    stored_at = None
    deadline = time.monotonic() + plan.timeout_s
    try:
        while fleet is None or (db is not None and stored_at is None):
            if fleet is None and receive.poll(0.05):
                fleet = receive.recv()
                if "error" in fleet:
                    raise RuntimeError(f"the fleet failed: {fleet['error']}")
            if db is not None and fleet is not None:
                if count(db, t.positions) - before >= fleet["acked_fixes"]:
                    stored_at = time.monotonic()
                else:
                    time.sleep(0.05)
            for serve in serves:
                serve.check()
            if time.monotonic() > deadline:
                raise TimeoutError(f"not done within {plan.timeout_s:.0f} s")
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()
    fleet["stored_at"] = stored_at
    fleet["cpu_s"] = {
        **{serve.process: serve.cpu_s() - cpu_before[serve.process] for serve in serves},
        "postgresql": postgres_cpu_s() - postgres_before,
        "load_generator": fleet["cpu_s"],
    }
    if db is not None:
        fleet["positions"] = count(db, t.positions) - before
    return fleet


def warm_up(plan: Plan, port: int, db: Engine, serves: list[Serve]) -> None:
    """One fix from the spare subject, stored: the engine has started and loaded its rules."""

    async def one() -> None:
        client = TeltonikaClient(IMEI.format(plan.warmup), timeout_s=60)
        await client.connect("127.0.0.1", port)
        await client.send([AvlFix(datetime.now(UTC), HOME[1], HOME[0], 0)])
        await client.close()

    asyncio.run(one())
    wait_for(lambda: count(db, t.positions) >= 1, 120, "the warm-up fix stored", serves)


def rates(fleet: dict[str, Any]) -> dict[str, Any]:
    first, acked = fleet["first_ack"], fleet["acked_fixes"]
    out = {
        "fixes": acked,
        "acked_per_s": round(acked / (fleet["last_ack"] - fleet["began"])),
        "ack_p50_ms": fleet["ack_p50_ms"],
        "ack_p99_ms": fleet["ack_p99_ms"],
        "failures": fleet["failure_count"],
    }
    if fleet.get("stored_at") is not None:
        out["stored_per_s"] = round(fleet["positions"] / (fleet["stored_at"] - first))
        out["positions"] = fleet["positions"]
    # CPU per fix, each process apart; the system's total leaves the load generator out.
    per_fix = {name: round(1e6 * cpu / acked, 1) for name, cpu in fleet["cpu_s"].items()}
    out["cpu_us_per_fix"] = {
        **per_fix,
        "system": round(sum(v for k, v in per_fix.items() if k != "load_generator"), 1),
    }
    return out


# --- the steps ------------------------------------------------------------------------------


def pg_jetstream(plan: Plan, url: str) -> dict[str, Any]:
    stream = private_stream(plan.partitions)
    make_stream(stream)
    db = create_engine(url)
    port = free_port()
    try:
        env = {
            role: plan.env(url, port, stream, VALVO_ENGINE_WORKER_ID=role)
            for role in ("gateway", "engine")
        }
        with serving([(r, e) for r, e in env.items()], plan.work) as serves:
            wait_for(port_open(port), 60, "the gateway's port", serves)
            wait_for(lambda: owners(db) == {"engine": plan.partitions}, 60, "leases", serves)
            warm_up(plan, port, db, serves)
            fleet = drive(plan, plan.spec(port, fixes=plan.fixes), db, serves, before=1)
        messages = stream_messages(stream) - 2  # less the warm-up device's login and packet
    finally:
        delete_stream(stream)
        db.dispose()
    return {**rates(fleet), "stream_messages": messages}  # a login frame + packets per device


def sqlite_all_in_one(plan: Plan, url: str) -> dict[str, Any]:
    db = create_engine(url)
    port = free_port()
    try:
        env = plan.env(url, port, None, VALVO_LIVE_FEED="inprocess")
        with serving([("all", env)], plan.work) as serves:
            wait_for(port_open(port), 60, "the gateway's port", serves)
            warm_up(plan, port, db, serves)
            fleet = drive(plan, plan.spec(port, fixes=plan.fixes), db, serves, before=1)
    finally:
        db.dispose()
    return rates(fleet)


def copy_ceiling(url: str, rows: int) -> dict[str, Any]:
    """``rows`` position rows COPYed (psycopg 3) into the positions table, one transaction."""
    with psycopg.connect(plain(url)) as conn:
        pairs = conn.execute(
            "SELECT a.subject_id, a.device_id FROM device_assignments a"
            " JOIN devices d ON d.id = a.device_id WHERE d.kind = 'gps_tracker'"
        ).fetchall()
        now = datetime.now(UTC)
        began = time.perf_counter()
        with conn.cursor() as cur:
            columns = "subject_id, device_id, time, lat, lon, accuracy_m, speed_kmh, seq"
            with cur.copy(f"COPY positions ({columns}) FROM STDIN") as copy:
                for i in range(rows):
                    subject, device = pairs[i % len(pairs)]
                    copy.write_row((subject, device, now, HOME[1], HOME[0], 8.0, None, i + 1))
        conn.commit()
        elapsed = time.perf_counter() - began
    return {"rows": rows, "rows_per_s": round(rows / elapsed)}


TABLES = """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1"""
COLUMNS = """SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0
AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"""


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(plain(url)) as conn:
        names = [r[0] for r in conn.execute(TABLES)]
        count_rows = sql.SQL("SELECT count(*) FROM {}")
        return {n: conn.execute(count_rows.format(sql.Identifier(n))).fetchone()[0] for n in names}


def copy_all_rows(dbs: PgDatabases, seed: str, after: str) -> dict[str, Any]:
    """The honest ceiling: every row step 1 wrote (the tables that were empty in the seed and are
    not now: positions, observations with their payload, raw frames and resend keys, provenance,
    engine state ...), exported, then COPYed back in one transaction into a copy of step 1's
    database whose those tables were emptied. ``rows_per_s`` counts a fix's rows as one: the fixes
    per second that a server doing nothing but COPY could store; ``table_rows`` is every row."""
    before, written = row_counts(dbs.url(seed)), row_counts(dbs.url(after))
    tables = [n for n, rows in written.items() if rows and not before.get(n)]
    grown = [n for n, rows in written.items() if before.get(n) and rows > before[n]]
    exported: dict[str, tuple[sql.Composable, bytes]] = {}
    with psycopg.connect(plain(dbs.url(after))) as conn:
        fixes = conn.execute("SELECT count(*) FROM positions").fetchone()[0]
        for name in tables:
            names = [r[0] for r in conn.execute(COLUMNS, (name,))]
            columns = sql.SQL(", ").join(map(sql.Identifier, names))
            data = bytearray()
            query = sql.SQL("COPY (SELECT {} FROM {}) TO STDOUT (FORMAT binary)")
            with conn.cursor().copy(query.format(columns, sql.Identifier(name))) as out:
                for chunk in out:
                    data += chunk
            exported[name] = (columns, bytes(data))
    url = dbs.create("ceiling", template=after)
    with psycopg.connect(plain(url)) as conn:
        conn.execute(sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(map(sql.Identifier, tables))))
        conn.commit()
        began = time.perf_counter()
        with conn.cursor() as cur:
            for name, (columns, data) in exported.items():
                query = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT binary)")
                with cur.copy(query.format(sql.Identifier(name), columns)) as into:
                    into.write(data)
        conn.commit()
        elapsed = time.perf_counter() - began
    table_rows = sum(written[n] for n in tables)
    return {
        "fixes": fixes,
        "rows_per_s": round(fixes / elapsed),
        "table_rows": table_rows,
        "table_rows_per_s": round(table_rows / elapsed),
        "rows_by_table": {n: written[n] for n in tables},
        "grown_tables_not_copied": grown,  # updated in place (seeded rows), not new per fix
        "megabytes": round(sum(len(d) for _, d in exported.values()) / 1e6, 1),
    }


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def naive_floor(url: str, plan: Plan) -> dict[str, Any]:
    valvo = build(Settings(database_url=url, data_dir=plan.work, log_level="WARNING"))
    try:
        fixes = min(5_000, plan.fixes)
        return {"fixes": fixes, "fixes_per_s": round(run_naive(valvo, fixes))}
    finally:
        valvo.db.dispose()


def workers(plan: Plan, dbs: PgDatabases) -> dict[str, Any]:
    """Fill a stream with the gateway alone, then drain it with one engine and with two."""
    stream = private_stream(plan.partitions)
    make_stream(stream)
    port = free_port()
    try:
        url = dbs.create("fill", template="seed")
        env = plan.env(url, port, stream)
        with serving([("gateway", env)], plan.work) as serves:
            wait_for(port_open(port), 60, "the gateway's port", serves)
            fill = drive(plan, plan.spec(port, fixes=plan.fixes), None, serves, before=0)
        filled = rates(fill)
        drains = {n: drain(plan, dbs, stream, n, fill["acked_fixes"]) for n in (1, 2)}
    finally:
        delete_stream(stream)
    return {
        "gateway_only": filled,
        "one_worker": drains[1],
        "two_workers": drains[2],
        "ratio_two_to_one": round(drains[2]["fixes_per_s"] / drains[1]["fixes_per_s"], 2),
    }


def drain(
    plan: Plan, dbs: PgDatabases, stream: StreamSettings, n: int, fixes: int
) -> dict[str, Any]:
    url = dbs.create(f"drain{n}", template="seed")
    db = create_engine(url)
    try:
        env = [
            (
                "engine",
                plan.env(url, free_port(), stream, VALVO_ENGINE_WORKER_ID=f"w{k}"),
            )
            for k in range(n)
        ]
        began = time.monotonic()
        with serving(env, plan.work) as serves:
            # Measured from the moment the partitions are shared out (every worker up and
            # holding its share); rows stored before (by a worker that started sooner, while
            # it held them all) are left out of the count.
            share = plan.partitions // n

            def balanced() -> bool:
                held = owners(db)
                return len(held) >= n and all(c == share for c in held.values())

            ready = wait_for(balanced, plan.timeout_s, "workers holding their shares", serves)
            before = count(db, t.positions)
            cpu_before = [serve.cpu_s() for serve in serves]
            done = wait_for(
                lambda: count(db, t.positions) >= fixes, plan.timeout_s, "the drain", serves
            )
            cpu = [serve.cpu_s() - b for serve, b in zip(serves, cpu_before, strict=True)]
            shares = owners(db)
        stored = count(db, t.positions)
    finally:
        db.dispose()
    return {
        "workers": n,
        "positions": stored,
        "rows_before_all_workers_up": before,
        "fixes_per_s": round((fixes - before) / (done - ready)),
        "seconds_all_up_to_last_row": round(done - ready, 2),
        "seconds_from_process_start": round(done - began, 2),
        "partitions_held_at_end": shares,
        # CPU seconds each engine process used over the drain (of 2 cores shared with PG)
        "engine_cpu_s": [round(c, 1) for c in cpu],
    }


class FeedWatch:
    """Alarm events on the NATS live feed, stamped with the monotonic time they arrived."""

    def __init__(self, subject: str = "valvo.feed") -> None:
        self.subject = subject
        self.events: dict[str, list[tuple[float, str]]] = {}
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> FeedWatch:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("could not subscribe to the live feed")
        return self

    def __exit__(self, *exc: object) -> None:
        stop = self._stop
        if stop is not None:
            self._loop.call_soon_threadsafe(stop.set)
        self._thread.join(10)

    def _run(self) -> None:
        self._loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        nc = await connect(NATS_URL, "valvo-bench-feed")

        async def received(msg: Any) -> None:
            stamp = time.monotonic()
            with contextlib.suppress(ValueError):
                event = json.loads(msg.data)
                if isinstance(event, dict) and event.get("type") == "alarm":
                    subject = str(event.get("subject_id"))
                    self.events.setdefault(subject, []).append((stamp, str(event.get("id"))))

        await nc.subscribe(self.subject, cb=received)
        await nc.flush()
        self._ready.set()
        await self._stop.wait()
        await nc.close()


def latency(plan: Plan, dbs: PgDatabases) -> dict[str, Any]:
    stream = private_stream(plan.partitions)
    make_stream(stream)
    url = dbs.create("latency", template="seed")
    db = create_engine(url)
    port = free_port()
    subject_of = subject_of_device(db)
    try:
        env = {
            role: plan.env(url, port, stream, VALVO_ENGINE_WORKER_ID=role)
            for role in ("gateway", "engine")
        }
        with FeedWatch() as feed, serving([(r, e) for r, e in env.items()], plan.work) as serves:
            wait_for(port_open(port), 60, "the gateway's port", serves)
            wait_for(lambda: owners(db) == {"engine": plan.partitions}, 60, "leases", serves)
            warm_up(plan, port, db, serves)
            spec = plan.spec(
                port,
                rate=plan.latency_rate,
                seconds=plan.latency_seconds,
                breach_share=plan.breach_share,
            )
            fleet = drive(plan, spec, db, serves, before=1)
            breaches = {subject_of[imei]: sent for imei, sent in fleet["breaches"].items()}

            def all_seen() -> bool:
                return all(s in feed.events for s in breaches)

            with contextlib.suppress(TimeoutError):
                wait_for(all_seen, 30, "every breach's alarm", serves)
        kinds = alarm_kinds(db)
    finally:
        delete_stream(stream)
        db.dispose()
    delays, other_kinds = [], 0
    for subject, sent in breaches.items():
        seen = [(stamp, kinds.get(alarm)) for stamp, alarm in feed.events.get(subject, [])]
        other_kinds += sum(1 for _, k in seen if k not in ZONE_KINDS)
        zone = [stamp for stamp, k in seen if k in ZONE_KINDS and stamp >= sent]
        if zone:
            delays.append(zone[0] - sent)
    delays.sort()

    def pct(p: float) -> float | None:
        return round(delays[min(len(delays) - 1, int(p * len(delays)))], 3) if delays else None

    return {
        "offered_rate_per_s": plan.latency_rate,
        "sustained_acked_per_s": round(fleet["acked_fixes"] / plan.latency_seconds),
        "acked_fixes": fleet["acked_fixes"],
        "positions": fleet["positions"],
        "failures": fleet["failure_count"],
        "seconds": plan.latency_seconds,
        "ack_p50_ms": fleet["ack_p50_ms"],
        "ack_p99_ms": fleet["ack_p99_ms"],
        "breaches": len(breaches),
        "alarms_matched": len(delays),
        "other_alarm_events_for_those_subjects": other_kinds,
        "p50_s": pct(0.50),
        "p99_s": pct(0.99),
        "max_s": round(delays[-1], 3) if delays else None,
    }


# --- the run --------------------------------------------------------------------------------


def seeded(url: str, plan: Plan, now: datetime) -> None:
    valvo: Valvo = build(Settings(database_url=url, data_dir=plan.work, log_level="WARNING"))
    try:
        valvo.prepare_database()
        seed(valvo, plan.subjects + 1, start=now, gps=(IMEI, "teltonika"))
    finally:
        valvo.db.dispose()


def ratios(value: float, copy: float, naive: float) -> str:
    return f"{value:>9.0f}/s  {value / copy:>6.3f} x COPY  {value / naive:>6.2f} x naive"


def report(results: dict[str, Any]) -> None:
    copy = results["copy_all_rows"]["rows_per_s"]
    print(f"\n{results['subjects']} subjects, {results['fixes']} fixes per run")
    for name, value in figures(results):
        print(f"  {name:<34}{value:>9.0f}/s  {value / copy:>6.3f} x COPY of every row")
    if "workers" in results:
        print(f"  2 workers / 1 worker: {results['workers']['ratio_two_to_one']}")
    for key, name in RUNS:
        if key in results:
            cpu = "  ".join(f"{k} {v}" for k, v in results[key]["cpu_us_per_fix"].items())
            print(f"  CPU µs per fix, {name}: {cpu}")
    for key, name in (("pg_jetstream", "10-record"), ("pg_jetstream_one_fix", "one-fix")):
        if f"{key}_untuned" in results:
            tuned, untuned = results[key], results[f"{key}_untuned"]
            system = untuned["cpu_us_per_fix"]["system"] / tuned["cpu_us_per_fix"]["system"]
            stored = tuned["stored_per_s"] / untuned["stored_per_s"]
            print(
                f"  tuned / untuned, {name}: stored {stored:.2f} x, "
                f"system CPU per fix {1 / system:.2f} x"
            )
    if "latency" not in results:
        return
    lat = results["latency"]
    print(
        f"  frame -> alarm on valvo.feed at {lat['sustained_acked_per_s']}/s sustained"
        f" (offered {lat['offered_rate_per_s']:.0f}/s): p50 {lat['p50_s']} s,"
        f" p99 {lat['p99_s']} s, max {lat['max_s']} s"
        f" ({lat['alarms_matched']}/{lat['breaches']} breaches matched)"
    )


RUNS = (
    ("pg_jetstream", "10-record packets"),
    ("pg_jetstream_untuned", "10-record packets, untuned"),
    ("pg_jetstream_one_fix", "one-fix frames"),
    ("pg_jetstream_one_fix_untuned", "one-fix frames, untuned"),
)


def jetstream_runs(plan: Plan, dbs: PgDatabases, results: dict[str, Any]) -> None:
    """The one-fix-frame run and both runs untuned, each on its own copy of the seed."""
    one = replace(plan, records=1)
    for key, variant in (
        ("pg_jetstream_one_fix", one),
        ("pg_jetstream_untuned", plan.untuned()),
        ("pg_jetstream_one_fix_untuned", one.untuned()),
    ):
        results[key] = pg_jetstream(variant, dbs.create(key, template="seed"))
        step(key, results[key])


def run(plan: Plan, sqlite_dir: Path) -> dict[str, Any]:
    now = datetime.now(UTC)
    results: dict[str, Any] = {
        "measured_at": now.isoformat(),
        "subjects": plan.subjects,
        "fixes": plan.fixes,
        "devices": min(plan.devices, plan.subjects),
        "records_per_packet": plan.records,
        "partitions": plan.partitions,
    }
    dbs = PgDatabases()
    try:
        began = time.monotonic()
        template = dbs.create("seed")
        seeded(template, plan, now)
        results["seed_s"] = round(time.monotonic() - began, 1)
        step("seeded", results["seed_s"])
        url = dbs.create("e2e", template="seed")
        results["pg_jetstream"] = pg_jetstream(plan, url)
        step("pg_jetstream", results["pg_jetstream"])
        results["copy_all_rows"] = copy_all_rows(dbs, "seed", "e2e")
        step("copy_all_rows", results["copy_all_rows"])
        results["copy_ceiling"] = copy_ceiling(url, plan.fixes)
        step("copy_ceiling", results["copy_ceiling"])
        jetstream_runs(plan, dbs, results)
        if plan.core:
            return results
        results["naive_floor"] = naive_floor(url, plan)
        step("naive_floor", results["naive_floor"])
        results["workers"] = workers(plan, dbs)
        step("workers", results["workers"])
        results["latency"] = latency(plan, dbs)
        step("latency", results["latency"])
    finally:
        dbs.close()
    lite = f"sqlite:///{sqlite_dir / 'bench.db'}"
    seeded(lite, plan, now)
    results["sqlite"] = sqlite_all_in_one(plan, lite)
    step("sqlite", results["sqlite"])
    return with_ratios(results)


def with_ratios(results: dict[str, Any]) -> dict[str, Any]:
    """Each figure as a ratio to the COPY of every row (and to the naive floor, if run)."""
    copy = results["copy_all_rows"]["rows_per_s"]
    naive = results.get("naive_floor", {}).get("fixes_per_s")
    results["ratios"] = {
        name: {"vs_copy": round(v / copy, 4)} | ({"vs_naive": round(v / naive, 2)} if naive else {})
        for name, v in figures(results)
    }
    return results


FIGURES = (
    ("pg_jetstream_stored", ("pg_jetstream", "stored_per_s")),
    ("pg_jetstream_acked", ("pg_jetstream", "acked_per_s")),
    ("one_fix_frames_acked", ("pg_jetstream_one_fix", "acked_per_s")),
    ("one_fix_frames_stored", ("pg_jetstream_one_fix", "stored_per_s")),
    ("pg_jetstream_stored_untuned", ("pg_jetstream_untuned", "stored_per_s")),
    ("one_fix_frames_acked_untuned", ("pg_jetstream_one_fix_untuned", "acked_per_s")),
    ("one_fix_frames_stored_untuned", ("pg_jetstream_one_fix_untuned", "stored_per_s")),
    ("sqlite_stored", ("sqlite", "stored_per_s")),
    ("sqlite_acked", ("sqlite", "acked_per_s")),
    ("copy_every_row", ("copy_all_rows", "rows_per_s")),
    ("copy_positions_only", ("copy_ceiling", "rows_per_s")),
    ("naive_floor", ("naive_floor", "fixes_per_s")),
)


def figures(results: dict[str, Any]) -> Iterator[tuple[str, float]]:
    for name, (run, key) in FIGURES:
        if run in results:
            yield name, results[run][key]
    if "workers" in results:
        w = results["workers"]
        yield "gateway_only_acked", w["gateway_only"]["acked_per_s"]
        yield "drain_one_worker", w["one_worker"]["fixes_per_s"]
        yield "drain_two_workers", w["two_workers"]["fixes_per_s"]


def step(name: str, value: object) -> None:
    print(f"[{name}] {value}", flush=True)


QUICK = {"subjects": 300, "fixes": 3000, "devices": 100, "latency_seconds": 5.0}


def parse(argv: list[str] | None = None) -> tuple[Plan, str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=5_000)
    parser.add_argument("--fixes", type=int, default=40_000, help="fixes per throughput run")
    parser.add_argument("--devices", type=int, default=1_000, help="device connections")
    parser.add_argument("--records", type=int, default=10, help="records per AVL packet")
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--latency-rate", type=float, default=2_000.0, help="fixes/s offered")
    parser.add_argument("--latency-seconds", type=float, default=20.0)
    parser.add_argument("--breach-share", type=float, default=0.1, help="of packets offered")
    parser.add_argument("--timeout", type=float, default=300.0, help="per step, seconds")
    parser.add_argument("--quick", action="store_true", help="a one-minute smoke run")
    parser.add_argument(
        "--core",
        action="store_true",
        help="only the JetStream runs (tuned and untuned) and the COPY ceilings",
    )
    parser.add_argument(
        "--latency-only", action="store_true", help="seed and run step 6 alone (another file)"
    )
    args = parser.parse_args(argv)
    if args.subjects < 1 or args.fixes < 1 or args.devices < 1 or not 1 <= args.records <= 255:
        parser.error("--subjects, --fixes, --devices must be positive; --records 1..255")
    if not 0 < args.breach_share <= 1 or args.latency_rate <= 0 or args.latency_seconds <= 0:
        parser.error("--breach-share in (0, 1], --latency-rate and --latency-seconds positive")
    plan = Plan(
        subjects=args.subjects,
        fixes=args.fixes,
        devices=args.devices,
        records=args.records,
        partitions=args.partitions,
        latency_rate=args.latency_rate,
        latency_seconds=args.latency_seconds,
        breach_share=args.breach_share,
        timeout_s=args.timeout,
        work=Path(),
        core=args.core,
    )
    if args.quick:
        plan = replace(plan, **QUICK)  # type: ignore[arg-type]
    name = "end_to_end_quick.json" if args.quick else "end_to_end.json"
    if args.core:
        name = name.replace(".json", "_core.json")
    if args.latency_only:
        name = f"end_to_end_latency_{args.latency_rate:.0f}.json"
    return plan, name


def latency_only(plan: Plan) -> dict[str, Any]:
    now = datetime.now(UTC)
    dbs = PgDatabases()
    try:
        seeded(dbs.create("seed"), plan, now)
        result = latency(plan, dbs)
    finally:
        dbs.close()
    step("latency", result)
    return {"measured_at": now.isoformat(), "subjects": plan.subjects, "latency": result}


def main() -> None:
    plan, name = parse()
    with tempfile.TemporaryDirectory() as tmp:
        plan = replace(plan, work=Path(tmp))
        if name.startswith("end_to_end_latency"):
            results = latency_only(plan)
        else:
            results = run(plan, Path(tmp))
            report(results)
    out = ROOT / "bench" / "results" / name
    out.write_text(json.dumps(results, indent=2))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
