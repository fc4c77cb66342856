"""Alarm desk statistics, pure: time to acknowledge and to resolve (p50, p90), alarms per
subject-day, the incidents the alarms fell in (an operator's units of work; a period's
alarms of one incident count once), and false-alarm rates by device model, by rule, by cause
and by region.

False-alarm rate = false / (false + genuine) among resolved alarms; neutral causes (duplicate,
other) count as neither. Alarms whose condition ended by itself (``self_cleared``) really
happened: they are counted apart (``ended``), never as false, and are left out of the time to
resolve, which measures people's work. How many times alarms closed themselves in a period is
the figure ``alarms_auto_closed``, counted from the trail (``services/alarm_desk.auto_closed``),
not here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.alarms.causes import SELF_CLEARED, Verdict, verdict_of
from valvo.domain.clock import require_aware

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class AlarmFact:
    """One alarm as the statistics see it."""

    subject_id: str
    region: str
    kind: str
    rule: str
    device_model: str
    status: str
    raised_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    cause: str | None
    occurrences: int = 1
    incident_id: str | None = None  # the incident it belongs to; None: its own


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (``p`` in 0..100); None for no values."""
    if not values:
        return None
    if not 0 < p <= 100:
        raise ValueError("percentile must be in (0, 100]")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def subject_days(
    intervals: Mapping[str, Iterable[tuple[datetime, datetime | None]]],
    start: datetime,
    end: datetime,
) -> float:
    """Days under monitoring in [start, end), summed over subjects, overlapping orders merged."""
    start, end = require_aware(start, "start"), require_aware(end, "end")
    total = timedelta(0)
    for spans in intervals.values():
        clipped = sorted(
            (max(a, start), min(b or end, end)) for a, b in spans if a < end and (b or end) > start
        )
        current: tuple[datetime, datetime] | None = None
        for a, b in clipped:
            if current is not None and a <= current[1]:
                current = (current[0], max(current[1], b))
                continue
            if current is not None:
                total += current[1] - current[0]
            current = (a, b)
        if current is not None:
            total += current[1] - current[0]
    return total / DAY


def summarise(facts: Sequence[AlarmFact], monitored_days: float) -> dict[str, Any]:
    ack = [
        (f.acknowledged_at - f.raised_at).total_seconds()
        for f in facts
        if f.acknowledged_at is not None
    ]
    resolve = [
        (f.resolved_at - f.raised_at).total_seconds()
        for f in facts
        if f.resolved_at is not None and f.cause != SELF_CLEARED
    ]
    incidents = len({f.incident_id for f in facts if f.incident_id is not None}) + sum(
        1 for f in facts if f.incident_id is None
    )
    return {
        "alarms": len(facts),
        "occurrences": sum(f.occurrences for f in facts),
        "incidents": incidents,
        "alarms_per_incident": None if not incidents else round(len(facts) / incidents, 2),
        "open": sum(1 for f in facts if f.status != "resolved"),
        "acknowledged": len(ack),
        "resolved": sum(1 for f in facts if f.resolved_at is not None),
        "time_to_acknowledge_s": {"p50": percentile(ack, 50), "p90": percentile(ack, 90)},
        "time_to_resolve_s": {"p50": percentile(resolve, 50), "p90": percentile(resolve, 90)},
        "subject_days": round(monitored_days, 3),
        "alarms_per_subject_day": None
        if monitored_days <= 0
        else round(len(facts) / monitored_days, 4),
        **_rates(facts, "overall", lambda f: "all")[0],
        "by_device_model": _rates(facts, "device_model", lambda f: f.device_model),
        "by_rule": _rates(facts, "rule", lambda f: f.rule),
        "by_kind": _rates(facts, "kind", lambda f: f.kind),
        "by_region": _rates(facts, "region", lambda f: f.region),
        "by_cause": _causes(facts),
    }


def _rates(
    facts: Sequence[AlarmFact], name: str, key: Callable[[AlarmFact], str]
) -> list[dict[str, Any]]:
    groups: dict[str, list[AlarmFact]] = defaultdict(list)
    for f in facts:
        groups[key(f)].append(f)
    if not groups and name == "overall":
        groups["all"] = []
    out = []
    for value, members in sorted(groups.items()):
        verdicts = [verdict_of(f.cause) for f in members]
        genuine = verdicts.count(Verdict.GENUINE)
        false = verdicts.count(Verdict.FALSE)
        row: dict[str, Any] = {
            "alarms": len(members),
            "genuine": genuine,
            "false": false,
            "ended": verdicts.count(Verdict.ENDED),
            "false_alarm_rate": None
            if genuine + false == 0
            else round(false / (genuine + false), 4),
        }
        out.append(row if name == "overall" else {name: value, **row})
    return out


def _causes(facts: Sequence[AlarmFact]) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for f in facts:
        if f.cause is not None:
            counts[f.cause] += 1
    return [{"cause": c, "alarms": n} for c, n in sorted(counts.items())]
