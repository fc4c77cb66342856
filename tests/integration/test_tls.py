"""TLS over real sockets: the API, the OsmAnd and Valvo HTTP device endpoints and a TCP device
port configured for TLS serve TLS 1.2+ with the demo's self-signed certificate; a client
that trusts the generated CA connects, one that does not (or that offers only TLS 1.1, or
speaks plain HTTP) is refused; a TCP port not configured for TLS stays plain."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.conftest import FakeClock
from tests.support.ports import free_port
from valvo.adapters.tls import TlsFiles, client_context, ensure_self_signed
from valvo.bootstrap import Valvo, build
from valvo.cli.runtime import Parts, run
from valvo.services import registry
from valvo.settings import Settings
from valvo.sim.teltonika_device import AvlFix, avl_packet, imei_frame

IMEI = "356307042441013"
PLAIN_IMEI = "356307042441021"
WAIT = 10.0


@dataclass(frozen=True)
class Served:
    valvo: Valvo
    files: TlsFiles
    api: int
    osmand: int
    valvo_http: int
    teltonika_tls: int
    gt06_plain: int


@asynccontextmanager
async def served(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Served]:
    # OpenSSL checks a certificate's validity against the wall clock, not Valvo's.
    files = ensure_self_signed(tmp_path / "tls", ["127.0.0.1"], datetime.now(UTC))
    ports = [free_port() for _ in range(5)]
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'valvo.db'}",
        data_dir=tmp_path,
        api_port=ports[0],
        osmand_port=ports[1],
        valvo_http_port=ports[2],
        tcp_ports={"teltonika": ports[3], "gt06": ports[4]},
        tcp_tls=["teltonika"],
        tls_cert_file=files.cert,
        tls_key_file=files.key,
    )
    valvo = build(settings, clock=clock)
    valvo.prepare_database()
    with valvo.uow() as uow:
        for imei in (IMEI, PLAIN_IMEI):
            registry.register_device(
                uow, "t", clock(), identifier=imei, protocol="teltonika", kind="gps_tracker"
            )
        uow.commit()
    ready, stop = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run(valvo, Parts(engine=False), ready=ready, stop=stop))
    await asyncio.wait_for(ready.wait(), 30)
    try:
        yield Served(valvo, files, *ports)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        valvo.db.dispose()


def test_the_self_signed_certificate_is_made_once_and_its_key_is_private(
    tmp_path: Path, clock: FakeClock
) -> None:
    first = ensure_self_signed(tmp_path / "tls", ["127.0.0.1"], clock())
    cert = first.cert.read_bytes()
    assert first.key.stat().st_mode & 0o077 == 0
    clock.advance(days=1)
    again = ensure_self_signed(tmp_path / "tls", ["127.0.0.1"], clock())
    assert again == first
    assert again.cert.read_bytes() == cert  # kept, not remade on every start


async def test_api_and_device_endpoints_speak_tls_to_a_client_trusting_the_ca(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with served(tmp_path, clock) as s:
        trust = client_context(s.files.ca)
        async with httpx.AsyncClient(verify=trust, timeout=WAIT) as client:
            health = await client.get(f"https://127.0.0.1:{s.api}/api/health")
            assert health.status_code == 200
            assert health.headers["Strict-Transport-Security"].startswith("max-age=")
            when = int((clock() - timedelta(minutes=1)).timestamp())
            fix = await client.post(
                f"https://127.0.0.1:{s.osmand}/?id={IMEI}&lat=60.17&lon=24.94&timestamp={when}"
            )
            assert fix.status_code == 200
            valvo_http = await client.get(f"https://127.0.0.1:{s.valvo_http}/valvo/v1/messages")
            assert (valvo_http.status_code, valvo_http.text) == (405, "use POST")
        stored = s.valvo.observation_log().read_after(0, 10)
        assert [(o.device_id, o.lat) for o in stored] == [(IMEI, 60.17)]


async def test_a_tcp_port_configured_for_tls_acknowledges_over_tls_and_others_stay_plain(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with served(tmp_path, clock) as s:
        trust = client_context(s.files.ca)
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", s.teltonika_tls, ssl=trust, server_hostname="127.0.0.1"
        )
        writer.write(imei_frame(IMEI))
        assert await asyncio.wait_for(reader.readexactly(1), WAIT) == b"\x01"
        at = clock() - timedelta(minutes=1)
        writer.write(avl_packet([AvlFix(at, 60.17, 24.94, speed_kmh=5)]))
        assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
        writer.close()
        # The GT06 port is not in tcp_tls: a TLS handshake there gets no TLS answer.
        with pytest.raises((ssl.SSLError, ConnectionError, asyncio.IncompleteReadError)):
            await asyncio.wait_for(
                asyncio.open_connection(
                    "127.0.0.1", s.gt06_plain, ssl=trust, server_hostname="127.0.0.1"
                ),
                3,
            )


async def test_untrusted_old_and_plain_clients_are_refused(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with served(tmp_path, clock) as s:
        url = f"https://127.0.0.1:{s.api}/api/health"
        async with httpx.AsyncClient(timeout=WAIT) as stranger:  # system trust only
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                await stranger.get(url)
        old = client_context(s.files.ca)
        old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        old.maximum_version = ssl.TLSVersion.TLSv1_1
        async with httpx.AsyncClient(verify=old, timeout=WAIT) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get(url)
        for port in (s.api, s.osmand):
            async with httpx.AsyncClient(timeout=WAIT) as plain:
                with pytest.raises(httpx.HTTPError):
                    await plain.get(f"http://127.0.0.1:{port}/api/health")
