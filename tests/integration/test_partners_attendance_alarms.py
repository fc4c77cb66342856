"""Attendance tied to monitoring by itself: the runtime's reconciliation round raises an
``activity_attendance`` alarm through the alarm desk's intake for a no-show or a mismatch (in
the outcome's transaction, once), opens a breach on the case when the partner and the GPS agree
on a no-show, and raises nothing for a confirmed attendance the GPS record matches."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.integration.test_api import login
from tests.integration.test_engine import append_fixes
from tests.integration.test_partners_plan import PLACE_EAST_M, put_into_plan
from tests.support.caseload import register_person
from tests.support.factories import fix
from tests.support.partners import make_place, puow
from valvo.bootstrap import Valvo
from valvo.cli.main import app as cli
from valvo.engine.attendance_loop import AttendanceReconciler
from valvo.services.bus.handlers import HANDLERS
from valvo.services.bus.messagebus import MessageBus
from valvo.services.partners import attendance
from valvo.services.registry import new_id
from valvo.web.app import create_app

# The clock starts on Monday 23 November 2026, 12:00 in Helsinki; the session is 11:00-15:00
# local (09:00-13:00 UTC).
MONDAY = date(2026, 11, 23)


class RecordingFeed:
    def __init__(self) -> None:
        self.events: list[Mapping[str, Any]] = []

    def publish(self, event: Mapping[str, Any]) -> None:
        self.events.append(event)


def reconciler_of(valvo: Valvo, feed: RecordingFeed) -> AttendanceReconciler:
    """The runtime's reconciler, its bus publishing to ``feed``."""
    bus = MessageBus(
        {"core": valvo.uow, "partners": valvo.partners_uow},
        lambda event: feed.publish(event.feed_message()),
        HANDLERS,
    )
    return AttendanceReconciler(bus.handle)


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def session(valvo: Valvo, clock: FakeClock, device: str, east_m: float) -> dict[str, Any]:
    """A person put into the place's plan, fixes every 10 minutes at ``east_m`` from home
    through Monday's session, and the clock moved past its end (14:00 UTC)."""
    person = register_person(valvo, device, exclusion=False)
    assignment = put_into_plan(valvo, person, make_place(valvo))
    start = clock.now.replace(hour=9)
    append_fixes(
        valvo,
        *[fix(start + timedelta(minutes=10 * i), east_m=east_m, device=device) for i in range(24)],
    )
    valvo.engine_worker().step(clock.advance(hours=4))
    return assignment


def confirm(valvo: Valvo, clock: FakeClock, assignment: dict[str, Any], statement: str) -> None:
    with puow(valvo) as uow:
        attendance.confirm(
            uow,
            "partner",
            clock.now,
            place_id=assignment["place_id"],
            assignment_id=assignment["id"],
            day=clock.now.date(),
            statement=statement,
        )
        uow.commit()


def attendance_alarms(client: TestClient) -> list[dict[str, Any]]:
    response = client.get("/api/alarms", headers=login(client))
    assert response.status_code == 200, response.text
    return [a for a in response.json() if a["kind"] == "activity_attendance"]


def outcome_of(valvo: Valvo, assignment: dict[str, Any]) -> dict[str, Any]:
    with puow(valvo) as uow:
        (row,) = uow.partners.find(
            attendance.OUTCOMES, assignment_id=assignment["id"], session_date=MONDAY
        )
    return row


def open_case(valvo: Valvo, subject_id: str, order_id: str, clock: FakeClock) -> str:
    """A sentence being served (the case side's own flow is tested there)."""
    case_id = new_id()
    with puow(valvo) as uow:
        uow.cases.insert(
            "cases",
            {
                "id": case_id,
                "type": "monitoring_sentence",
                "subject_id": subject_id,
                "order_id": order_id,
                "status": "enforcing",
                "policy": "2011-act",
                "timezone": "Europe/Helsinki",
                "region": "Etelä-Suomi",
                "updated_at": clock.now,
                "created_at": clock.now,
                "created_by": "test",
            },
        )
        uow.commit()
    return case_id


