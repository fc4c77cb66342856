"""The caseload board over a national caseload on PostgreSQL: how long a page and a search take,
and how that compares with a plain indexed SELECT of the same rows.

    .venv/bin/python bench/caseload_board.py [--people 10000] [--repeat 30]
        [--pg-admin postgresql://postgres@127.0.0.1:5432/postgres]

A fresh database is made (and dropped). ``sim/bulk_seed.py`` registers --people people (an
active order, two zones, a plan, a tracker each and a home unit for every third); they get
Finnish names from a short list (so many share a name), birth dates, identity codes and case
numbers; each gets an engine state (last contact, battery, a breach for one in twenty, a silent
device for one in fifty) with the board's summary columns, as the engine store writes them; one
in ten has open alarms. Then each question the console asks is timed through the message bus
(the query, the page's batched details and the audit record, as the route runs it), --repeat
times, against the baseline: ``SELECT * FROM subjects WHERE id IN (the page's ids)``. Printed
and written to bench/results/caseload_board.json: median and p95 in ms, and the ratio of the
medians (board / baseline). No assertion: the figure to watch is the p95 against 300 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_database import PG_ADMIN, scratch_valvo  # noqa: E402

from valvo.adapters.db import tables as t  # noqa: E402
from valvo.bootstrap import Valvo  # noqa: E402
from valvo.domain.identity_code import make  # noqa: E402
from valvo.domain.rules.status import summarise  # noqa: E402
from valvo.domain.security import EVERYTHING  # noqa: E402
from valvo.services.caseload_board import BoardQuery, BoardSort, ReadCaseloadBoard  # noqa: E402
from valvo.sim.bulk_seed import BulkDevice, seed_bulk  # noqa: E402

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FIRST = ["Matti", "Juha", "Mikko", "Timo", "Jari", "Anna", "Liisa", "Sari", "Pekka", "Jukka"]
LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
]
REGIONS = ["Etelä-Suomi", "Länsi-Suomi", "Itä-Suomi", "Pohjois-Suomi"]


def devices(i: int) -> list[BulkDevice]:
    found = [BulkDevice(f"35{i:013d}", "teltonika", "gps_tracker", "FMC130")]
    if i % 3 == 0:
        found.append(BulkDevice(f"HU-{i:07d}", "valvo", "home_unit", "Valvo RF"))
    return found


def seed(valvo: Valvo, people: int) -> list[dict[str, Any]]:
    seed_bulk(valvo, range(people), NOW, devices, name_prefix="Bulk")
    with valvo.db.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                select(t.subjects.c.id)
                .where(t.subjects.c.name.like("Bulk %"))
                .order_by(t.subjects.c.created_at, t.subjects.c.id)
            )
        ]
    people_rows = []
    for i, sid in enumerate(ids):
        born = date(1950, 1, 1) + timedelta(days=(i * 7919) % 20000)
        people_rows.append(
            {
                "sid": sid,
                "i": int(i),
                "name": f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}",
                "region": REGIONS[i % len(REGIONS)],
                "birth_date": born,
                "identity_code": make(born, 2 + i % 897),
                "case_number": f"VV-2026-{i:05d}",
            }
        )
    with valvo.db.begin() as conn:
        s = t.subjects
        conn.execute(
            update(s)
            .where(s.c.id == bindparam("sid"))
            .values(
                name=bindparam("name"),
                region=bindparam("region"),
                birth_date=bindparam("birth_date"),
                identity_code=bindparam("identity_code"),
                case_number=bindparam("case_number"),
            ),
            people_rows,
        )
        states, alarms = [], []
        for p in people_rows:
            i = p["i"]
            tracker = f"35{i:013d}"
            seen = NOW - timedelta(seconds=(i * 37) % 3600)
            state: dict[str, Any] = {
                "subject_id": p["sid"],
                "last_fix": {
                    "time": seen.isoformat(),
                    "lon": 24.9,
                    "lat": 60.2,
                    "accuracy_m": 8.0,
                    "received_at": seen.isoformat(),
                    "seq": i,
                },
                "last_seen": seen.isoformat(),
                "open_conditions": {},
                "device_seen": {tracker: seen.isoformat()},
                "device_battery": {tracker: float(5 + i % 95)},
            }
            if i % 20 == 0:
                state["open_conditions"]["exclusion:zone-x"] = seen.isoformat()
            if i % 50 == 1:
                state["open_conditions"][f"device:{tracker}:silent"] = seen.isoformat()
            if 5 + i % 95 < 15:
                state["open_conditions"][f"device:{tracker}:battery"] = seen.isoformat()
            states.append(
                {
                    "subject_id": p["sid"],
                    "state": state,
                    "updated_at": NOW,
                    "version": 1,
                    **summarise(state).columns(),
                }
            )
            if i % 10 == 0:
                alarms.append(
                    {
                        "id": str(uuid.uuid4()),
                        "subject_id": p["sid"],
                        "kind": "exclusion_zone_entered",
                        "severity": "critical",
                        "status": "raised",
                        "condition_key": "exclusion:zone-x",
                        "occurred_at": seen,
                        "raised_at": seen,
                        "explanation": {"text_en": "", "text_fi": "", "rule": "zone.exclusion"},
                        "evidence_seqs": [i],
                        "ruleset_version": 1,
                    }
                )
        conn.execute(insert(t.subject_states), states)
        conn.execute(insert(t.alarms), alarms)
        conn.execute(text("ANALYZE"))
    return people_rows


def timed(repeat: int, work: Callable[[], Any]) -> list[float]:
    work()  # warm the caches and the plan
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        out.append((time.perf_counter() - began) * 1000)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
    }


def run(valvo: Valvo, people: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    probe = people[len(people) // 2]
    questions: dict[str, BoardQuery] = {
        "first_page_attention": BoardQuery(),
        "page_40_by_name": BoardQuery(sort=BoardSort.NAME, offset=2000),
        "by_last_contact": BoardQuery(sort=BoardSort.LAST_SEEN),
        "in_breach": BoardQuery(in_breach=True),
        "silent_in_region": BoardQuery(silent=True, region="Itä-Suomi"),
        "search_surname": BoardQuery(search="Hämäläinen"),
        "search_full_name": BoardQuery(search=probe["name"]),
        "search_identity_code": BoardQuery(search=probe["identity_code"].lower()),
        "search_device_id": BoardQuery(search=f"35{probe['i']:013d}"),
        "search_case_number": BoardQuery(search=probe["case_number"]),
        "search_nobody": BoardQuery(search="Zyx"),
    }
    results: dict[str, Any] = {}
    for name, query in questions.items():
        found: dict[str, Any] = {}

        def board(query: BoardQuery = query, found: dict[str, Any] = found) -> None:
            page = valvo.bus.handle(
                ReadCaseloadBoard(actor="bench", at=NOW, query=query), EVERYTHING
            )
            found["ids"] = [r["id"] for r in page.rows]
            found["total"] = page.total

        board_ms = timed(repeat, board)
        ids = found["ids"] or [people[0]["sid"]]

        def baseline(ids: list[str] = ids) -> None:
            with valvo.db.connect() as conn:
                conn.execute(select(t.subjects).where(t.subjects.c.id.in_(ids))).all()

        base_ms = timed(repeat, baseline)
        b, p = summary(board_ms), summary(base_ms)
        results[name] = {
            "rows": len(found["ids"]),
            "total": found["total"],
            "board": b,
            "baseline": p,
            "ratio": round(b["median_ms"] / p["median_ms"], 1),
        }
        print(
            f"{name:30s} rows {len(found['ids']):3d}/{found['total']:5d}  "
            f"board {b['median_ms']:7.2f} ms (p95 {b['p95_ms']:7.2f})  "
            f"baseline {p['median_ms']:6.2f} ms  ratio {results[name]['ratio']:6.1f}"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pg-admin", default=PG_ADMIN)
    args = parser.parse_args()
    with scratch_valvo(args.pg_admin, NOW) as valvo:
        began = time.perf_counter()
        people = seed(valvo, args.people)
        print(f"seeded {len(people)} people in {time.perf_counter() - began:.1f} s")
        result = {
            "people": len(people),
            "repeat": args.repeat,
            "questions": run(valvo, people, args.repeat),
        }
    out = ROOT / "bench" / "results" / "caseload_board.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
