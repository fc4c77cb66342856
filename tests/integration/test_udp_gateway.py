"""The UDP gateway over real sockets on 127.0.0.1 (Teltonika UDP): one message per datagram,
the ACK datagram only after the append, a resend stored once but acknowledged, and garbage or an
unstorable datagram answered with nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import text

from valvo.bootstrap import Valvo
from valvo.gateway.udp_server import UdpListener
from valvo.protocols.registry import get_protocol
from valvo.sim.teltonika_device import AvlFix, udp_ack, udp_datagram

IMEI = "356307042441013"


class Device(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.answers: asyncio.Queue[bytes] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        self.answers.put_nowait(data)


@asynccontextmanager
async def gateway(
    valvo: Valvo,
) -> AsyncIterator[tuple[UdpListener, asyncio.DatagramTransport, Device]]:
    writer = valvo.log_writer()
    task = asyncio.create_task(writer.run())
    listener = UdpListener(get_protocol("teltonika"), writer, valvo.clock)
    server = await listener.start("127.0.0.1", 0)
    loop = asyncio.get_running_loop()
    device = Device()
    client, _ = await loop.create_datagram_endpoint(
        lambda: device, remote_addr=server.get_extra_info("sockname")
    )
    try:
        yield listener, client, device
    finally:
        client.close()
        server.close()
        await listener.close_in_flight()
        task.cancel()


def datagram(valvo: Valvo, packet_id: int = 1, avl_id: int = 9) -> bytes:
    fix = AvlFix(valvo.clock() - timedelta(minutes=2), 60.17, 24.94)
    return udp_datagram(IMEI, [fix], packet_id, avl_id)


async def no_answer(device: Device, wait: float = 0.5) -> bool:
    try:
        await asyncio.wait_for(device.answers.get(), wait)
    except TimeoutError:
        return True
    return False


async def test_datagram_is_stored_then_acknowledged_and_a_resend_is_stored_once(
    valvo: Valvo,
) -> None:
    async with gateway(valvo) as (listener, client, device):
        for _ in range(2):
            client.sendto(datagram(valvo, 0x0102, 9))
            answer = await asyncio.wait_for(device.answers.get(), 10)
            assert answer == udp_ack(0x0102, 9, 1)
    stored = valvo.observation_log().read_after(0, 10)
    assert stored == []  # the device is not registered: quarantined, so the engine never reads it
    assert listener.stats.stored == 1
    assert listener.stats.resends == 1
    assert listener.stats.quarantined == 1


async def test_garbage_and_storage_failures_get_no_answer(valvo: Valvo) -> None:
    async with gateway(valvo) as (listener, client, device):
        client.sendto(b"\x00\x03abc")
        assert await no_answer(device)
        with valvo.db.begin() as conn:
            conn.execute(text("DROP TABLE observations"))
        client.sendto(datagram(valvo))
        # The write fails when the group commit runs, which a loaded machine may take a while
        # to reach: wait for the failure to be counted, then make sure nothing was answered.
        await counted(listener, "storage_failure")
        assert await no_answer(device)
    assert listener.stats.closes["undecodable"] == 1
    assert listener.stats.closes["storage_failure"] == 1


async def counted(listener: UdpListener, reason: str, within_s: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while not listener.stats.closes[reason]:
        assert loop.time() < deadline, f"no {reason} counted within {within_s:.0f} s"
        await asyncio.sleep(0.05)


async def test_a_flood_over_the_in_flight_cap_is_dropped_and_counted(valvo: Valvo) -> None:
    async with gateway(valvo) as (listener, client, _device):
        listener._max_in_flight = 1
        for i in range(20):
            client.sendto(datagram(valvo, packet_id=i))
        await asyncio.sleep(1.0)
    assert listener.dropped >= 1
    assert listener.stats.stored + listener.dropped == 20


async def test_stopping_ends_the_datagrams_in_flight_unanswered(valvo: Valvo) -> None:
    """A datagram still being stored when the listener stops is ended, not left pending: it is
    not acknowledged, so the device sends it again."""
    writer = valvo.log_writer()  # never run: nothing becomes durable, so the store waits
    listener = UdpListener(get_protocol("teltonika"), writer, valvo.clock)
    server = await listener.start("127.0.0.1", 0)
    device = Device()
    client, _ = await asyncio.get_running_loop().create_datagram_endpoint(
        lambda: device, remote_addr=server.get_extra_info("sockname")
    )
    try:
        client.sendto(datagram(valvo))
        for _ in range(200):
            if listener.in_flight == 1:
                break
            await asyncio.sleep(0.01)
        assert listener.in_flight == 1
        server.close()
        await asyncio.wait_for(listener.close_in_flight(), 5)
        assert listener.in_flight == 0
        assert await no_answer(device)
    finally:
        client.close()
        server.close()
