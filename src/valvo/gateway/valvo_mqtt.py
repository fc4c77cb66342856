"""The Valvo protocol over MQTT: devices publish to ``valvo/v1/<device>/up`` (QoS 1); Valvo
answers on ``valvo/v1/<device>/ack`` with the signed ACK once the message is stored, or on
``valvo/v1/<device>/error`` with the reason it was refused.

The broker's PUBACK only means the broker has the message; a device keeps a message until
Valvo's own ACK arrives, so "acknowledged only after stored" holds end to end. Messages of one
device are handled in arrival order (its sequence must rise); devices are handled concurrently
up to a bound. The subscriber reconnects with a back-off when the broker goes away.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiomqtt

from valvo.gateway.valvo_ingest import ValvoIngest, ValvoReply
from valvo.logging import get_logger

log = get_logger(__name__)

UP_TOPIC = "valvo/v1/+/up"
MAX_CONCURRENT = 1000


def ack_topic(device: str) -> str:
    return f"valvo/v1/{device}/ack"


def error_topic(device: str) -> str:
    return f"valvo/v1/{device}/error"


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    host: str
    port: int
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> BrokerAddress:
        parts = urlsplit(url)
        if parts.scheme != "mqtt" or not parts.hostname:
            raise ValueError(f"MQTT URL must look like mqtt://host:1883, not {url!r}")
        return cls(parts.hostname, parts.port or 1883, parts.username, parts.password)


class ValvoMqttSubscriber:
    def __init__(
        self,
        ingest: ValvoIngest,
        broker: BrokerAddress,
        *,
        client_id: str = "valvo-gateway",
        persistent: bool = True,
    ) -> None:
        self._ingest = ingest
        self._broker = broker
        self._client_id = client_id
        self._persistent = persistent
        self._chains: dict[str, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(MAX_CONCURRENT)
        self.subscribed = asyncio.Event()

    async def run(self, retry_s: float = 2.0) -> None:
        while True:
            try:
                await self._session()
            except aiomqtt.MqttError as exc:
                self.subscribed.clear()
                log.warning("mqtt broker unavailable", error=str(exc), retry_s=retry_s)
                await asyncio.sleep(retry_s)

    async def _session(self) -> None:
        b = self._broker
        async with aiomqtt.Client(
            b.host,
            b.port,
            username=b.username,
            password=b.password,
            identifier=self._client_id,
            # A persistent session keeps QoS 1 messages at the broker while Valvo is down.
            clean_session=not self._persistent,
        ) as client:
            await client.subscribe(UP_TOPIC, qos=1)
            self.subscribed.set()
            log.info("mqtt subscribed", topic=UP_TOPIC, broker=f"{b.host}:{b.port}")
            async for message in client.messages:
                payload = message.payload
                if not isinstance(payload, bytes | bytearray):
                    continue
                await self._slots.acquire()
                self._enqueue(str(message.topic), bytes(payload), client)

    def _enqueue(self, topic: str, payload: bytes, client: aiomqtt.Client) -> None:
        """Chain the message after the previous one of the same topic (device)."""
        previous = self._chains.get(topic)
        task = asyncio.create_task(self._after(previous, self._handle(topic, payload, client)))
        self._chains[topic] = task
        task.add_done_callback(lambda t: self._done(topic, t))

    def _done(self, topic: str, task: asyncio.Task[None]) -> None:
        self._slots.release()
        if self._chains.get(topic) is task:
            del self._chains[topic]

    @staticmethod
    async def _after(previous: asyncio.Task[None] | None, work: Awaitable[None]) -> None:
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        await work

    async def _handle(self, topic: str, payload: bytes, client: aiomqtt.Client) -> None:
        parts = topic.split("/")
        topic_device = parts[2] if len(parts) == 4 else ""
        try:
            reply = await self._ingest.handle(payload, f"mqtt:{topic}")
        except Exception:  # a bug must drop one message (the device resends), not the subscriber
            log.exception("valvo mqtt message failed", topic=topic)
            return
        if reply.device is not None and reply.device != topic_device and reply.acknowledged:
            # Stored and signed, yet published on another device's topic: answer on its own.
            log.warning("valvo message on a foreign topic", topic=topic, device=reply.device)
        await _answer(client.publish, topic_device, reply)


async def _answer(
    publish: Callable[..., Awaitable[None]], topic_device: str, reply: ValvoReply
) -> None:
    device = reply.device or topic_device
    if not device:
        return
    topic = ack_topic(device) if reply.acknowledged else error_topic(device)
    try:
        await publish(topic, reply.body, qos=1)
    except aiomqtt.MqttError as exc:
        # The device did not get its ACK and will resend; the resend is recognised.
        log.warning("mqtt answer not published", device=device, error=str(exc))
