"""Statistics (percentiles, false-alarm rates, subject-days) and the handover log's shifts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.alarm_desk.factories import T0
from valvo.domain.alarms.causes import Verdict, verdict_of
from valvo.domain.alarms.shifts import shift_of
from valvo.domain.alarms.stats import AlarmFact, percentile, subject_days, summarise


def fact(
    ack_s: float | None,
    resolve_s: float | None,
    cause: str | None,
    model: str = "TK-1",
    rule: str = "zone.inclusion",
) -> AlarmFact:
    return AlarmFact(
        subject_id="s-1",
        region="Etelä-Suomi",
        kind="inclusion_zone_left",
        rule=rule,
        device_model=model,
        status="resolved" if resolve_s is not None else "raised",
        raised_at=T0,
        acknowledged_at=None if ack_s is None else T0 + timedelta(seconds=ack_s),
        resolved_at=None if resolve_s is None else T0 + timedelta(seconds=resolve_s),
        cause=cause,
    )


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]
    assert (percentile(values, 50), percentile(values, 90)) == (5.0, 9.0)
    assert percentile([], 50) is None
    assert percentile([7.0], 90) == 7.0
    with pytest.raises(ValueError, match="percentile"):
        percentile(values, 0)


def test_summary_counts_times_and_false_alarm_rates() -> None:
    facts = [
        fact(60, 600, "genuine_breach"),
        fact(120, 300, "gps_rf_noise", model="TK-2"),
        fact(None, 200, "self_cleared", model="TK-2"),  # no person's time to resolve
        fact(30, None, None),
        fact(90, 900, "duplicate", rule="zone.exclusion"),  # neutral
    ]
    s = summarise(facts, monitored_days=10.0)
    assert (s["alarms"], s["open"], s["acknowledged"], s["resolved"], s["ended"]) == (
        5,
        1,
        4,
        4,
        1,
    )
    assert s["time_to_acknowledge_s"] == {"p50": 60.0, "p90": 120.0}
    assert s["time_to_resolve_s"] == {"p50": 600.0, "p90": 900.0}
    assert s["alarms_per_subject_day"] == 0.5
    assert (s["genuine"], s["false"], s["false_alarm_rate"]) == (1, 1, 0.5)
    by_model = {r["device_model"]: r for r in s["by_device_model"]}
    assert by_model["TK-2"]["false_alarm_rate"] == 1.0
    assert by_model["TK-1"]["false_alarm_rate"] == 0.0
    by_rule = {r["rule"]: r for r in s["by_rule"]}
    assert by_rule["zone.exclusion"]["false_alarm_rate"] is None  # no verdict yet
    assert {r["cause"]: r["alarms"] for r in s["by_cause"]}["self_cleared"] == 1


def test_an_alarm_that_ended_by_itself_is_counted_apart_never_as_false() -> None:
    """A genuine 10.5-minute absence closed itself: it happened, so it is no false alarm."""
    facts = [fact(None, 330, "self_cleared"), fact(60, 600, "genuine_breach")]
    s = summarise(facts, monitored_days=1.0)
    assert (s["genuine"], s["false"], s["ended"], s["false_alarm_rate"]) == (1, 0, 1, 0.0)
    for breakdown, key in (("by_device_model", "device_model"), ("by_kind", "kind")):
        (row,) = s[breakdown]
        assert (row[key], row["false"], row["ended"]) == (getattr(facts[0], key), 0, 1)
    assert verdict_of("self_cleared") is Verdict.ENDED


def test_an_empty_period_has_no_rates() -> None:
    s = summarise([], monitored_days=0.0)
    assert (s["alarms"], s["false_alarm_rate"], s["alarms_per_subject_day"]) == (0, None, None)
    assert (s["incidents"], s["alarms_per_incident"]) == (0, None)


def test_alarms_of_one_incident_count_as_one_incident() -> None:
    """An escape of three alarms is one incident; an alarm with no incident is its own."""
    escape = [replace(fact(60, 600, "genuine_breach"), incident_id="i-1") for _ in range(3)]
    sos = replace(fact(30, 90, "genuine_breach"), incident_id="i-2")
    alone = fact(None, None, None)
    s = summarise([*escape, sos, alone], monitored_days=1.0)
    assert (s["alarms"], s["incidents"], s["alarms_per_incident"]) == (5, 3, 1.67)


def test_subject_days_merge_overlapping_orders_and_clip_to_the_period() -> None:
    start, end = T0, T0 + timedelta(days=10)
    spans: dict[str, list[tuple[datetime, datetime | None]]] = {
        "a": [(T0 - timedelta(days=5), T0 + timedelta(days=4)), (T0 + timedelta(days=2), None)],
        "b": [(T0 + timedelta(days=8), T0 + timedelta(days=20))],
        "c": [(T0 + timedelta(days=11), None)],  # after the period
    }
    assert subject_days(spans, start, end) == pytest.approx(10 + 2)


@pytest.mark.parametrize(
    ("utc", "name", "start_utc", "end_utc"),
    [
        # Winter (UTC+2): day 06-14 local is 04-12 UTC.
        (datetime(2026, 1, 15, 4, 0, tzinfo=UTC), "day", (1, 15, 4), (1, 15, 12)),
        (datetime(2026, 1, 15, 19, 59, tzinfo=UTC), "evening", (1, 15, 12), (1, 15, 20)),
        (datetime(2026, 1, 15, 1, 0, tzinfo=UTC), "night", (1, 14, 20), (1, 15, 4)),
        # The night the clocks go forward is one hour shorter.
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "night", (3, 28, 20), (3, 29, 3)),
    ],
)
def test_shifts_are_local_wall_clock(
    utc: datetime,
    name: str,
    start_utc: tuple[int, int, int],
    end_utc: tuple[int, int, int],
) -> None:
    shift = shift_of(utc)
    assert shift.name == name
    assert shift.starts_at == datetime(2026, *start_utc, tzinfo=UTC)
    assert shift.ends_at == datetime(2026, *end_utc, tzinfo=UTC)
    assert shift.previous().ends_at == shift.starts_at
