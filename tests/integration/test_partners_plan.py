"""A place put into a person's plan: the zone and windows go in through the registry's use
cases, and the engine enforces them; attendance is reconciled with the GPS record."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest

from tests.conftest import FakeClock
from tests.integration.test_engine import append_fixes
from tests.support.caseload import Registered, register_person
from tests.support.factories import fix
from tests.support.partners import make_place, puow
from valvo.bootstrap import Valvo
from valvo.domain.partners.plan_windows import Session
from valvo.services.errors import InvalidInput
from valvo.services.partners import attendance, plans

# The clock starts on Monday 23 November 2026, 12:00 in Helsinki (10:00 UTC).
MONDAY_11_TO_15 = [Session(0, time(11), time(15))]
PLACE_EAST_M = 2000  # the place is 2 km east of home (tests/support/partners.py)


def put_into_plan(valvo: Valvo, person: Registered, place: dict[str, Any]) -> dict[str, Any]:
    with puow(valvo) as uow:
        row = plans.choose_place(
            uow,
            "supervisor",
            valvo.clock(),
            place_id=place["id"],
            order_id=person.order_id,
            sessions=MONDAY_11_TO_15,
        )
        uow.commit()
    return row


def test_choosing_a_place_creates_the_zone_and_windows_in_the_plan(valvo: Valvo) -> None:
    person = register_person(valvo, "plan-0", exclusion=False)
    place = make_place(valvo)
    assignment = put_into_plan(valvo, person, place)
    with puow(valvo) as uow:
        zones = uow.registry.find("zones", order_id=person.order_id)
        schedules = uow.registry.find("schedules", order_id=person.order_id)
    (zone,) = [z for z in zones if z["place_id"] == place["id"]]
    assert zone["id"] == assignment["zone_id"]
    assert zone["kind"] == "inclusion"
    assert zone["name"] == "Activity place: Kierrätyskeskus Ruosilantie"
    latest = max(schedules, key=lambda s: s["version"])
    assert latest["id"] == assignment["schedule_id"]
    assert latest["version"] == 2
    assert latest["weekly"] == [
        {"weekday": 0, "start": "10:30", "end": "11:00", "purpose": "travel"},
        {
            "weekday": 0,
            "start": "11:00",
            "end": "15:00",
            "purpose": "activity",
            "place_id": place["id"],
        },
        {"weekday": 0, "start": "15:00", "end": "15:30", "purpose": "travel"},
    ]
    # Choosing it again with other times replaces the windows and reuses the zone.
    with puow(valvo) as uow:
        again = plans.choose_place(
            uow,
            "supervisor",
            valvo.clock(),
            place_id=place["id"],
            order_id=person.order_id,
            sessions=[Session(2, time(9), time(12))],
            travel_minutes=0,
        )
        uow.commit()
        assert again["zone_id"] == zone["id"]
        latest = max(
            uow.registry.find("schedules", order_id=person.order_id), key=lambda s: s["version"]
        )
        assert [(w["weekday"], w["start"]) for w in latest["weekly"]] == [(2, "09:00")]
        assert len(uow.partners.find("partner_place_assignments", order_id=person.order_id)) == 2


def test_times_outside_the_opening_hours_are_refused_and_nothing_is_stored(valvo: Valvo) -> None:
    person = register_person(valvo, "plan-x", exclusion=False)
    place = make_place(valvo, opening_hours="ma-pe 12:00-17:00")
    with puow(valvo) as uow, pytest.raises(InvalidInput, match="outside the opening hours"):
        plans.choose_place(
            uow,
            "supervisor",
            valvo.clock(),
            place_id=place["id"],
            order_id=person.order_id,
            sessions=MONDAY_11_TO_15,
        )
    with puow(valvo) as uow:
        assert len(uow.registry.find("zones", order_id=person.order_id)) == 1  # home only
        assert len(uow.registry.find("schedules", order_id=person.order_id)) == 1


def test_the_engine_enforces_the_place_zone_during_its_window_only(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, "plan-1", exclusion=False)
    place = make_place(valvo)
    worker = valvo.engine_worker()
    worker.step(clock.now)
    assignment = put_into_plan(valvo, person, place)
    now = clock.now  # Monday 12:00 local: inside the activity window
    append_fixes(
        valvo,
        fix(now, east_m=PLACE_EAST_M, device="plan-1"),
        fix(now + timedelta(seconds=30), east_m=PLACE_EAST_M, device="plan-1"),
    )
    assert worker.step(clock.advance(minutes=1)).alarms == 0  # away from home, at the place
    # Walking off the place during the window (500 m from it, 1.5 km from home); enough fixes
    # for the engine's debounce.
    append_fixes(
        valvo,
        *[
            fix(now + timedelta(seconds=60 + 30 * i), east_m=1500, device="plan-1")
            for i in range(5)
        ],
    )
    assert worker.step(clock.advance(minutes=3)).alarms == 1
    with valvo.uow() as uow:
        (alarm,) = uow.alarms.find(None, person.subject_id, 10)
    assert alarm["kind"] == "inclusion_zone_left"
    assert alarm["explanation"]["details"]["zone_id"] == assignment["zone_id"]


def test_outside_its_window_the_place_zone_raises_nothing(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, "plan-2", exclusion=False)
    place = make_place(valvo)
    put_into_plan(valvo, person, place)
    worker = valvo.engine_worker()
    tuesday = clock.advance(days=1)  # Tuesday 12:00 local: no window, at home
    append_fixes(
        valvo, *[fix(tuesday + timedelta(seconds=30 * i), device="plan-2") for i in range(6)]
    )
    assert worker.step(clock.advance(minutes=1)).alarms == 0


def test_attendance_is_reconciled_with_the_gps_record(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, "plan-3", exclusion=False)
    place = make_place(valvo)
    assignment = put_into_plan(valvo, person, place)
    worker = valvo.engine_worker()
    start = clock.now.replace(hour=9)  # 11:00 local
    append_fixes(
        valvo,
        *[
            fix(start + timedelta(minutes=10 * i), east_m=PLACE_EAST_M, device="plan-3")
            for i in range(24)
        ],
    )
    worker.step(clock.advance(hours=4))  # 14:00 UTC: the session ended at 13:00 UTC
    day = start.date()
    with puow(valvo) as uow:
        expected = attendance.expected_sessions(uow, place["id"], day)
        assert [(e["person"], e["statement"]) for e in expected] == [("Person plan-3", None)]
        attendance.confirm(
            uow,
            "partner",
            clock.now,
            place_id=place["id"],
            assignment_id=assignment["id"],
            day=day,
            statement="attended",
        )
        outcome = attendance.reconcile_session(uow, "partner", clock.now, assignment["id"], day)
        uow.commit()
    assert (outcome["outcome"], outcome["action"]) == ("consistent", "none")
    assert outcome["gps"]["verdict"] == "present"
    assert outcome["gps"]["share_inside"] == 1.0
    # The partner corrects the statement to "absent": the GPS says otherwise → a mismatch.
    with puow(valvo) as uow:
        attendance.confirm(
            uow,
            "partner",
            clock.now,
            place_id=place["id"],
            assignment_id=assignment["id"],
            day=day,
            statement="absent",
        )
        (changed,) = attendance.reconcile_due(uow, "supervisor", clock.now)
        uow.commit()
    assert (changed["outcome"], changed["action"]) == ("mismatch", "alarm")
    assert changed["suggested"] == "activity_attendance"


def test_a_no_show_both_sides_agree_on_calls_for_a_breach_record(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, "plan-4", exclusion=False)
    place = make_place(valvo)
    assignment = put_into_plan(valvo, person, place)
    worker = valvo.engine_worker()
    start = clock.now.replace(hour=9)
    append_fixes(
        valvo, *[fix(start + timedelta(minutes=10 * i), device="plan-4") for i in range(24)]
    )  # at home all along
    worker.step(clock.advance(hours=4))
    with puow(valvo) as uow:
        attendance.confirm(
            uow,
            "partner",
            clock.now,
            place_id=place["id"],
            assignment_id=assignment["id"],
            day=start.date(),
            statement="absent",
        )
        outcome = attendance.reconcile_session(
            uow, "partner", clock.now, assignment["id"], start.date()
        )
        view = attendance.session_view(uow, assignment["id"], start.date(), clock.now)
        uow.commit()
    assert (outcome["outcome"], outcome["action"]) == ("no_show", "breach_record")
    assert view["confirmation"]["statement"] == "absent"
    assert len(view["positions"]) == 24
    assert view["gps"]["verdict"] == "absent"
