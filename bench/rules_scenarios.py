"""The rules' scenario report: false alarms on noise, detection on breaches, per scenario.

    .venv/bin/python bench/rules_scenarios.py [--seeds 20]

Each scenario is played as the engine would (one-minute batches); noise scenarios are repeated
over several GPS-noise seeds. Writes bench/results/rules_scenarios.json.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from valvo.sim import scenarios
from valvo.sim.scenario_run import score

OUT = Path(__file__).resolve().parent / "results" / "rules_scenarios.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    rows = []
    for make in scenarios.ALL:
        runs = [score(make(seed=1000 + s)) for s in range(args.seeds)]  # type: ignore[call-arg]
        expected = sum(r.expected for r in runs)
        detected = sum(r.detected_on_time for r in runs)
        rows.append(
            {
                "scenario": runs[0].name,
                "kind": "noise" if runs[0].noise else "breach",
                "runs": len(runs),
                "false_alarms": sum(r.false_alarms for r in runs),
                "detection_rate": None if not expected else detected / expected,
            }
        )
    print(f"{'scenario':<50} {'kind':<7} {'runs':>4} {'false alarms':>12} {'detected':>9}")
    for r in rows:
        rate = "–" if r["detection_rate"] is None else f"{r['detection_rate']:.0%}"
        print(
            f"{r['scenario']:<50} {r['kind']:<7} {r['runs']:>4} {r['false_alarms']:>12} {rate:>9}"
        )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps({"measured_at": datetime.now(UTC).isoformat(), "rows": rows}, indent=2)
    )


if __name__ == "__main__":
    main()
