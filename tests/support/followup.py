"""A caseload with known follow-up figures (issue 17), written straight into the case tables:
five monitoring sentences in two regions, three of them in the pilot, with interruptions,
breaches and their responses, visits with their distances, tests and devices. The period is
``START``..``END`` (1–20 November 2026, Helsinki), seen on ``TODAY``; every answer is worked
out by hand in ``EXPECTED`` (unit costs: price list "2024-report")."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as c
from valvo.bootstrap import Valvo

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"
START, END = date(2026, 11, 1), date(2026, 11, 21)
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

# The whole caseload, all regions, pilot or not.
EXPECTED: dict[str, Any] = {
    "reports_requested": 3,  # B 2.11, D 15.11, E 20.11 (A, C before the period)
    "sentences_imposed": 1,  # B
    "reports_per_sentence": 3.0,
    "started": 1,  # B 10.11
    "completed": 1,  # C, last day 16.11
    "converted": 1,  # B, last day 14.11
    "average_length_days": 30.0,  # B
    "people_monitored": 1,  # on 20.11: A
    "serving_days": 36,  # A 20 - 3 interrupted, B 10.–12.11, C 1.–16.11
    "average_daily_population": 1.8,
    "interruptions": 2,
    "breaches": 3,
    "warnings": 1,
    "referrals": 1,
    "visits": 3,
    "visit_target": 10.29,  # 36 days x 2 a week / 7
    "visit_rate": 0.29,
    "visit_km": 60,
    "visit_minutes": 90,
    "substance_tests": 2,
    # A 17 d x (26 + 9 + 5) € + 2 visits x (10 + 5.30) € + tests 6 + 1 + lab 125 = 842.60 €
    # B 3 d x (26 + 9) € = 105 €; C 16 d x (26 + 5) € + visit 10 + 21.20 € = 527.20 €
    "cost_total": 1474.8,
    "cost_per_person_day": 40.97,  # 1474.80 / 36
    "cost_per_completed": 1581.2,  # C whole: 50 d x 31 € + 31.20 €
    "prison_day_cost": 137.0,
    "saving_per_person_day": 96.03,
}
EXPECTED_BREAKDOWNS = {
    "breaches": {"minor": 1, "serious": 1, "unassessed": 1},
    "interruptions": {"court_referral": 1, "provisional": 1},
    "substance_tests": {"breath": 1, "lab_analysis": 1, "urine_quick": 1},
}
# The east alone (C and E): what a regional manager of the east sees.
EXPECTED_EAST = {
    "reports_requested": 1,
    "completed": 1,
    "serving_days": 16,
    "breaches": 1,
    "visits": 1,
    "cost_total": 527.2,
}
# The pilot alone (A, B and D).
EXPECTED_PILOT = {"reports_requested": 2, "serving_days": 20, "breaches": 2, "converted": 1}


def _id() -> str:
    return str(uuid.uuid4())


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def shift_to(today: date) -> timedelta:
    """How far to move the caseload so that ``TODAY`` falls on ``today`` (a browser test
    against the real clock); every figure stays the same."""
    return today - TODAY


def seed(valvo: Valvo, shift: timedelta = timedelta(0)) -> dict[str, str]:
    """The five sentences, moved by ``shift``; their case ids by letter."""
    ids: dict[str, str] = {}

    def d(month: int, day: int) -> date:
        return date(2026, month, day) + shift

    with valvo.db.begin() as conn:
        devices = {}
        for kind in ("gps_tracker", "rf_home_unit"):
            for letter in "ABC":
                device_id = _id()
                devices[(letter, kind)] = device_id
                conn.execute(
                    insert(t.devices),
                    [
                        {
                            "id": device_id,
                            "identifier": f"fu-{letter}-{kind}-{device_id[:6]}",
                            "protocol": "osmand",
                            "kind": kind,
                            "created_at": NOW,
                        }
                    ],
                )

        def sentence(
            letter: str,
            region: str,
            pilot: bool,
            status: str,
            requested: date,
            kinds: tuple[str, ...] = (),
            **values: Any,
        ) -> str:
            subject_id, case_id = _id(), _id()
            conn.execute(
                insert(t.subjects),
                [
                    {
                        "id": subject_id,
                        "name": f"Follow-up {letter}",
                        "region": region,
                        "created_at": NOW,
                    }
                ],
            )
            conn.execute(
                insert(c.cases),
                [
                    {
                        "id": case_id,
                        "type": "monitoring_sentence",
                        "subject_id": subject_id,
                        "order_id": None,
                        "status": status,
                        "policy": "2011-act",
                        "timezone": "Europe/Helsinki",
                        "region": region,
                        "pilot": pilot,
                        "updated_at": NOW,
                        "created_at": NOW,
                        "created_by": "seed",
                    }
                ],
            )
            conn.execute(
                insert(c.sentences),
                [
                    {
                        "case_id": case_id,
                        "devices": [devices[(letter, k)] for k in kinds],
                        "early_enforcement": False,
                        **values,
                    }
                ],
            )
            conn.execute(
                insert(c.case_reports),
                [
                    {
                        "case_id": case_id,
                        "requester": "prosecutor",
                        "requested_on": requested,
                        "form_version": "seed",
                    }
                ],
            )
            ids[letter] = case_id
            return case_id

        a = sentence(
            "A",
            SOUTH,
            True,
            "enforcing",
            d(10, 1),
            ("gps_tracker", "rf_home_unit"),
            sentenced_on=d(10, 20),
            length_days=60,
            serving_start=d(10, 25),
        )
        b = sentence(
            "B",
            SOUTH,
            True,
            "converted",
            d(11, 2),
            ("gps_tracker",),
            sentenced_on=d(11, 6),
            length_days=30,
            serving_start=d(11, 10),
            ended_on=d(11, 15),
        )
        c_ = sentence(
            "C",
            EAST,
            False,
            "completed",
            d(8, 1),
            ("rf_home_unit",),
            sentenced_on=d(9, 1),
            length_days=50,
            serving_start=d(9, 28),
            ended_on=d(11, 17),
        )
        sentence("D", SOUTH, True, "report_requested", d(11, 15))
        sentence("E", EAST, False, "report_requested", d(11, 20))

        created = {"created_at": NOW, "created_by": "seed"}
        conn.execute(
            insert(c.case_interruptions),
            [
                {
                    "id": _id(),
                    "case_id": a,
                    "seq": 1,
                    "reason": "provisional",
                    "start": d(11, 5),
                    "end": d(11, 8),
                    **created,
                },
                {
                    "id": _id(),
                    "case_id": b,
                    "seq": 1,
                    "reason": "court_referral",
                    "start": d(11, 13),
                    "end": None,
                    **created,
                },
            ],
        )
        breach = {"source": "supervisor", "alarm_id": None, "description": None}
        conn.execute(
            insert(c.case_breaches),
            [
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "minor",
                    "occurred_at": at(d(11, 4)),
                    "status": "warned",
                    "response": "written_warning",
                    "responded_on": d(11, 6),
                    **breach,
                    **created,
                },
                {
                    "id": _id(),
                    "case_id": b,
                    "kind": "serious",
                    "occurred_at": at(d(11, 12)),
                    "status": "referred",
                    "response": "court_referral",
                    "responded_on": d(11, 13),
                    **breach,
                    **created,
                },
                {
                    "id": _id(),
                    "case_id": c_,
                    "kind": None,
                    "occurred_at": at(d(11, 2)),
                    "status": "open",
                    "response": None,
                    "responded_on": None,
                    **breach,
                    **created,
                },
                # Outside the period: counts nowhere.
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "minor",
                    "occurred_at": at(d(10, 30)),
                    "status": "open",
                    "response": None,
                    "responded_on": None,
                    **breach,
                    **created,
                },
            ],
        )
        visit = {"entry_refused": False, "planned_at": None, **created}
        conn.execute(
            insert(c.case_visits),
            [
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "home",
                    "visited_at": at(d(11, 3)),
                    "travel_km": 10.0,
                    "travel_minutes": 20,
                    **visit,
                },
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "home",
                    "visited_at": at(d(11, 10)),
                    "travel_km": 10.0,
                    "travel_minutes": 20,
                    **visit,
                },
                {
                    "id": _id(),
                    "case_id": c_,
                    "kind": "home",
                    "visited_at": at(d(11, 16)),
                    "travel_km": 40.0,
                    "travel_minutes": 50,
                    **visit,
                },
                # Planned, not made: no visit.
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "covert_check",
                    "visited_at": None,
                    **visit,
                    "planned_at": at(d(11, 18)),
                    "travel_km": None,
                    "travel_minutes": None,
                },
            ],
        )
        test = {
            "location": None,
            "tester": "seed",
            "substance": None,
            "justified_suspicion": False,
            **created,
        }
        conn.execute(
            insert(c.case_substance_tests),
            [
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "urine_quick",
                    "taken_at": at(d(11, 9)),
                    "result": "positive",
                    "consequence": "lab_confirmation",
                    "lab_requested_at": at(d(11, 10)),
                    **test,
                },
                {
                    "id": _id(),
                    "case_id": a,
                    "kind": "breath",
                    "taken_at": at(d(11, 12)),
                    "result": "negative",
                    "consequence": "none",
                    "lab_requested_at": None,
                    **test,
                },
            ],
        )
    return ids
