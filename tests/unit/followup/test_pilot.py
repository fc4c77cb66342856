"""The pilot by day (R143; domain/followup/pilot.py): a unit's runs of pilot days from its
dated changes, and a sentence split at the day its unit joins."""

from __future__ import annotations

from datetime import UTC, date, datetime

from valvo.domain.followup import compute
from valvo.domain.followup.compute import Period
from valvo.domain.followup.facts import Days, SentenceFact
from valvo.domain.followup.pilot import PilotChange, pilot_days, select, view, with_units

EAST = "Itä-Suomi"
SET = datetime(2026, 1, 1, tzinfo=UTC)


def change(pilot: bool, day: date, hour: int = 0) -> PilotChange:
    return PilotChange(EAST, pilot, day, SET.replace(hour=hour))


def test_runs_of_pilot_days_from_the_changes() -> None:
    runs = pilot_days(
        [
            change(True, date(2026, 3, 1)),
            change(False, date(2026, 6, 1)),
            change(True, date(2026, 9, 1)),
        ]
    )
    assert runs == {EAST: (Days(date(2026, 3, 1), date(2026, 6, 1)), Days(date(2026, 9, 1)))}


def test_of_two_changes_on_one_date_the_one_set_last_holds() -> None:
    runs = pilot_days([change(True, date(2026, 3, 1), 9), change(False, date(2026, 3, 1), 10)])
    assert runs == {EAST: ()}
    runs = pilot_days([change(False, date(2026, 3, 1), 9), change(True, date(2026, 3, 1), 10)])
    assert runs == {EAST: (Days(date(2026, 3, 1)),)}


def test_a_sentence_splits_at_the_day_its_unit_joins() -> None:
    fact = SentenceFact(
        case_id="c",
        region=EAST,
        pilot=False,
        status="completed",
        requested_on=date(2026, 2, 1),
        serving_start=date(2026, 2, 20),
        ended_on=date(2026, 3, 11),  # last day served 10.3
    )
    [joined] = with_units([fact], pilot_days([change(True, date(2026, 3, 1))]))
    p = Period(date(2026, 2, 1), date(2026, 4, 1))
    pilot, others = view(joined, True), view(joined, False)
    assert pilot is not None
    assert others is not None
    assert compute.serving_days([pilot], p) == 10  # 1.–10.3
    assert compute.serving_days([others], p) == 9  # 20.–28.2
    assert (compute.completed([pilot], p), compute.completed([others], p)) == (1, 0)
    assert (compute.reports_requested([pilot], p), compute.reports_requested([others], p)) == (0, 1)
    assert not pilot.serving_on(date(2026, 2, 25))
    assert others.serving_on(date(2026, 2, 25))
    # Flagged itself: all of it is the pilot's, whatever its unit.
    flagged = SentenceFact(case_id="f", region=EAST, pilot=True, status="enforcing")
    assert select([flagged], True) == [flagged]
    assert select([flagged], False) == []
    # A unit never in the pilot: all of it is the others'.
    assert select([fact], False) == [fact]
    assert select([fact], True) == []
