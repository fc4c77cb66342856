"""The rules engine at national scale: 250 000 subjects, GPS once a minute plus RF heartbeats.

    .venv/bin/python bench/engine_scale.py [--subjects 250000] [--minutes 1] [--pg URL]
                                           [--latency-seconds 60] [--latency-rate 2000]

For each database (SQLite always, PostgreSQL with --pg, an empty database):
1. seeds N subjects in bulk (each: an order, a home zone, an exclusion zone, a weekly plan, a
   GPS tracker and an RF home unit);
2. appends ``--minutes`` of traffic to the observation log (each subject: one fix a minute, an
   RF heartbeat every 30-60 s) and lets one engine worker evaluate and commit all of it:
   observations/s and fixes/s, against the naive per-fix design (one zone query and one commit
   per fix) measured on the same database in the same run;
3. runs the worker in real time for ``--latency-seconds`` with a steady feed of
   ``--latency-rate`` observations/s while 2 000 subjects fall silent so that their silence
   deadlines come due during the run: the delay from each deadline to its alarm on the live
   feed (p50, p99, max);
4. reports the process's resident memory with every subject's rule set and state loaded.
Figures go to bench/results/engine_scale.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_throughput import run_naive  # noqa: E402

from valvo.adapters.db.engine_store import SqlEngineStore  # noqa: E402
from valvo.bootstrap import Valvo, build  # noqa: E402
from valvo.domain.geo.projection import LocalProjection  # noqa: E402
from valvo.domain.telemetry import Observation, ObservationKind  # noqa: E402
from valvo.domain.telemetry.vocabulary import IN_RANGE  # noqa: E402
from valvo.engine.worker import EngineWorker  # noqa: E402
from valvo.services.telemetry import LogEntry  # noqa: E402
from valvo.settings import Settings  # noqa: E402
from valvo.sim.bulk_seed import HOME, BulkDevice, DeviceNaming, seed_bulk  # noqa: E402

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 10:00 in Helsinki
SILENT = 2_000
CHUNK = 20_000


def make(url: str, data_dir: Path) -> Valvo:
    valvo = build(Settings(database_url=url, data_dir=data_dir, log_level="WARNING"))
    valvo.clock = lambda: START
    valvo.prepare_database()
    return valvo


def bench_devices(gps: tuple[str, str] = ("gps-{:06d}", "osmand")) -> DeviceNaming:
    """Subject i's GPS tracker ``gps[0].format(i)`` speaking ``gps[1]``, and an RF home unit."""

    def devices(i: int) -> tuple[BulkDevice, ...]:
        return (
            BulkDevice(gps[0].format(i), gps[1], "gps_tracker"),
            BulkDevice(f"rf-{i:06d}", "valvo", "rf_home_unit"),
        )

    return devices


def seed(
    valvo: Valvo,
    subjects: int,
    *,
    start: datetime = START,
    gps: tuple[str, str] = ("gps-{:06d}", "osmand"),
) -> None:
    """Bulk rows shaped exactly like the registry's use cases write them (the simulator's bulk
    seeder: a template made through the use cases, its zone geometries reused). Orders run
    from a day before ``start``."""
    seed_bulk(valvo, range(subjects), start, bench_devices(gps), name_prefix="Bench")


