"""Where an engine batch on the stream path spends its time (cProfile), on PostgreSQL.

    .venv/bin/python bench/profile_engine_batch.py [--subjects 2000] [--pg URL] [--plain]

Seeds N subjects (GPS tracker and RF home unit each) in a fresh database, primes the worker,
then feeds ``EngineWorker.step_frames`` three rounds of one Teltonika-like frame per subject
carrying ten fixes, in batches of 500 frames (5 000 observations), and prints the observations/s
(under the profiler, so slower than in production) and the split between archiving the frames,
evaluating the rules and writing the results, then the 25 costliest functions. With
``--plain`` there is no profiler: each part's process CPU time per observation instead (the
engine's own CPU, not the database server's), and its wall time (the database's included).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from engine_scale import START, Traffic, seed  # noqa: E402

from valvo.bootstrap import build  # noqa: E402
from valvo.engine.worker import EngineWorker  # noqa: E402
from valvo.services.telemetry import LogEntry, RawFrame  # noqa: E402
from valvo.settings import Settings  # noqa: E402

PARTS = {"archive": "_archive", "evaluate": "_evaluate_all", "write": "_write"}


def frames(traffic: Traffic, subjects: int, minute0: int) -> list[RawFrame]:
    out = []
    for i in range(subjects):
        entries = []
        for k in range(10):
            obs = traffic.fix(i, START + timedelta(minutes=minute0 + k, seconds=i % 60)).observation
            entries.append(LogEntry(obs, "teltonika", b"r" * 60, "peer", f"{i}-{minute0 + k}"))
        received = entries[-1].observation.received_at
        out.append(
            RawFrame(f"gps-{i:06d}", "teltonika", b"f" * 600, "peer", received, tuple(entries))
        )
    return out


def plain(worker: EngineWorker, rounds: list[list[RawFrame]], now: datetime) -> None:
    """Each part's process CPU time, measured around the worker's own methods."""
    spent = dict.fromkeys(PARTS, 0.0)
    waited = dict.fromkeys(PARTS, 0.0)

    def timed(part: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            began, wall = time.process_time(), time.perf_counter()
            try:
                return method(*args)
            finally:
                spent[part] += time.process_time() - began
                waited[part] += time.perf_counter() - wall

        return wrapper

    for part, name in PARTS.items():
        setattr(worker, name, timed(part, getattr(worker, name)))
    count = 0
    began, cpu = time.perf_counter(), time.process_time()
    for batch in rounds:
        for j in range(0, len(batch), 500):
            count += worker.step_frames(batch[j : j + 500], now, None).observations
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"{count} observations in {elapsed:.1f} s: {count / elapsed:.0f}/s, no profiler")
    print(f"  engine CPU {1e6 * cpu / count:6.1f} us per observation, of which")
    for part, seconds in spent.items():
        print(
            f"  {part:<9} {1e6 * seconds / count:6.1f} us per observation"
            f" ({1e6 * waited[part] / count:6.1f} us wall, database included)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=2_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plain", action="store_true", help="CPU per part, no profiler")
    args = parser.parse_args()
    name = f"valvo_profile_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{args.pg.rsplit('/', 1)[0]}/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            valvo = build(Settings(database_url=url, data_dir=Path(tmp), log_level="WARNING"))
            valvo.clock = lambda: START
            valvo.prepare_database()
            seed(valvo, args.subjects)
            worker: EngineWorker = valvo.engine_worker()
            while worker.step_frames([], START, None).woken:
                pass
            traffic = Traffic()
            rounds = [frames(traffic, args.subjects, m) for m in (0, 10, 20)]
            now = START + timedelta(minutes=31)
            if args.plain:
                plain(worker, rounds, now)
                valvo.db.dispose()
                return
            profile = cProfile.Profile()
            began = time.perf_counter()
            profile.enable()
            count = 0
            for batch in rounds:
                for j in range(0, len(batch), 500):
                    count += worker.step_frames(batch[j : j + 500], now, None).observations
            profile.disable()
            elapsed = time.perf_counter() - began
            valvo.db.dispose()
        stats = pstats.Stats(profile)
        print(
            f"{count} observations in {elapsed:.1f} s under the profiler: {count / elapsed:.0f}/s"
        )
        table = stats.stats  # type: ignore[attr-defined]
        for part, function in PARTS.items():
            cumulative = sum(v[3] for k, v in table.items() if k[2] == function)
            print(f"  {part:<9} {cumulative:6.1f} s  {100 * cumulative / elapsed:4.0f} %")
        stats.sort_stats("tottime").print_stats(25)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
