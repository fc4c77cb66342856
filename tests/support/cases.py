"""Builders for the case work's API tests: staff users with their roles, and request bodies that
are lawful unless a test changes one thing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.support.factories import HOME, offset
from valvo.bootstrap import Valvo
from valvo.services import auth

PASSWORD = "case-work-password"
ROLES = ("supervisor", "police", "prosecutor", "court")


def create_staff(valvo: Valvo, region: str | None = None) -> None:
    """One user per role, named after the role."""
    with valvo.uow() as uow:
        for role in ROLES:
            auth.create_user(
                uow,
                valvo.hasher,
                "test",
                valvo.clock(),
                username=role,
                password=PASSWORD,
                role=role,
                region=region,
            )
        uow.commit()


def headers(client: TestClient, username: str) -> dict[str, str]:
    password = "valvo-demo" if username == "admin" else PASSWORD
    response = client.post("/api/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def report_values(heard_on: date) -> dict[str, Any]:
    return {
        "suspect_consents": True,
        "dwelling_assessment": "Own rented flat in Kallio, suitable; landline and electricity",
        "circumstances_assessment": "Employed, stable relationship; able to complete",
        "activity_place": "Warehouse work at Oy Varasto Ab, Mon–Fri 08–16",
        "movement_needs": "Bus 55 to work, 30 minutes each way",
        "existing_work_or_study": "Oy Varasto Ab",
        "statement_justified": True,
        "statement": "Keeping the job supports social coping.",
        "suspect_heard_on": heard_on.isoformat(),
        "substance_assessment": "Alcohol use moderate; no treatment need",
        "home_visit_on": heard_on.isoformat(),
        "home_visit_by": "supervisor",
    }


def sentence_body(
    sentenced_on: date, enforceable_on: date, length_days: int = 60
) -> dict[str, Any]:
    return {
        "length_days": length_days,
        "replaced_prison_days": length_days,
        "sentenced_on": sentenced_on.isoformat(),
        "enforceable_on": enforceable_on.isoformat(),
        "court": "Helsingin käräjäoikeus",
        "community_service_bar": "earlier_community_service",
        "promotes_social_coping": True,
        "obligations_orderable": True,
        "can_cope": True,
        "under_21": False,
        "prison_within_lookback": False,
    }


PLAN_ITEMS = {
    "abode": "Own flat, Helsinginkatu 1 A 2, Helsinki",
    "activity": "Warehouse work 40 h a week; bus 30 min each way",
    "monitoring": "RF ankle tag and home unit",
    "abode_timing": "At home at all times outside the schedule",
    "movement": "Only the routes to work and the shop on Saturdays",
    "support": "Meetings with the supervisor every Monday",
    "personal_time": "Saturday 10–12 shopping",
    "other": "None",
}


def plan_content(start: date, end: date, **changes: Any) -> dict[str, Any]:
    weekly = [
        {"weekday": day, "start": "08:00", "end": "16:00", "purpose": "activity"}
        for day in range(5)
    ] + [{"weekday": 5, "start": "10:00", "end": "12:00", "purpose": "personal"}]
    content: dict[str, Any] = {
        "timezone": "Europe/Helsinki",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "items": dict(PLAN_ITEMS),
        "weekly": weekly,
        "one_off": [],
    }
    content.update(changes)
    return content


def square(centre: tuple[float, float], half_m: float) -> dict[str, Any]:
    """A GeoJSON square of side ``2 * half_m`` metres around ``centre``."""
    steps = ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))
    ring = [list(offset(centre, dx * half_m, dy * half_m)) for dx, dy in steps]
    return {"type": "Polygon", "coordinates": [ring]}


def ban_body(decided_at: datetime, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject_name": "Mikko Matkustaja",
        "region": "Etelä-Suomi",
        "birth_date": "1990-05-01",
        "decided_at": decided_at.isoformat(),
        "offence": "Aggravated fraud (RL 36:2)",
        "max_penalty_months": 48,
        "grounds": ["flight_or_evasion"],
        "probable_cause": True,
        "instead_of_arrest_or_remand": True,
        "area": "City of Helsinki",
        "area_geometry": {"geometry": square(HOME, 5000)},
        "forbidden_areas": [
            {
                "name": "Helsinki-Vantaa airport",
                "geometry": {"type": "Point", "coordinates": list(offset(HOME, 3000, 3000))},
                "radius_m": 800,
            }
        ],
        "permitted_exits": ["work in Espoo, Mon–Fri"],
        "obligations": ["locality", "reporting"],
        "obligation_details": "Report to Pasila police station every Monday at 10:00",
        "locality_window": {"start": "22:00", "end": "06:00"},
        "home": {"geometry": {"type": "Point", "coordinates": list(HOME)}, "radius_m": 100},
        "provisional": True,
        "court": "Helsingin käräjäoikeus",
        "heard_in_person_at": decided_at.isoformat(),
        "copy_delivery": "in_person",
        "device_identifier": "ban-gps-1",
        "passport_status": "surrendered",
        "passport_surrendered_on": decided_at.date().isoformat(),
    }
    body.update(changes)
    return body


class Staff:
    """Bearer headers per role, renewed whenever the test's clock has moved (tokens expire on
    Valvo's clock)."""

    def __init__(self, client: TestClient, clock: Callable[[], datetime]) -> None:
        self._client = client
        self._clock = clock
        self._tokens: dict[str, tuple[datetime, dict[str, str]]] = {}

    def __call__(self, username: str) -> dict[str, str]:
        now = self._clock()
        cached = self._tokens.get(username)
        if cached is None or cached[0] != now:
            cached = (now, headers(self._client, username))
            self._tokens[username] = cached
        return cached[1]
