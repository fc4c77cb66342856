"""Schemathesis over the whole API for longer than the test does, once per role (not part of
the tests).

    .venv/bin/python bench/api_fuzz.py [--examples 25] [--seed 1] [--roles administrator,operator]
                                       [--match /api/cases]

A fresh SQLite database in a temporary directory, seeded with the demo's people, staff and
partners; every operation gets ``--examples`` positive and as many negative examples per role,
path ids drawn half the time from rows that exist. Any 5xx (or an exception escaping the app)
is printed with a curl command that reproduces it, and the summary (requests, statuses,
server errors per role) is written to bench/results/api_fuzz.json; the exit status is 1 if any.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from tests.conftest import FakeClock, make_valvo  # noqa: E402
from tests.support.api_fuzz import fuzz, known_ids, seed_rows  # noqa: E402

from valvo.sim.staff_seed import DEMO_PASSWORD, DEMO_STAFF  # noqa: E402
from valvo.web.app import create_app  # noqa: E402

ROLES = ["administrator", *(role for _, role, _ in DEMO_STAFF)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--match", default="", help="only operations whose label contains this")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="valvo-fuzz-"))
    clock = FakeClock()
    valvo = make_valvo(f"sqlite:///{tmp / 'valvo.db'}", tmp, clock)
    seed_rows(valvo, clock())
    app = create_app(valvo)
    ids = known_ids(valvo)
    passwords = {"administrator": ("admin", "valvo-demo")}
    passwords.update({role: (name, DEMO_PASSWORD) for name, role, _ in DEMO_STAFF})
    summary: dict[str, object] = {"examples": args.examples, "seed": args.seed, "roles": {}}
    failed = False
    with TestClient(app) as client:
        for role in args.roles.split(","):
            username, password = passwords[role]

            def headers(username: str = username, password: str = password) -> dict[str, str]:
                # A fresh login per operation: logout or a password reset ends only that one.
                login = client.post(
                    "/api/auth/token", data={"username": username, "password": password}
                )
                return {"Authorization": f"Bearer {login.json()['access_token']}"}

            started = time.perf_counter()
            report = fuzz(
                app,
                headers,
                ids,
                max_examples=args.examples,
                seed_value=args.seed,
                only=(lambda label: args.match in label) if args.match else None,
            )
            seconds = time.perf_counter() - started
            print(
                f"{role}: {report.operations} operations, {report.requests} requests in "
                f"{seconds:.0f} s, statuses {dict(sorted(report.statuses.items()))}, "
                f"{len(report.errors)} server errors"
            )
            for line in report.lines():
                print(line)
            failed = failed or bool(report.errors)
            summary["roles"][role] = {  # type: ignore[index]
                "operations": report.operations,
                "requests": report.requests,
                "seconds": round(seconds, 1),
                "statuses": {str(k): v for k, v in sorted(report.statuses.items())},
                "server_errors": report.lines(),
            }
    out = ROOT / "bench" / "results" / "api_fuzz.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
