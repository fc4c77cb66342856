"""The three entry points that read a plan's JSON (``valvo law check-plan``'s ``read_plan``, the
sentence plan's ``read_sentence_plan`` and the registry's ``parse_schedule``) share one reader
(``domain/law/plan_reader.py``): the same windows and intervals read the same, and the same
broken entry is refused with the same message."""

from __future__ import annotations

from typing import Any

import pytest

from valvo.domain.cases.sentence_plan import read_sentence_plan
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.plan_reader import read_plan
from valvo.services.errors import InvalidInput
from valvo.services.registry import parse_schedule

TZ = "Europe/Helsinki"
WEEKLY: list[dict[str, Any]] = [
    {"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"},
    {"weekday": 4, "start": "22:00", "end": "02:00", "purpose": "personal", "place_id": "p-1"},
]
ONE_OFF: list[dict[str, Any]] = [
    {"purpose": "travel", "start": "2025-03-05T10:00", "end": "2025-03-05T12:30:00"},
    {
        "purpose": "exemption",
        "start": "2025-03-06T09:00",
        "end": "2025-03-06T10:00",
        "justification": "court date",
    },
]


def law(one_off: list[Any]) -> Any:
    data = {
        "kind": "monitoring_sentence",
        "start": "2025-03-03",
        "end": "2025-03-30",
        "intervals": one_off,
    }
    return read_plan(data)


def sentence(weekly: list[Any], one_off: list[Any]) -> Any:
    data = {
        "start": "2025-03-03",
        "end": "2025-03-30",
        "items": {},
        "weekly": weekly,
        "one_off": one_off,
    }
    return read_sentence_plan(data)


def test_the_three_readers_read_the_same_plan_the_same() -> None:
    law_plan, law_errors = law(ONE_OFF)
    plan, errors = sentence(WEEKLY, ONE_OFF)
    schedule = parse_schedule(TZ, WEEKLY, ONE_OFF)
    assert law_errors == errors == ()
    assert law_plan.intervals == plan.one_off == schedule.one_off
    assert plan.weekly == schedule.weekly
    assert schedule.weekly[1].place_id == "p-1"
    assert schedule.one_off[1].justification == "court date"


BROKEN_INTERVALS = [
    {"purpose": "shopping", "start": "2025-03-03T08:00", "end": "2025-03-03T09:00"},
    {"purpose": "travel", "start": "2025-03-03T08:00"},
    {"purpose": "travel", "start": "2025-03-03T08:00Z", "end": "2025-03-03T09:00"},
    {"purpose": "travel", "start": "3.3.2025 8:00", "end": "2025-03-03T09:00"},
    {"purpose": "travel", "start": "2025-03-03T08:00", "end": "2025-03-03T09:00", "x": 1},
    {"purpose": 7, "start": "2025-03-03T08:00", "end": "2025-03-03T09:00"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("broken", BROKEN_INTERVALS)
def test_a_broken_interval_is_refused_the_same_by_all_three(broken: Any) -> None:
    with pytest.raises(LawInputError) as by_law:
        law([broken])
    with pytest.raises(LawInputError) as by_sentence:
        sentence([], [broken])
    with pytest.raises(InvalidInput) as by_registry:
        parse_schedule(TZ, [], [broken])
    message = by_sentence.value.message
    assert by_law.value.message == message.replace("one_off[0]", "intervals[0]")
    assert str(by_registry.value) == f"schedule is invalid: {message}"


BROKEN_WINDOWS = [
    {"weekday": 7, "start": "08:00", "end": "16:00", "purpose": "activity"},
    {"weekday": True, "start": "08:00", "end": "16:00", "purpose": "activity"},
    {"weekday": 0, "start": "08:00", "end": "08:00", "purpose": "activity"},
    {"weekday": 0, "start": "8", "end": "16:00", "purpose": "activity"},
    {"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "shopping"},
    {"weekday": 0, "start": "08:00", "end": "16:00"},
]


@pytest.mark.parametrize("broken", BROKEN_WINDOWS)
def test_a_broken_weekly_window_is_refused_the_same(broken: Any) -> None:
    with pytest.raises(LawInputError) as by_sentence:
        sentence([broken], [])
    with pytest.raises(InvalidInput) as by_registry:
        parse_schedule(TZ, [broken], [])
    assert str(by_registry.value) == f"schedule is invalid: {by_sentence.value.message}"


def test_an_interval_ending_before_it_starts_is_kept_aside_or_refused_alike() -> None:
    backwards = {"purpose": "travel", "start": "2025-03-03T10:00", "end": "2025-03-03T09:00"}
    _, law_errors = law([backwards])
    _, errors = sentence([], [backwards])
    assert (
        [e.code for e in law_errors] == [e.code for e in errors] == ["interval_ends_before_start"]
    )
    with pytest.raises(InvalidInput) as by_registry:
        parse_schedule(TZ, [], [backwards])
    assert str(by_registry.value) == f"schedule is invalid: {errors[0].message}"
