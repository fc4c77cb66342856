"""No personal data in the logs: everything logged (Valvo's events and SQLAlchemy's statements,
with its SQL log turned on) during sign-ins, fix ingest over OsmAnd (including a refused
request quoting its coordinates) and a position read holds none of the person's name, the
coordinates, the device's full IMEI, the password or the token."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from valvo.bootstrap import Valvo
from valvo.gateway.http_server import HttpListener
from valvo.gateway.osmand import OsmAndEndpoint
from valvo.logging import get_logger, redact_personal
from valvo.services import registry
from valvo.web.app import create_app

IMEI = "356307042441013"
NAME = "Aino Virtanen"
LAT, LON = "60.17123", "24.94456"
PASSWORD = "valvo-demo"


def register(valvo: Valvo) -> str:
    now = valvo.clock()
    with valvo.uow() as uow:
        subject = registry.create_subject(uow, "t", now, name=NAME, region="Uusimaa")
        device = registry.register_device(
            uow, "t", now, identifier=IMEI, protocol="osmand", kind="gps_tracker"
        )
        order = registry.create_order(
            uow,
            "t",
            now,
            subject_id=subject["id"],
            type="monitoring_sentence",
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=30),
            timezone="Europe/Helsinki",
        )
        assert order["subject_id"] == subject["id"]
        registry.assign_device(uow, "t", now, device_id=device["id"], subject_id=subject["id"])
        uow.commit()
    return str(subject["id"])


async def osmand(port: int, query: str) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /?{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


async def test_sign_in_ingest_and_position_read_log_no_personal_values(
    valvo: Valvo, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement is logged
    subject_id = register(valvo)
    writer = valvo.log_writer()
    task = asyncio.create_task(writer.run())
    listener = HttpListener(OsmAndEndpoint(writer, valvo.clock))
    server = await listener.start("127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    when = int((clock() - timedelta(minutes=1)).timestamp())
    try:
        ok = await osmand(port, f"id={IMEI}&lat={LAT}&lon={LON}&timestamp={when}")
        assert ok.startswith(b"HTTP/1.1 200")
        refused = await osmand(port, f"id={IMEI}&lat={LAT}&lon=200.12345&timestamp={when}")
        assert refused.startswith(b"HTTP/1.1 400")
    finally:
        server.close()
        await listener.close_connections()
        task.cancel()
    await asyncio.to_thread(valvo.engine_worker().step, clock())

    def api() -> str:
        with TestClient(create_app(valvo)) as client:
            wrong = client.post("/api/auth/token", data={"username": "admin", "password": "x"})
            assert wrong.status_code == 401
            login = client.post("/api/auth/token", data={"username": "admin", "password": PASSWORD})
            token = str(login.json()["access_token"])
            read = client.get(
                f"/api/positions/{subject_id}",
                params={
                    "from": (clock() - timedelta(hours=1)).isoformat(),
                    "to": (clock() + timedelta(hours=1)).isoformat(),
                    "purpose": "log hygiene test",
                },
                headers={"Authorization": f"Bearer {token}"},
            )
            assert read.status_code == 200, read.text
            assert [(p["lat"], p["lon"]) for p in read.json()] == [(float(LAT), float(LON))]
            return token

    token = await asyncio.to_thread(api)
    logged = caplog.text
    assert "osmand request refused" in logged  # the refusal was logged ...
    assert "[number]" in logged  # ... with its coordinates blanked
    assert "SELECT" in logged  # SQL was logged, without its parameters
    for personal in (NAME, "Virtanen", LAT, LON, "200.12345", IMEI, PASSWORD, token):
        assert personal not in logged, f"{personal!r} was logged"


def test_the_processor_redacts_personal_keys_nested_and_keeps_the_imei_tail() -> None:
    event = redact_personal(
        None,
        "info",
        {
            "event": "fix",
            "device": IMEI,
            "subject": {"name": NAME, "phone": "+358401234567", "id": "s-1"},
            "positions": [{"lat": 60.1, "lon": 24.9}],
            "password": PASSWORD,
            "otp": "123456",
            "reason": f"coordinates out of range (lat {LAT}, lon 200.5); device {IMEI}",
            "peer": "127.0.0.1:5055",
        },
    )
    assert event == {
        "event": "fix",
        "device": "…1013",
        "subject": {"name": "[redacted]", "phone": "[redacted]", "id": "s-1"},
        "positions": [{"lat": "[redacted]", "lon": "[redacted]"}],
        "password": "[redacted]",
        "otp": "[redacted]",
        "reason": "coordinates out of range (lat [number], lon 200.5); device …1013",
        "peer": "127.0.0.1:5055",
    }
    get_logger("test").info("fix", device=IMEI)  # a configured logger runs the processor
