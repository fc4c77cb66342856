"""Alarm noise before and after flap suppression: alarms, occurrences and incidents per
person-day, and the detection rate, for the rules' scenarios and a simulated day of the demo
fleet.

    .venv/bin/python bench/noise.py [--people 14] [--seeds 5]

Each stream is played as the engine plays it (one-minute batches) and every batch's breaches go
through the alarm intake as the engine's would (nobody works the alarms, so a condition that
ends within the self-clear grace closes itself). "Before" runs the thresholds with the flap
window at 0 (every recurrence a new alarm), "after" with revision 1's (30 minutes). Detection
is the share of the expected breaches that fired on time; nothing is dropped: the occurrences
always add up to the breaches. Incidents are the units of work the desk sees: each new alarm
placed in its person's incident as the engine's intake places it (the incident window of
revision 1, 60 minutes; domain/alarms/incidents.py). Writes bench/results/noise.json.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from valvo.domain.rules import Thresholds
from valvo.sim import scenarios
from valvo.sim.fleet_day import fleet_day
from valvo.sim.scenario_run import alarms_of, score
from valvo.sim.scenarios import Scenario

OUT = Path(__file__).resolve().parent / "results" / "noise.json"
DAY = timedelta(days=1)
BEFORE, AFTER = timedelta(0), Thresholds().flap_window


@dataclass(slots=True)
class Tally:
    runs: int = 0
    person_days: float = 0.0
    breaches: int = 0
    alarms: int = 0
    occurrences: int = 0
    incidents: int = 0
    expected: int = 0
    detected: int = 0
    false_alarms: int = 0

    def row(self, name: str, window: timedelta) -> dict[str, object]:
        days = self.person_days or 1.0
        return {
            "set": name,
            "flap_window_min": window.total_seconds() / 60,
            "runs": self.runs,
            "person_days": round(self.person_days, 2),
            "breaches": self.breaches,
            "alarms": self.alarms,
            "occurrences": self.occurrences,
            "incidents": self.incidents,
            "alarms_per_person_day": round(self.alarms / days, 3),
            "occurrences_per_person_day": round(self.occurrences / days, 3),
            "incidents_per_person_day": round(self.incidents / days, 3),
            "false_alarms": self.false_alarms,
            "detection_rate": None if not self.expected else self.detected / self.expected,
        }


def measure(streams: list[Scenario], window: timedelta) -> Tally:
    tally = Tally()
    for scenario in streams:
        alarms, breaches = alarms_of(scenario, window)
        result = score(scenario)
        first = min((o.received_at for o in scenario.observations), default=scenario.end)
        tally.runs += 1
        tally.person_days += (scenario.end - first) / DAY
        tally.breaches += breaches
        tally.alarms += len(alarms)
        tally.occurrences += sum(a.occurrences for a in alarms)
        tally.incidents += len({a.incident_id or a.id for a in alarms})
        tally.expected += result.expected
        tally.detected += result.detected_on_time
        tally.false_alarms += result.false_alarms
        assert tally.occurrences == tally.breaches, "a breach was dropped"
        assert tally.incidents <= tally.alarms, "an incident without an alarm"
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=14, help="demo fleet size (default 14)")
    parser.add_argument("--seeds", type=int, default=5, help="runs of each scenario")
    args = parser.parse_args()
    sets = {
        "rules scenarios": [
            make(seed=1000 + s)  # type: ignore[call-arg]
            for make in scenarios.ALL
            for s in range(args.seeds)
        ],
        "demo fleet day": fleet_day(args.people),
    }
    rows = [
        measure(streams, w).row(name, w) for name, streams in sets.items() for w in (BEFORE, AFTER)
    ]
    head = (
        f"{'set':<16} {'flap min':>8} {'runs':>5} {'p-days':>7} {'breaches':>8} {'alarms':>7} "
        f"{'occur.':>7} {'incid.':>6} {'alarms/p-day':>12} {'occur./p-day':>12} "
        f"{'incid./p-day':>12} {'false':>5} {'detected':>8}"
    )
    print(head)
    for r in rows:
        rate = "–" if r["detection_rate"] is None else f"{r['detection_rate']:.0%}"
        print(
            f"{r['set']:<16} {r['flap_window_min']:>8g} {r['runs']:>5} {r['person_days']:>7} "
            f"{r['breaches']:>8} {r['alarms']:>7} {r['occurrences']:>7} {r['incidents']:>6} "
            f"{r['alarms_per_person_day']:>12} {r['occurrences_per_person_day']:>12} "
            f"{r['incidents_per_person_day']:>12} "
            f"{r['false_alarms']:>5} {rate:>8}"
        )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps({"measured_at": datetime.now(UTC).isoformat(), "rows": rows}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
