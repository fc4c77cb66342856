"""GET /api/desk/health on SQLite and PostgreSQL: the engine's lag behind the database log
(the age of the oldest observation past its committed offset), the newest frame per protocol,
assigned devices silent by model, the desk's pipeline alarm (engine lag, no frames), a regional
user's counts of their own region, and who may read it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, update

from tests.conftest import FakeClock
from tests.integration.test_caseload_board_api import login
from tests.support.caseload import register_person
from valvo.adapters.db import tables as t
from valvo.adapters.db.pipeline_health import pipeline_snapshot
from valvo.bootstrap import Valvo
from valvo.domain.pipeline_health import HealthBounds, assess
from valvo.gateway.ingest import to_frame
from valvo.protocols.base import DecodedRecord
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def send(valvo: Valvo, device: str, protocol: str, minutes_ago: float) -> int:
    """One position frame from ``device`` received ``minutes_ago``; returns its log position."""
    at = valvo.clock() - timedelta(minutes=minutes_ago)
    record = DecodedRecord("position", device, at, lat=60.17, lon=24.94, valid=True)
    frame = to_frame(
        (record,), protocol=protocol, raw=f"{device} {at}".encode(), peer=None, received_at=at
    )
    (outcome,) = valvo.observation_log().append_frames([frame])
    (seq,) = outcome.observation_seqs
    assert seq is not None
    return seq


def commit_engine(valvo: Valvo, position: int) -> None:
    with valvo.db.begin() as conn:
        conn.execute(delete(t.log_offsets).where(t.log_offsets.c.consumer == "engine"))
        conn.execute(insert(t.log_offsets).values(consumer="engine", position=position))


def test_health_reports_lag_last_frames_and_silent_devices(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    register_person(valvo, "TRK-1")
    register_person(valvo, "TRK-2")
    register_person(valvo, "TRK-3", region="Itä-Suomi")
    with valvo.db.begin() as conn:
        conn.execute(
            update(t.devices).values(model="FMC130").where(t.devices.c.identifier != "TRK-3")
        )
    old = send(valvo, "TRK-2", "teltonika", minutes_ago=30)  # silent: trackers report within 10 min
    newest = send(valvo, "TRK-1", "osmand", minutes_ago=2)
    commit_engine(valvo, old - 1)  # the engine has not taken the 30-minute-old frame
    staff = login(client, valvo, "operator")

    body = client.get("/api/desk/health", headers=staff).json()

    assert body["backend"] == "database"
    assert body["log_head"] == newest
    assert body["engine_position"] == old - 1
    assert body["messages_behind"] == 2
    assert body["lag_seconds"] == pytest.approx(30 * 60)
    assert body["behind"] is True
    assert body["reasons"] == ["engine_lag"]
    frames = {f["protocol"]: f["received_at"] for f in body["last_frames"]}
    assert list(frames) == ["osmand", "teltonika"]  # the newest first
    assert body["assigned_devices"] == 3
    assert body["silent_devices"] == 1
    by_model = {
        m["model"]: (m["kind"], m["assigned"], m["silent"]) for m in body["silent_by_model"]
    }
    # TRK-3 was never heard since it was assigned "now": not yet silent.
    assert by_model == {"FMC130": ("gps_tracker", 2, 1), None: ("gps_tracker", 1, 0)}
    clock.advance(minutes=11)  # TRK-3 assigned 11 min ago, never heard: silent now
    body = client.get("/api/desk/health", headers=staff).json()
    assert body["silent_devices"] == 3

    commit_engine(valvo, newest)  # caught up
    body = client.get("/api/desk/health", headers=staff).json()
    assert body["lag_seconds"] == 0
    assert body["messages_behind"] == 0
    # ... but the newest frame is now 13 minutes old: no frames arrive though devices are assigned
    assert body["reasons"] == ["no_frames"]
    send(valvo, "TRK-1", "osmand", minutes_ago=0)
    commit_engine(valvo, newest + 1)
    body = client.get("/api/desk/health", headers=staff).json()
    assert body["behind"] is False
    assert body["reasons"] == []
    assert body["lag_alarm_seconds"] == 120
    assert body["no_frame_alarm_seconds"] == 600


def test_a_regional_user_counts_their_region_s_devices(client: TestClient, valvo: Valvo) -> None:
    register_person(valvo, "TRK-1")
    register_person(valvo, "TRK-3", region="Itä-Suomi")
    east = login(client, valvo, "operator", "Itä-Suomi")
    body = client.get("/api/desk/health", headers=east).json()
    assert body["assigned_devices"] == 1
    assert [m["assigned"] for m in body["silent_by_model"]] == [1]


def test_an_empty_system_is_not_behind(client: TestClient, valvo: Valvo) -> None:
    body = client.get("/api/desk/health", headers=login(client, valvo, "operator")).json()
    assert body["behind"] is False
    assert body["engine_position"] is None
    assert body["last_frames"] == []
    assert body["last_frame_at"] is None
    assert body["lag_seconds"] == 0


def test_health_needs_a_desk_reader(client: TestClient, valvo: Valvo) -> None:
    assert client.get("/api/desk/health").status_code == 401


def test_the_jetstream_log_reports_its_backlog_and_an_unknown_lag(valvo: Valvo) -> None:
    """On JetStream the messages are not in the database: the backlog is counted by the stream
    (passed in here), the lag in time is unknown and raises no lag alarm."""
    now = valvo.clock()
    with valvo.db.connect() as conn:
        asked = pipeline_snapshot(conn, now, None, stream=(40, 7))
        unanswered = pipeline_snapshot(conn, now, None, stream=(0, None))
    assert asked.backend == "jetstream"
    assert (asked.log_head, asked.messages_behind, asked.oldest_pending_at) == (40, 7, None)
    health = assess(asked, now, HealthBounds())
    assert health.lag is None
    assert not health.behind
    assert unanswered.messages_behind is None
