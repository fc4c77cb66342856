"""The rules' evaluation alone: CPU per observation of the engine's ``_evaluate_all``, and a
digest of what it produced, to show a speed change left the results as they were.

    .venv/bin/python bench/evaluate_batch.py [--subjects 1000] [--minutes 30]

Seeds N subjects in a scratch SQLite database (engine_scale's bulk seed: home and exclusion
zones, a weekly plan, a GPS tracker and an RF home unit each), primes a worker, then hands it
``--minutes`` of engine_scale's traffic (a fix a minute, RF heartbeats every 30-60 s; every 37th
fix 2 km off, so zones are breached too) in batches of 5 000 observations: the worker plans
each batch and evaluates it (``_plan``, ``_evaluate_all``), nothing is written. Prints the CPU
seconds spent evaluating (process time, no profiler), the µs per observation, and a SHA-256 over
every subject's events, states and next deadline with the random ids replaced by the devices'
names: the same digest before and after a change means the same evaluation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from engine_scale import START, Traffic, make, seed  # noqa: E402

BATCH = 5_000
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000)
    parser.add_argument("--minutes", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        valvo = make(f"sqlite:///{tmp}/bench.db", Path(tmp))
        seed(valvo, args.subjects)
        worker = valvo.engine_worker()
        while worker.step(START).woken:
            pass
        names = {b.subject_id: i for i, b in worker._bindings.items() if i.startswith("gps-")}
        for subject_id, rules in worker._rulesets.items():
            for k, zone in enumerate(rules.zones):
                names[zone.id] = f"{names.get(subject_id, subject_id)}/zone{k}"

        def named(text: str) -> str:
            return UUID.sub(lambda m: names.get(m.group(0), "?"), text)

        observations = []
        for k, entry in enumerate(Traffic(seed=7).minutes(range(args.subjects), args.minutes)):
            obs = entry.observation
            if obs.lat is not None and k % 37 == 0:
                obs = replace(obs, lat=obs.lat + 0.02)
            observations.append(replace(obs, seq=k + 1))
        observations.sort(key=lambda o: (o.received_at, o.seq or 0))
        produced: dict[str, list[str]] = defaultdict(list)
        cpu, events = 0.0, 0
        for j in range(0, len(observations), BATCH):
            batch = observations[j : j + BATCH]
            now = batch[-1].received_at + timedelta(seconds=5)
            work = worker._plan(batch, now)
            began = time.process_time()
            evaluated, _ = worker._evaluate_all(work, now, None)
            cpu += time.process_time() - began
            events += len(evaluated.events)
            for event in evaluated.events:
                produced[names[event.subject_id]].append(named(repr(event)))
            for state in evaluated.writes.states:
                as_json = json.loads(named(json.dumps(state.to_json())))
                produced[names[state.subject_id]].append(json.dumps(as_json, sort_keys=True))
        for subject_id, at in worker._deadlines._due.items():
            produced[names[subject_id]].append(f"next deadline {at.isoformat()}")
        digest = hashlib.sha256()
        for name in sorted(produced):
            digest.update(name.encode())
            for line in produced[name]:
                digest.update(line.encode())
        valvo.db.dispose()
    count = len(observations)
    print(
        f"{count} observations, {events} events: evaluate {cpu:.2f} s CPU, "
        f"{1e6 * cpu / count:.1f} µs/observation; digest {digest.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