class Traffic:
    """Observations for subject i: a fix around home, an RF heartbeat (tag out of range: the
    person is at their activity)."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.projection = LocalProjection(*HOME)

    def fix(self, i: int, at: datetime, spread_m: float = 300.0) -> LogEntry:
        east, north = self.rng.gauss(0, spread_m), self.rng.gauss(0, spread_m)
        lon, lat = self.projection.to_degrees(east, north)
        obs = Observation(
            device_id=f"gps-{i:06d}",
            kind=ObservationKind.POSITION,
            device_time=at,
            received_at=at,
            lat=lat,
            lon=lon,
            accuracy_m=8.0,
            valid=True,
        )
        return LogEntry(obs, "osmand", b"bench", None, None)

    def heartbeat(self, i: int, at: datetime) -> LogEntry:
        obs = Observation(
            device_id=f"rf-{i:06d}",
            kind=ObservationKind.PRESENCE,
            device_time=at,
            received_at=at,
            attributes={IN_RANGE: False},
        )
        return LogEntry(obs, "valvo", b"bench", None, None)

    def minutes(self, subjects: range, minutes: int) -> Iterator[LogEntry]:
        """Time-ordered traffic: per subject one fix a minute, a heartbeat every 30-60 s."""
        for minute in range(minutes):
            base = START + timedelta(minutes=minute)
            for i in subjects:
                yield self.fix(i, base + timedelta(seconds=i % 60))
                if self.rng.random() < 0.5:  # every 30-60 s: 1.33 a minute on average
                    yield self.heartbeat(i, base + timedelta(seconds=(i + 30) % 60))
                yield self.heartbeat(i, base + timedelta(seconds=(i + 15) % 60))


def append_all(valvo: Valvo, entries: Iterator[LogEntry]) -> tuple[int, float]:
    log = valvo.observation_log()
    began = time.perf_counter()
    count, chunk = 0, []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= CHUNK:
            log.append(chunk)
            count += len(chunk)
            chunk = []
    log.append(chunk)
    count += len(chunk)
    return count, time.perf_counter() - began


def prime(worker: EngineWorker, now: datetime) -> tuple[int, float]:
    """A (re)started worker evaluates everyone under an active order once (the log is empty
    here, so this is the start-up cost alone): subjects/s."""
    began = time.perf_counter()
    woken = 0
    while step := worker.step(now).woken:
        woken += step
    return woken, time.perf_counter() - began


def throughput(worker: EngineWorker, total: int, now: datetime) -> dict[str, float]:
    began = time.perf_counter()
    observations = fixes = 0
    while True:
        step = worker.step(now)
        if step.observations == 0 and step.woken == 0:
            break
        observations += step.observations
        fixes += step.fixes
    elapsed = time.perf_counter() - began
    assert observations == total, (observations, total)
    return {
        "observations_per_s": observations / elapsed,
        "fixes_per_s": fixes / elapsed,
        "seconds": elapsed,
    }


class StampingFeed:
    """The live feed as a consumer sees it: when each alarm was published (wall clock)."""

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}

    def publish(self, event: dict[str, Any]) -> None:
        if event.get("type") == "alarm":
            self.seen.setdefault(str(event["subject_id"]), time.perf_counter())


def latency(
    valvo: Valvo, worker: EngineWorker, feed: StampingFeed, subjects: int, args: argparse.Namespace
) -> dict[str, float]:
    """Real time, on the worker that has every subject loaded: the virtual clock runs with the
    wall clock from ``v0``. ``SILENT`` subjects sent their last fix so that the silence deadline
    falls inside the run; everyone else keeps sending at ``--latency-rate`` observations/s."""
    seconds, rate = args.latency_seconds, args.latency_rate
    log = valvo.observation_log()
    v0 = START + timedelta(minutes=args.minutes + 2)
    feed.seen.clear()
    silent = range(subjects - SILENT, subjects)
    spacing = (seconds - 10) / SILENT
    deadlines: dict[str, datetime] = {}
    traffic = Traffic(seed=2)
    last: list[LogEntry] = []
    for k, i in enumerate(silent):
        due = v0 + timedelta(seconds=5 + k * spacing)
        entry = traffic.fix(i, due - timedelta(minutes=10), spread_m=0.0)
        last.append(entry)
        deadlines[f"gps-{i:06d}"] = due
    log.append(last)
    subject_of = {
        d: b.subject_id for d, b in SqlEngineStore(valvo.db, "probe").device_bindings().items()
    }
    due_of_subject = {subject_of[d]: at for d, at in deadlines.items()}
    wall0 = time.perf_counter()
    sent = 0
    talking = subjects - SILENT
    cursor = 0
    while (elapsed := time.perf_counter() - wall0) < seconds:
        now = v0 + timedelta(seconds=elapsed)
        owed = int(elapsed * rate) - sent
        batch = []
        for _ in range(owed):
            i = cursor % talking
            cursor += 1
            batch.append(traffic.fix(i, now) if cursor % 2 else traffic.heartbeat(i, now))
        log.append(batch)
        sent += len(batch)
        step = worker.step(now)
        if step.observations == 0 and not step.woken:
            time.sleep(0.01)
    delays = sorted(
        feed.seen[s] - (wall0 + (due - v0).total_seconds())
        for s, due in due_of_subject.items()
        if s in feed.seen
    )
    missing = len(due_of_subject) - len(delays)

    def pct(p: float) -> float:
        return delays[min(len(delays) - 1, int(p * len(delays)))] if delays else float("nan")

    return {
        "deadlines": len(due_of_subject),
        "alarms_on_time_feed": len(delays),
        "missing": missing,
        "p50_s": pct(0.50),
        "p99_s": pct(0.99),
        "max_s": delays[-1] if delays else float("nan"),
        "feed_rate_per_s": sent / seconds,
    }


def rss_mb() -> dict[str, float]:
    status = Path("/proc/self/status").read_text()
    values = {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in status.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }
    return {"rss_mb": round(values["VmRSS"]), "peak_rss_mb": round(values["VmHWM"])}


def measure(kind: str, url: str, data_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    valvo = make(url, data_dir)
    began = time.perf_counter()
    seed(valvo, args.subjects)
    seeded = time.perf_counter() - began
    print(f"[{kind}] seeded {args.subjects} subjects in {seeded:.0f} s", flush=True)
    feed = StampingFeed()
    valvo.feed = feed  # type: ignore[assignment]
    worker = valvo.engine_worker("bench")
    primed, prime_s = prime(worker, START)
    if args.gc_freeze:  # move the loaded rule sets and states out of the collector's sight
        gc.freeze()
    print(f"[{kind}] start-up: {primed} subjects evaluated in {prime_s:.0f} s", flush=True)
    traffic = Traffic()
    count, append_s = append_all(
        valvo, traffic.minutes(range(args.subjects - SILENT), args.minutes)
    )
    print(f"[{kind}] appended {count} observations in {append_s:.0f} s", flush=True)
    naive = run_naive(valvo, min(5_000, count))
    with valvo.db.begin() as conn:
        conn.execute(text("DELETE FROM positions"))
    engine = throughput(worker, count, START + timedelta(minutes=args.minutes + 1))
    memory = rss_mb()
    print(f"[{kind}] resident memory {memory}", flush=True)
    print(
        f"[{kind}] engine {engine['observations_per_s']:.0f} obs/s "
        f"({engine['fixes_per_s']:.0f} fixes/s), naive {naive:.0f} fixes/s",
        flush=True,
    )
    delay = latency(valvo, worker, feed, args.subjects, args)
    valvo.db.dispose()
    return {
        "database": kind,
        "subjects": args.subjects,
        "observations": count,
        "seed_s": round(seeded),
        "startup_subjects_per_s": round(primed / prime_s),
        "log_append_per_s": round(count / append_s),
        "engine_observations_per_s": round(engine["observations_per_s"]),
        "engine_fixes_per_s": round(engine["fixes_per_s"]),
        "naive_fixes_per_s": round(naive),
        "fixes_ratio_vs_naive": round(engine["fixes_per_s"] / naive, 1),
        **memory,
        "deadline_to_alarm": {k: round(v, 3) for k, v in delay.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=250_000)
    parser.add_argument("--minutes", type=int, default=1)
    parser.add_argument("--pg", help="PostgreSQL URL of an empty database to measure too")
    parser.add_argument("--latency-seconds", type=float, default=60.0)
    parser.add_argument("--latency-rate", type=float, default=2_000.0)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() after the start-up load"
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_sqlite:
            results.append(measure("sqlite", f"sqlite:///{tmp}/bench.db", Path(tmp), args))
        if args.pg:
            results.append(measure("postgresql", args.pg, Path(tmp), args))
    for r in results:
        d = r["deadline_to_alarm"]
        print(
            f"{r['database']:<11} {r['subjects']} subjects: engine {r['engine_observations_per_s']}"
            f" obs/s = {r['engine_fixes_per_s']} fixes/s vs naive {r['naive_fixes_per_s']}"
            f" ({r['fixes_ratio_vs_naive']}x); RSS {r['rss_mb']} MB (peak {r['peak_rss_mb']});"
            f" deadline->alarm p50 {d['p50_s']} s p99 {d['p99_s']} s max {d['max_s']} s"
            f" ({d['alarms_on_time_feed']}/{d['deadlines']}) at {d['feed_rate_per_s']} obs/s"
        )
    name = "engine_scale_gc_freeze.json" if args.gc_freeze else "engine_scale.json"
    out = ROOT / "bench" / "results" / name
    out.write_text(
        json.dumps({"measured_at": datetime.now(UTC).isoformat(), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
