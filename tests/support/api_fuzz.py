"""Schemathesis over the whole OpenAPI of the app: every operation, positive and negative
examples, path ids drawn half the time from rows that exist, and any 5xx (or an exception
escaping the app) recorded with the request that caused it.

Shared by the short pytest run (tests/integration/test_api_fuzz.py) and the longer script
(bench/api_fuzz.py).
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException, Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Err
from sqlalchemy import select

from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.sim.partners_seed import seed_partners
from valvo.sim.seed import demo_people, seed_demo
from valvo.sim.staff_seed import seed_staff

# Path parameter -> the table whose ids it names (the rest get any id from any table).
_ID_TABLES = {
    "subject_id": "subjects",
    "person_id": "subjects",
    "order_id": "orders",
    "alarm_id": "alarms",
    "case_id": "cases",
    "partner_id": "partner_organisations",
    "place_id": "partner_places",
    "project_id": "partner_projects",
    "member_id": "partner_network_members",
    "relative_id": "partner_relatives",
    "consent_id": "partner_consents",
    "event_id": "partner_events",
}


@dataclass(frozen=True, slots=True)
class ServerError:
    operation: str
    status: str  # "500", ... or "exception"
    request: str
    detail: str


@dataclass
class FuzzReport:
    operations: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    generation_problems: list[str] = field(default_factory=list)
    errors: dict[tuple[str, str], ServerError] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [
            f"{e.operation} -> {e.status}\n  {e.request}\n  {e.detail}"
            for e in self.errors.values()
        ]


def seed_rows(valvo: Valvo, now: datetime) -> None:
    """Rows for the fuzzer's ids to hit: demo people with orders and devices, staff, partners."""
    seed_demo(valvo, demo_people(3), now)
    seed_staff(valvo, now)
    seed_partners(valvo, now)


def known_ids(valvo: Valvo) -> dict[str, list[str]]:
    """Ids per table for every table with a text ``id`` column (a few of each)."""
    found: dict[str, list[str]] = {}
    with valvo.db.connect() as conn:
        for name, table in t.metadata.tables.items():
            column = table.c.get("id")
            if column is None or column.type.python_type is not str:
                continue
            found[name] = [str(v) for v in conn.execute(select(column).limit(5)).scalars()]
    return {name: ids for name, ids in found.items() if ids}


def fuzz(
    app: FastAPI,
    headers: dict[str, str] | Callable[[], dict[str, str]],
    ids: dict[str, list[str]],
    *,
    max_examples: int,
    negative_examples: int | None = None,
    seed_value: int = 0,
    only: Callable[[str], bool] | None = None,
) -> FuzzReport:
    """``max_examples`` valid requests per operation, ``negative_examples`` (default the same)
    invalid ones; ``seed_value`` makes the run reproducible. ``headers`` may be a function that
    logs in afresh: it is called once per operation, so an operation that ends the session
    (logout, a password reset, revoking sessions) does not leave the rest unauthenticated."""
    app.openapi()  # built once and cached: the loader's request must not wait for it
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    every_id = sorted({i for values in ids.values() for i in values})
    report = FuzzReport()
    negative = max_examples if negative_examples is None else negative_examples
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        if only is not None and not only(operation.label):
            continue
        report.operations += 1
        budgets = {
            GenerationMode.POSITIVE: max_examples,
            GenerationMode.NEGATIVE: negative,
        }
        for mode, examples in budgets.items():
            if examples:
                fresh = headers() if callable(headers) else headers
                _run(operation, mode, fresh, ids, every_id, examples, seed_value, report)
    return report


def _run(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    ids: dict[str, list[str]],
    every_id: list[str],
    max_examples: int,
    seed_value: int,
    report: FuzzReport,
) -> None:
    params = re.findall(r"\{(\w+)\}", operation.path)

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def one(case: Any, data: st.DataObject) -> None:
        for name in params:
            pool = ids.get(_ID_TABLES.get(name, ""), every_id)
            if pool and case.path_parameters is not None and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(pool))
        report.requests += 1
        try:
            response = case.call(headers=headers)
        except Exception:
            _record(report, operation.label, "exception", case, traceback.format_exc()[-1200:])
            return
        report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            _record(report, operation.label, str(response.status_code), case, response.text[:500])

    try:
        seed(seed_value)(one)()
    except Unsatisfiable:
        pass  # nothing to make invalid (e.g. a GET with only a free-text path parameter)
    except HypothesisException as exc:
        # ``one`` records server errors and never raises for them: what reaches here is
        # schemathesis failing to generate (e.g. a flaky reject() in negative mode).
        report.generation_problems.append(f"{operation.label} {mode.value}: {type(exc).__name__}")


def _record(report: FuzzReport, label: str, status: str, case: Any, detail: str) -> None:
    key = (label, status)
    if key not in report.errors:
        request = case.as_curl_command()
        report.errors[key] = ServerError(label, status, request, detail)
