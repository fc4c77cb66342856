"""The device-visit feed (issue 15 item 4; R39, R40) on SQLite and PostgreSQL: a home unit's
``officer_arrived`` appended to the observation log becomes, after one round of the feed, a
key-fob visit on the person's sentence, present or absent from what the unit last said of the
person's tag; a second round records nothing new; an event the case work refuses (an unknown
fob) is skipped and the feed's offset moves past it; a departure ends the visit; a checker's
presence check becomes a covert check; and a round that fails half-way leaves neither visits
nor a moved offset, so the next round records each event once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence
from tests.support.cases import Staff, create_staff
from valvo.adapters.db.tables import log_offsets
from valvo.bootstrap import Valvo
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.services import registry
from valvo.services.cases.device_visits import record_device_event
from valvo.services.telemetry import LogEntry
from valvo.web.app import create_app

UNIT = "home-unit-7"
CHECKER = "checker-3"


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def _device(valvo: Valvo, now: datetime, identifier: str, kind: str) -> str:
    with valvo.uow() as uow:
        row = registry.register_device(
            uow, "test", now, identifier=identifier, protocol="valvo", kind=kind,
            model=None, region="Etelä-Suomi",
        )  # fmt: skip
        uow.commit()
    return str(row["id"])


def _send(valvo: Valvo, device: str, when: datetime, kind: ObservationKind, **attrs: Any) -> int:
    """What the gateway stores for a Valvo-protocol event: one observation in the log."""
    observation = Observation(
        device_id=device, kind=kind, device_time=when, received_at=when, attributes=attrs
    )
    (seq,) = valvo.observation_log().append([LogEntry(observation, "valvo", b"raw", None, None)])
    assert seq is not None
    return seq


def _offset(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        query = select(log_offsets.c.position).where(log_offsets.c.consumer == "device_visits")
        return int(conn.execute(query).scalar() or 0)


def _visits(client: TestClient, as_: Staff, case_id: str) -> list[dict[str, Any]]:
    detail = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    return sorted(
        (v for v in detail["visits"] if v["kind"] in ("key_fob", "covert_check")),
        key=lambda v: v["visited_at"],
    )


def test_device_events_in_the_log_become_visits_on_the_case(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)
    subject_id = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    tag = f"tag-{case_id[:8]}"  # the tag open_sentence installed
    officer = ok(
        client.post(
            "/api/supervisors",
            json={"name": "Sanna Valvoja", "kind": "official", "region": "Etelä-Suomi"},
            headers=as_("supervisor"),
        ),
        201,
    )
    at(clock, date(2027, 1, 12), 9)
    ok(
        client.post(
            "/api/officer-fobs",
            json={"fob": "FOB-0007", "supervisor_id": officer["id"]},
            headers=as_("supervisor"),
        ),
        201,
    )
    unit = _device(valvo, clock.now, UNIT, "rf_home_unit")
    with valvo.uow() as uow:
        registry.assign_device(uow, "test", clock.now, device_id=unit, subject_id=subject_id)
        uow.commit()
    collector = valvo.device_visit_collector()
    collector.tick(clock.now)  # the log's earlier history (the installation) holds no visit
    start = _offset(valvo)

    arrived = clock.now - timedelta(minutes=30)
    presence = ObservationKind.PRESENCE
    _send(valvo, UNIT, arrived - timedelta(minutes=10), presence,
          event="tag_in_range", tag=tag, inRange=True, rssi=-60)  # fmt: skip
    lost = _send(valvo, UNIT, arrived - timedelta(minutes=1), ObservationKind.DEVICE_EVENT,
                 event="officer_arrived", fob="FOB-LOST")  # fmt: skip
    last = _send(valvo, UNIT, arrived, ObservationKind.DEVICE_EVENT,
                 event="officer_arrived", fob="FOB-0007")  # fmt: skip

    # One round: the arrival is a key-fob visit by the fob's officer, present (the unit had the
    # tag in range); the unknown fob is skipped and does not hold the feed back.
    done = collector.tick(clock.now)
    assert [(v["kind"], v["present"]) for v in done.recorded] == [("key_fob", True)]
    assert [(seq, "fob_unknown" in why) for seq, why in done.skipped] == [(lost, True)]
    assert done.position == last == _offset(valvo) > start
    (visit,) = _visits(client, as_, case_id)
    assert (visit["visitor_id"], visit["present"], visit["fob"], visit["device_id"]) == (
        officer["id"], True, "FOB-0007", unit
    )  # fmt: skip
    assert visit["departed_at"] is None

    # A second round finds nothing new: no visit twice, the skipped event not retried.
    again = collector.tick(clock.now)
    assert (again.recorded, again.skipped, again.position) == ([], [], last)
    assert len(_visits(client, as_, case_id)) == 1

    # The officer leaves; later the unit has lost the tag when the fob comes back: absent, a
    # breach; the staff's checker does not see the tag at the workplace: a covert check.
    _send(valvo, UNIT, arrived + timedelta(minutes=20), ObservationKind.DEVICE_EVENT,
          event="officer_departed", fob="FOB-0007")  # fmt: skip
    at(clock, date(2027, 1, 13), 12)
    _device(valvo, clock.now, CHECKER, "presence_checker")
    _send(valvo, UNIT, clock.now - timedelta(hours=1), presence,
          event="tag_out_of_range", tag=tag, inRange=False)  # fmt: skip
    _send(valvo, UNIT, clock.now - timedelta(minutes=40), ObservationKind.DEVICE_EVENT,
          event="officer_arrived", fob="FOB-0007")  # fmt: skip
    _send(valvo, CHECKER, clock.now - timedelta(minutes=5), presence,
          event="presence_check", tag=tag, inRange=False, officer="FOB-0007")  # fmt: skip
    done = collector.tick(clock.now)
    assert done.skipped == []
    first, second, covert = _visits(client, as_, case_id)
    assert datetime.fromisoformat(first["departed_at"]) == arrived + timedelta(minutes=20)
    assert (second["kind"], second["present"], second["departed_at"]) == ("key_fob", False, None)
    assert (covert["kind"], covert["present"], covert["visitor_id"]) == (
        "covert_check", False, officer["id"]
    )  # fmt: skip
    detail = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert [b["source"] for b in detail["breaches"]] == ["visit", "visit"]


def test_a_round_that_fails_half_way_leaves_nothing_and_is_done_once_later(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo, monkeypatch: Any
) -> None:
    case_id = open_sentence(client, clock, as_)
    subject_id = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    officer = ok(
        client.post(
            "/api/supervisors",
            json={"name": "Sanna Valvoja", "kind": "official", "region": "Etelä-Suomi"},
            headers=as_("supervisor"),
        ),
        201,
    )
    at(clock, date(2027, 1, 12), 9)
    ok(
        client.post(
            "/api/officer-fobs",
            json={"fob": "FOB-0007", "supervisor_id": officer["id"]},
            headers=as_("supervisor"),
        ),
        201,
    )
    unit = _device(valvo, clock.now, UNIT, "rf_home_unit")
    with valvo.uow() as uow:
        registry.assign_device(uow, "test", clock.now, device_id=unit, subject_id=subject_id)
        uow.commit()
    collector = valvo.device_visit_collector()
    collector.tick(clock.now)
    start = _offset(valvo)
    for minutes in (50, 20):
        _send(valvo, UNIT, clock.now - timedelta(minutes=minutes), ObservationKind.DEVICE_EVENT,
              event="officer_arrived", fob="FOB-0007")  # fmt: skip

    real = record_device_event
    target = "valvo.services.cases.device_feed.record_device_event"
    calls: list[int] = []

    def crash_on_second(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, crash_on_second)
    with pytest.raises(RuntimeError):
        collector.tick(clock.now)
    assert _visits(client, as_, case_id) == []  # the first visit was rolled back with the round
    assert _offset(valvo) == start

    monkeypatch.setattr(target, real)
    done = collector.tick(clock.now)
    assert len(done.recorded) == 2
    assert [v["present"] for v in _visits(client, as_, case_id)] == [None, None]
    assert collector.tick(clock.now).recorded == []
