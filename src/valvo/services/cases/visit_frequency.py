"""Visits against their target (R53): each sentence's target (the case's own, or the practice
default of ``domain.cases.visits``) and the visits made since serving began, by calendar week;
and the report of every serving sentence the reader may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from valvo.domain.cases.visits import (
    DEFAULT_VISITS_PER_WEEK,
    MAX_VISITS_PER_WEEK,
    VisitFrequency,
    visit_frequency,
)
from valvo.domain.schedule.local_time import zone
from valvo.services.cases.common import SENTENCE, load_case, record_step, today
from valvo.services.errors import InvalidInput
from valvo.services.ports import UnitOfWork

_SERVED = ("enforcing", "interrupted", "completed", "converted")


def target_of(uow: UnitOfWork, case_id: str) -> tuple[int, str]:
    """The case's visits a week and where that number comes from (``case`` or ``default``)."""
    row = uow.cases.get("case_visit_targets", case_id)
    if row is None:
        return DEFAULT_VISITS_PER_WEEK, "default"
    return int(row["visits_per_week"]), "case"


def frequency(
    case: Mapping[str, Any],
    sentence: Mapping[str, Any],
    visited: Iterable[datetime],
    target: int,
    now: datetime,
) -> VisitFrequency | None:
    """From the serving start to today (or the last day served); ``None`` before serving."""
    start: date | None = sentence.get("serving_start")
    if start is None:
        return None
    ended: date | None = sentence.get("ended_on")
    end = (ended or today(case, now)) + timedelta(days=1)
    tz = zone(str(case["timezone"]))
    days = [at.astimezone(tz).date() for at in visited]
    return visit_frequency(days, start, end, target)


def as_dict(result: VisitFrequency, source: str) -> dict[str, Any]:
    return {
        "target_per_week": result.target_per_week,
        "target_source": source,
        "days": result.days,
        "visits": result.visits,
        "expected": result.expected,
        "per_week": result.per_week,
        "weeks_short": result.weeks_short,
        "on_target": result.on_target,
        "weeks": [
            {"monday": w.monday, "days": w.days, "visits": w.visits, "short": w.short}
            for w in result.weeks
        ],
    }


def case_frequency(
    uow: UnitOfWork, case: Mapping[str, Any], visits: list[dict[str, Any]], now: datetime
) -> dict[str, Any]:
    """The case view's entry: the target always, the frequency once serving began."""
    target, source = target_of(uow, case["id"])
    sentence = uow.cases.get("sentences", case["id"]) or {}
    made = [v["visited_at"] for v in visits if v["visited_at"] is not None]
    result = frequency(case, sentence, made, target, now)
    if result is None:
        return {"target_per_week": target, "target_source": source}
    return as_dict(result, source)


def set_visit_target(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    visits_per_week: int,
    reason: str | None = None,
) -> dict[str, Any]:
    """R53: this case's own target, replacing the default; the reason is kept."""
    case = load_case(uow, case_id, SENTENCE)
    if not 0 <= visits_per_week <= MAX_VISITS_PER_WEEK:
        raise InvalidInput(
            f"visits_per_week: a target is 0–{MAX_VISITS_PER_WEEK} visits a week, "
            f"not {visits_per_week}"
        )
    if not (reason or "").strip():
        raise InvalidInput("reason_missing: say why this case has its own visit target")
    row = {
        "case_id": case_id,
        "visits_per_week": visits_per_week,
        "reason": (reason or "").strip(),
        "set_at": now,
        "set_by": actor,
    }
    if uow.cases.get("case_visit_targets", case_id) is None:
        uow.cases.insert("case_visit_targets", row)
    else:
        uow.cases.update("case_visit_targets", case_id, row)
    record_step(uow, case, actor, now, "visit_target_set", {"visits_per_week": visits_per_week})
    return row


def report(uow: UnitOfWork, now: datetime, region: str | None) -> list[dict[str, Any]]:
    """R53: every sentence that has begun serving, with its visits against its target; the
    ones furthest below target first."""
    cases = [c for c in uow.cases.caseload([SENTENCE], None, region) if c["status"] in _SERVED]
    ids = [c["id"] for c in cases]
    visited: dict[str, list[datetime]] = defaultdict(list)
    for case_id, at in uow.cases.visits_made(ids):
        visited[case_id].append(at)
    targets = {r["case_id"]: r for r in uow.cases.find("case_visit_targets")}
    sentences = {r["case_id"]: r for r in uow.cases.find("sentences")}
    rows: list[dict[str, Any]] = []
    for case in cases:
        own = targets.get(case["id"])
        target = int(own["visits_per_week"]) if own else DEFAULT_VISITS_PER_WEEK
        result = frequency(case, sentences.get(case["id"], {}), visited[case["id"]], target, now)
        if result is None:
            continue
        rows.append(
            {
                "case_id": case["id"],
                "number": case["number"],
                "subject_name": case["subject_name"],
                "status": case["status"],
                "region": case["region"],
                **as_dict(result, "case" if own else "default"),
            }
        )
    return sorted(rows, key=lambda r: (r["visits"] - r["expected"], r["subject_name"] or ""))
