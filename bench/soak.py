"""Soak: gateway + engine under the simulator at twice the nominal rate for an hour, watching
memory, throughput, errors and engine lag. NOT part of CI (it runs for --minutes; run by hand).

    .venv/bin/python bench/soak.py [--minutes 60] [--subjects 250000] [--rate-scale 2]
                                   [--database URL] [--processes 1] [--sample-every 30]

1. registers --subjects people (the simulator's bulk seeder; on an empty database, or the
   missing ones) on --database (default: a fresh SQLite file in a temporary directory);
2. starts ``valvo serve`` (gateway, engine and API in one process) on free loopback ports, and
   ``valvo simulate --subjects N --rate-scale X`` against it as a second process;
3. every --sample-every seconds samples the resident memory (VmRSS) of both processes (and of
   the simulator's worker processes), the simulator's acknowledged observations/s and errors
   (from its progress lines), and the engine's lag: observations in the log after the engine's
   committed offset, and the age of the oldest of them;
4. stops the simulator after --minutes, lets the engine work off its backlog (up to 2 min,
   timed), stops the server, and writes bench/results/soak.json
   (the samples, the simulator's summary, and RSS growth from the first sample to the last).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from valvo.adapters.db import tables as t  # noqa: E402
from valvo.adapters.db.engine import make_engine  # noqa: E402
from valvo.bootstrap import build  # noqa: E402
from valvo.settings import Settings  # noqa: E402
from valvo.sim.scale_fleet import seed_fleet  # noqa: E402

VALVO = str(Path(sys.executable).with_name("valvo"))
LINE = re.compile(r"acked=(\d+) \((\d+)/s\).* errors=(\d+) in_flight=(\d+) queued=(\d+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def engine_lag(url: str) -> dict[str, Any]:
    """Observations after the engine's committed offset, and the age of the oldest of them."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            offset = conn.execute(select(func.max(t.log_offsets.c.position))).scalar() or 0
            last = conn.execute(select(func.max(t.observations.c.seq))).scalar() or 0
            oldest = conn.execute(
                select(t.observations.c.received_at)
                .where(t.observations.c.seq > offset)
                .order_by(t.observations.c.seq)
                .limit(1)
            ).scalar()
    finally:
        engine.dispose()
    age = (datetime.now(UTC) - oldest).total_seconds() if oldest is not None else 0.0
    return {"engine_backlog": int(last) - int(offset), "engine_lag_s": round(age, 1)}


def wait_for_port(port: int, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"nothing listens on port {port} after {limit_s} s")


class ProgressReader(threading.Thread):
    """Keeps the simulator's last progress line (and echoes every line)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.last: dict[str, int] = {}

    def run(self) -> None:
        for line in self.stream:
            print(f"  sim | {line.rstrip()}", flush=True)
            match = LINE.search(line)
            if match:
                keys = ("acked", "acked_per_s", "errors", "in_flight", "queued")
                self.last = dict(zip(keys, map(int, match.groups()), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--subjects", type=int, default=250_000)
    parser.add_argument("--rate-scale", type=float, default=2.0)
    parser.add_argument("--rf-share", type=float, default=0.3)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--sample-every", type=float, default=30.0)
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "soak.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/soak.db"
        tcp, http, osmand, api = (free_port() for _ in range(4))
        env = {
            **os.environ,
            "VALVO_DATABASE_URL": url,
            "VALVO_DATA_DIR": tmp,
            "VALVO_TCP_PORTS": json.dumps({"teltonika": tcp}),
            "VALVO_VALVO_HTTP_PORT": str(http),
            "VALVO_OSMAND_PORT": str(osmand),
            "VALVO_API_PORT": str(api),
            "VALVO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",  # the simulator's progress lines as they come
        }
        valvo = build(Settings(database_url=url, data_dir=Path(tmp), log_level="WARNING"))
        valvo.prepare_database()
        began = time.perf_counter()
        seeded = seed_fleet(valvo, args.subjects, args.rf_share, valvo.clock())
        seed_s = time.perf_counter() - began
        valvo.db.dispose()
        print(f"seeded {seeded.subjects} subjects in {seed_s:.0f} s", flush=True)
        server = subprocess.Popen([VALVO, "serve"], env=env)
        summary_file = Path(tmp) / "summary.json"
        simulator = None
        samples: list[dict[str, Any]] = []
        try:
            wait_for_port(tcp, 600)
            wait_for_port(api, 600)
            simulator = subprocess.Popen(
                [
                    VALVO,
                    "simulate",
                    "--no-seed",
                    f"--subjects={args.subjects}",
                    f"--rf-share={args.rf_share}",
                    f"--rate-scale={args.rate_scale}",
                    f"--processes={args.processes}",
                    f"--duration={args.minutes * 60}",
                    f"--report-every={args.sample_every}",
                    f"--summary={summary_file}",
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            progress = ProgressReader(simulator.stdout)
            progress.start()
            start = time.monotonic()
            while simulator.poll() is None:
                time.sleep(min(args.sample_every, 5.0))
                elapsed = time.monotonic() - start
                if elapsed < args.sample_every * (len(samples) + 1):
                    continue
                workers = children(simulator.pid)
                sample = {
                    "t_s": round(elapsed),
                    "rss_mb": {
                        "serve": rss_mb(server.pid),
                        "simulate": rss_mb(simulator.pid),
                        "simulate_workers": [rss_mb(p) for p in workers] if len(workers) else [],
                    },
                    **progress.last,
                    **engine_lag(url),
                }
                samples.append(sample)
                print(f"sample {json.dumps(sample)}", flush=True)
            progress.join(10)
        finally:
            if simulator is not None and simulator.poll() is None:
                simulator.send_signal(signal.SIGTERM)
                simulator.wait(120)
            caught_up = time.monotonic()  # the engine works off what is left
            while (final_lag := engine_lag(url))["engine_backlog"] > 0:
                if time.monotonic() - caught_up > 120:
                    break
                time.sleep(1.0)
            catch_up_s = round(time.monotonic() - caught_up, 1)
            server.send_signal(signal.SIGINT)
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
        summary = json.loads(summary_file.read_text()) if summary_file.exists() else None
    rss = [s["rss_mb"]["serve"] for s in samples if s["rss_mb"]["serve"] is not None]
    sim_rss = [s["rss_mb"]["simulate"] for s in samples if s["rss_mb"]["simulate"] is not None]
    result = {
        "measured_at": datetime.now(UTC).isoformat(),
        "database": url.split(":", 1)[0] if args.database else "sqlite",
        "subjects": args.subjects,
        "rate_scale": args.rate_scale,
        "minutes": args.minutes,
        "seed_s": round(seed_s, 1),
        "samples": samples,
        "serve_rss_growth_mb": round(rss[-1] - rss[0], 1) if rss else None,
        "simulate_rss_growth_mb": round(sim_rss[-1] - sim_rss[0], 1) if sim_rss else None,
        "engine_lag_after_stop": final_lag,
        "engine_catch_up_after_stop_s": catch_up_s,
        "simulator_summary": summary,
        "note": "not part of CI; CPU is shared by the server, the simulator and anything else",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