def test_a_no_show_raises_exactly_one_alarm_on_the_alarm_desk(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    assignment = session(valvo, clock, "att-1", east_m=0)  # at home all along
    feed = RecordingFeed()
    reconciler = reconciler_of(valvo, feed)
    # The partner has 24 hours to answer; after that the GPS verdict alone decides.
    (pending,) = reconciler.tick(clock.now)
    assert (pending["outcome"], pending["alarms_raised"]) == ("pending", [])
    assert attendance_alarms(client) == []
    clock.advance(hours=25)
    (changed,) = reconciler.tick(clock.now)
    assert (changed["outcome"], changed["action"]) == ("no_show", "alarm")
    (alarm,) = attendance_alarms(client)
    assert alarm["subject_id"] == assignment["subject_id"]
    assert alarm["severity"] == "high"
    assert alarm["status"] == "raised"
    details = alarm["explanation"]["details"]
    assert details["place_name"] == "Kierrätyskeskus Ruosilantie"
    assert details["statement"] == "none"
    assert (details["gps_verdict"], details["gps_fixes"], details["gps_inside"]) == (
        "absent",
        24,
        0,
    )
    assert alarm["explanation"]["text_en"].startswith(
        "Kierrätyskeskus Ruosilantie, 2026-11-23 11:00–15:00: Probable no-show"
    )
    assert len(alarm["evidence_seqs"]) > 0
    assert outcome_of(valvo, assignment)["linked_alarm_id"] == alarm["id"]
    kinds = [(e["type"], e.get("id")) for e in feed.events]
    assert ("alarm", alarm["id"]) in kinds
    assert ("attendance_outcome", None) in kinds
    # Re-running (the round, then the API) changes nothing and raises nothing twice.
    clock.advance(minutes=5)
    assert reconciler.tick(clock.now) == []
    reconciled = client.post("/api/partners/attendance/reconcile", headers=login(client))
    assert reconciled.status_code == 200, reconciled.text
    assert reconciled.json() == []
    (again,) = attendance_alarms(client)
    assert again["id"] == alarm["id"]
    assert again["occurrences"] == alarm["occurrences"]


def test_the_reconcile_route_publishes_the_outcome_after_its_commit(
    valvo: Valvo, clock: FakeClock, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The route hands a command to the message bus: the live feed hears the alarm and the
    outcome once, and only when they are already stored (a listener reading at once finds them)."""
    assignment = session(valvo, clock, "att-feed", east_m=0)
    clock.advance(hours=25)
    heard: list[tuple[str, bool]] = []

    def publish(event: Mapping[str, Any]) -> None:
        with puow(valvo) as uow:
            stored = uow.partners.find(attendance.OUTCOMES, assignment_id=assignment["id"])
        heard.append((str(event["type"]), bool(stored)))

    monkeypatch.setattr(valvo.feed, "publish", publish)
    response = client.post("/api/partners/attendance/reconcile", headers=login(client))
    assert response.status_code == 200, response.text
    (changed,) = response.json()
    assert changed["action"] == "alarm"
    assert heard == [("alarm", True), ("attendance_outcome", True)]


def test_a_confirmed_attendance_the_gps_record_matches_raises_nothing(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    assignment = session(valvo, clock, "att-2", east_m=PLACE_EAST_M)  # at the place
    confirm(valvo, clock, assignment, "attended")
    reconciler = reconciler_of(valvo, RecordingFeed())
    (changed,) = reconciler.tick(clock.now)
    assert (changed["outcome"], changed["action"]) == ("consistent", "none")
    assert changed["alarms_raised"] == []
    clock.advance(hours=30)
    assert reconciler.tick(clock.now) == []
    assert attendance_alarms(client) == []
    stored = outcome_of(valvo, assignment)
    assert (stored["linked_alarm_id"], stored["linked_breach_id"]) == (None, None)


def test_a_mismatch_raises_the_alarm_when_the_partner_confirms(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    assignment = session(valvo, clock, "att-3", east_m=0)  # at home, yet "attended"
    admin_headers = login(client)
    contact = client.post(
        f"/api/partners/places/{assignment['place_id']}/contact-user",
        json={"username": "kumppani3", "password": "kumppani-salasana-3"},
        headers=admin_headers,
    )
    assert contact.status_code == 201, contact.text
    partner = login(client, "kumppani3", "kumppani-salasana-3")
    said = client.post(
        f"/api/partner/sessions/{assignment['id']}/{clock.now.date()}",
        json={"statement": "attended"},
        headers=partner,
    )
    assert said.status_code == 200, said.text
    (alarm,) = attendance_alarms(client)
    assert alarm["explanation"]["details"]["outcome"] == "mismatch"
    assert alarm["explanation"]["details"]["statement"] == "attended"
    assert outcome_of(valvo, assignment)["linked_alarm_id"] == alarm["id"]
    reconciler = reconciler_of(valvo, RecordingFeed())
    assert reconciler.tick(clock.advance(hours=1)) == []
    assert [a["id"] for a in attendance_alarms(client)] == [alarm["id"]]


def test_a_no_show_both_sides_agree_on_opens_a_breach_on_the_case_once(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    assignment = session(valvo, clock, "att-4", east_m=0)
    with puow(valvo) as uow:
        subject = uow.registry.get("subjects", assignment["subject_id"])
    assert subject is not None
    case_id = open_case(valvo, subject["id"], assignment["order_id"], clock)
    confirm(valvo, clock, assignment, "absent")
    reconciler = reconciler_of(valvo, RecordingFeed())
    (changed,) = reconciler.tick(clock.now)
    assert (changed["outcome"], changed["action"]) == ("no_show", "breach_record")
    (alarm,) = attendance_alarms(client)
    with puow(valvo) as uow:
        (breach,) = uow.cases.find("case_breaches", case_id=case_id)
    assert (breach["source"], breach["alarm_id"], breach["status"]) == (
        "alarm",
        alarm["id"],
        "open",
    )
    assert "Kierrätyskeskus Ruosilantie" in breach["description"]
    assert changed["linked_breach_id"] == breach["id"]
    assert changed["linked_alarm_id"] == alarm["id"]
    assert reconciler.tick(clock.advance(hours=2)) == []
    with puow(valvo) as uow:
        assert len(uow.cases.find("case_breaches", case_id=case_id)) == 1
    assert len(attendance_alarms(client)) == 1


def test_the_cli_runs_one_round(tmp_path: Path, database_url: str) -> None:
    env = {"VALVO_DATABASE_URL": database_url, "VALVO_DATA_DIR": str(tmp_path)}
    runner = CliRunner()
    done = runner.invoke(cli, ["partners", "reconcile"], env=env)
    assert done.exit_code == 0, done.output
    assert "0 outcome(s) changed, 0 alarm(s) raised" in done.output
    assert runner.invoke(cli, ["partners", "reconcile", "--days", "40"], env=env).exit_code == 2
