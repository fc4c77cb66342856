"""The pure retention rules: which pieces of a person's data may go, holds, months, policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.retention.policy import (
    PRACTICE_2026,
    Category,
    Period,
    RetentionError,
    RetentionPolicy,
    get_policy,
)
from valvo.domain.retention.windows import (
    Assignment,
    Hold,
    OrderSpan,
    days_by_month,
    device_pieces,
    expired_pieces,
    held_subjects,
)


def d(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


NOW = d("2026-01-01")
OLD = OrderSpan("o1", "s1", "monitoring_sentence", d("2020-01-01"), d("2020-03-01"))


def test_an_order_ended_longer_ago_than_the_period_goes_whole() -> None:
    pieces = expired_pieces([OLD], Category.POSITIONS, PRACTICE_2026, NOW)
    assert [(p.order_id, p.start, p.end) for p in pieces] == [("o1", OLD.starts_at, OLD.ends_at)]


def test_the_period_counts_from_the_end_of_the_order() -> None:
    recent = replace(OLD, starts_at=d("2024-10-01"), ends_at=d("2025-01-02"))
    assert expired_pieces([recent], Category.POSITIONS, PRACTICE_2026, NOW) == []
    later = NOW + timedelta(days=1)
    assert len(expired_pieces([recent], Category.POSITIONS, PRACTICE_2026, later)) == 1
    # Alarms (three years) and case records (five) stay longer than the track (one year).
    assert expired_pieces([recent], Category.ALARMS, PRACTICE_2026, later) == []


def test_data_shared_with_an_order_still_kept_stays() -> None:
    running = OrderSpan("o2", "s1", "travel_ban", d("2020-02-01"), None)
    other_person = OrderSpan("o3", "s2", "travel_ban", d("2020-02-01"), None)
    pieces = expired_pieces([OLD, running, other_person], Category.POSITIONS, PRACTICE_2026, NOW)
    assert [(p.start, p.end) for p in pieces] == [(d("2020-01-01"), d("2020-02-01"))]


def test_two_expired_orders_overlapping_give_disjoint_pieces() -> None:
    second = OrderSpan("o2", "s1", "monitoring_sentence", d("2020-02-01"), d("2020-04-01"))
    pieces = expired_pieces([second, OLD], Category.RAW_FRAMES, PRACTICE_2026, NOW)
    assert [(p.order_id, p.start, p.end) for p in pieces] == [
        ("o1", d("2020-01-01"), d("2020-03-01")),
        ("o2", d("2020-03-01"), d("2020-04-01")),
    ]


def test_an_order_type_without_a_rule_keeps_its_data() -> None:
    odd = replace(OLD, type="house_arrest")
    assert expired_pieces([odd], Category.POSITIONS, PRACTICE_2026, NOW) == []


def test_device_pieces_follow_the_assignment() -> None:
    pieces = expired_pieces([OLD], Category.OBSERVATIONS, PRACTICE_2026, NOW)
    out = device_pieces(
        pieces,
        [
            Assignment("D1", "s1", d("2019-12-01"), d("2020-02-01")),
            Assignment("D2", "s1", d("2020-02-01"), None),
            Assignment("D3", "s2", d("2019-01-01"), None),
        ],
    )
    assert [(p.device, p.start, p.end) for p in out] == [
        ("D1", d("2020-01-01"), d("2020-02-01")),
        ("D2", d("2020-02-01"), d("2020-03-01")),
    ]


def test_holds_block_until_released_or_their_end() -> None:
    placed = Hold("h1", "s1", d("2026-06-01"), None, None)
    released = Hold("h2", "s2", d("2025-01-01"), None, d("2025-06-01"))
    ended = Hold("h3", "s3", d("2025-01-01"), d("2025-02-01"), None)
    # A hold placed after the run's instant still blocks it (never delete what is held today).
    assert held_subjects([placed, released, ended], NOW) == {"s1": ["h1"]}
    assert not placed.active(NOW)
    assert placed.active(d("2026-07-01"))
    assert released.active(d("2025-03-01"))
    assert not released.active(NOW)


def test_days_by_month_in_utc() -> None:
    assert days_by_month(d("2024-01-31T12:00"), d("2024-03-02")) == {
        "2024-01": 0.5,
        "2024-02": 29.0,
        "2024-03": 1.0,
    }


def test_a_policy_that_outlives_its_evidence_is_refused() -> None:
    periods = dict(PRACTICE_2026.by_order_type["monitoring_sentence"])
    periods[Category.RAW_FRAMES] = Period(10, "too short")
    with pytest.raises(RetentionError, match="raw frames before positions"):
        RetentionPolicy("bad", "bad", {"x": periods}, Period(1, ""), "never")
    periods = dict(PRACTICE_2026.by_order_type["monitoring_sentence"])
    del periods[Category.ALARMS]
    with pytest.raises(RetentionError, match="no period for alarms"):
        RetentionPolicy("bad", "bad", {"x": periods}, Period(1, ""), "never")
    with pytest.raises(RetentionError, match="known: 2026-practice"):
        get_policy("1999")


def test_every_period_says_where_it_comes_from() -> None:
    for periods in PRACTICE_2026.by_order_type.values():
        for period in periods.values():
            assert period.reason
            assert "practice choice" in period.reason  # none is claimed to be from the law
