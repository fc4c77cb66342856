"""The load of a large fleet, for one shard of it (one process): GPS trackers over Teltonika TCP
sessions and RF home units over the Valvo protocol on shared HTTP keep-alive connections.

Schedule (``rate_scale`` divides every period): each tracker takes a fix every 60 s and each
home unit has a heartbeat (``tag_in_range``) every 30-60 s (its own period, drawn once); every
device starts at a random phase within its period, so the load is flat from the first second.
A share of the trackers (``burst_share``) holds its fixes and uploads ``burst_fixes`` of them in
one AVL packet (Teltonika carries up to 255 records per packet).

Sessions: a tracker with something to send waits for one of ``max_connections`` session slots,
connects, logs in with its IMEI, sends its packet, waits for the record-count ACK, sends what
came meanwhile, and disconnects; a share of them (``persistent_share``) stays connected and
logged in between uploads, as many real trackers do. A home unit waits for one of
``http_connections`` keep-alive connections and POSTs one signed message. Nothing is dropped
until acknowledged: a packet or message whose ACK does not come (timeout, closed connection,
503) goes out again, byte for byte, after a back-off and a reconnect, so the gateway recognises
the resend and stores it once; only a message the gateway refuses for good (400, 401, 409) is
given up, and counted as an error.
Every acknowledged observation can be written to an ACK log: device, device time, kind.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import IO
from urllib.parse import urlsplit

from valvo.protocols.valvo.decoder import ack_for, encode_message
from valvo.sim.scale_fleet import gps_identifier, has_rf, rf_identifier, tag_of, unit_key
from valvo.sim.scale_stats import Interval
from valvo.sim.teltonika_device import ACCEPTED, AvlFix, avl_packet, imei_frame, record_count_ack

GPS_PERIOD_S = 60.0
RF_PERIOD_S = (30.0, 60.0)
MAX_RECORDS = 255  # per codec 8 packet
MAX_EVENTS = 64  # per Valvo message
HOME = (24.9384, 60.1699)


@dataclass(frozen=True, slots=True)
class Targets:
    host: str
    teltonika_port: int
    valvo_url: str

    def valvo_address(self) -> tuple[str, int, str]:
        parts = urlsplit(self.valvo_url)
        if parts.scheme != "http" or not parts.hostname or parts.port is None:
            raise ValueError(f"--valvo-url {self.valvo_url!r}: give http://host:port/path")
        return parts.hostname, parts.port, parts.path or "/"


@dataclass(frozen=True, slots=True)
class LoadOptions:
    subjects: int
    rf_share: float = 0.3
    rate_scale: float = 1.0
    burst_share: float = 0.1
    burst_fixes: int = 5
    persistent_share: float = 0.0
    max_connections: int = 2000
    http_connections: int = 64
    ack_timeout_s: float = 10.0
    duration_s: float | None = None
    report_every_s: float = 1.0
    processes: int = 1
    seed: int = 1

    def check(self) -> None:
        """Raise ValueError naming the option when one is out of range."""
        problems = []
        if self.subjects < 1:
            problems.append(f"--subjects must be at least 1 (got {self.subjects})")
        if not 0.0 <= self.rf_share <= 1.0:
            problems.append(f"--rf-share must be between 0 and 1 (got {self.rf_share})")
        if not 0.0 <= self.burst_share <= 1.0:
            problems.append(f"--burst-share must be between 0 and 1 (got {self.burst_share})")
        if not 0.0 <= self.persistent_share <= 1.0:
            problems.append(
                f"--persistent-share must be between 0 and 1 (got {self.persistent_share})"
            )
        if not 1 <= self.burst_fixes <= MAX_RECORDS:
            problems.append(f"--burst-fixes must be 1..{MAX_RECORDS} (got {self.burst_fixes})")
        if not self.rate_scale > 0:
            problems.append(f"--rate-scale must be above 0 (got {self.rate_scale})")
        if self.max_connections < 1 or self.http_connections < 1:
            problems.append("--max-connections and --http-connections must be at least 1")
        if not self.ack_timeout_s > 0 or not self.report_every_s > 0:
            problems.append("--ack-timeout and --report-every must be above 0")
        if self.duration_s is not None and not self.duration_s > 0:
            problems.append(f"--duration must be above 0 (got {self.duration_s})")
        if not 1 <= self.processes <= 64:
            problems.append(f"--processes must be 1..64 (got {self.processes})")
        if self.processes > self.subjects:
            problems.append("--processes cannot exceed --subjects")
        if problems:
            raise ValueError("; ".join(problems))


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Tracker:
    index: int
    identifier: str
    burst: bool
    persistent: bool  # keeps its connection between uploads
    lat: float
    lon: float
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    pending: list[AvlFix] = field(default_factory=list)
    in_flight: tuple[bytes, list[AvlFix]] | None = None  # the packet to resend until ACKed
    busy: bool = False  # queued, in a session or waiting to retry

    def has_work(self, burst_fixes: int) -> bool:
        return self.in_flight is not None or len(self.pending) >= (burst_fixes if self.burst else 1)


@dataclass(slots=True)
class HomeUnit:
    index: int
    identifier: str
    key: bytes
    period_s: float
    sequence: int = 0
    pending: list[dict[str, object]] = field(default_factory=list)
    in_flight: tuple[bytes, int, list[dict[str, object]]] | None = None
    busy: bool = False


class AckLog:
    """One line per acknowledged observation: device, device time (ISO 8601), kind."""

    def __init__(self, out: IO[str] | None) -> None:
        self._out = out

    def write(self, device: str, times: list[datetime], kind: str) -> None:
        if self._out is not None:
            self._out.writelines(f"{device}\t{at.isoformat()}\t{kind}\n" for at in times)


class ShardLoad:
    """Shard ``shard`` of ``shards``: persons i with i % shards == shard."""

    def __init__(
        self,
        options: LoadOptions,
        targets: Targets,
        master: bytes,
        shard: int,
        shards: int,
        acks: AckLog,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.o = options
        self.targets = targets
        self.valvo_host, self.valvo_port, self.valvo_path = targets.valvo_address()
        self.acks = acks
        self.clock = clock
        self.stats = Interval()
        self.rng = random.Random(options.seed * 1000 + shard)
        self.trackers: list[Tracker] = []
        self.units: list[HomeUnit] = []
        rng = self.rng
        for i in range(shard, options.subjects, shards):
            lon = HOME[0] + rng.uniform(-0.2, 0.2)
            lat = HOME[1] + rng.uniform(-0.1, 0.1)
            burst = rng.random() < options.burst_share
            persistent = rng.random() < options.persistent_share
            self.trackers.append(Tracker(i, gps_identifier(i), burst, persistent, lat, lon))
            if has_rf(i, options.rf_share):
                period = rng.uniform(*RF_PERIOD_S) / options.rate_scale
                ident = rf_identifier(i)
                self.units.append(HomeUnit(i, ident, unit_key(master, ident), period))
        self.gps_queue: asyncio.Queue[Tracker] = asyncio.Queue()
        self.rf_queue: asyncio.Queue[HomeUnit] = asyncio.Queue()
        self.in_flight = 0
        self.stopping = False

    @property
    def queued(self) -> int:
        return self.gps_queue.qsize() + self.rf_queue.qsize()

    # --- schedule -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Generate and send until ``stop`` is set, then flush what devices hold and drain."""
        loop = asyncio.get_running_loop()
        workers = [asyncio.create_task(self._gps_worker()) for _ in range(self.o.max_connections)]
        workers += [asyncio.create_task(self._rf_worker()) for _ in range(self.o.http_connections)]
        gps_period = GPS_PERIOD_S / self.o.rate_scale
        start = loop.time()
        heap: list[tuple[float, int, int]] = []  # (due, 0 tracker / 1 unit, position)
        for n, _ in enumerate(self.trackers):
            heap.append((start + self.rng.uniform(0, gps_period), 0, n))
        for n, unit in enumerate(self.units):
            heap.append((start + self.rng.uniform(0, unit.period_s), 1, n))
        heapq.heapify(heap)
        try:
            while not stop.is_set():
                now_loop = loop.time()
                now = self.clock()
                while heap and heap[0][0] <= now_loop:
                    due, kind, n = heapq.heappop(heap)
                    # Stamped with the time it was due, not "now": after a stall (a busy loop)
                    # one device can fall due twice here, and two readings must not share a time.
                    at = now - timedelta(seconds=now_loop - due)
                    if kind == 0:
                        self._fix(self.trackers[n], at)
                        heapq.heappush(heap, (due + gps_period, 0, n))
                    else:
                        unit = self.units[n]
                        self._heartbeat(unit, at)
                        heapq.heappush(heap, (due + unit.period_s, 1, n))
                wait = min(0.05, heap[0][0] - loop.time()) if heap else 0.05
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), max(0.001, wait))
            await self._drain()
        finally:
            self.stopping = True
            for worker in workers:
                worker.cancel()
            await asyncio.wait(workers, timeout=10.0)
            for tracker in self.trackers:
                if tracker.connection is not None:
                    await _close(tracker.connection[1])
                    tracker.connection = None
            self.stats.unsent += sum(
                len(t.pending) + (len(t.in_flight[1]) if t.in_flight else 0) for t in self.trackers
            )
            self.stats.unsent += sum(
                len(u.pending) + (len(u.in_flight[2]) if u.in_flight else 0) for u in self.units
            )

    async def _drain(self) -> None:
        """Upload what burst trackers still hold, then wait (bounded) for every device to be
        acknowledged."""
        self.stopping = True
        for tracker in self.trackers:
            if tracker.pending and not tracker.busy:
                self._enqueue_gps(tracker)
        deadline = time.monotonic() + 3 * self.o.ack_timeout_s + 5
        for _ in itertools.count():  # bounded: a gateway that stays down does not hang the stop
            if not self._busy() or time.monotonic() > deadline:
                return
            await asyncio.sleep(0.1)

    def _busy(self) -> bool:
        return bool(
            self.in_flight or any(t.busy for t in self.trackers) or any(u.busy for u in self.units)
        )

    def _fix(self, tracker: Tracker, now: datetime) -> None:
        lat = tracker.lat + self.rng.gauss(0, 0.0003)
        lon = tracker.lon + self.rng.gauss(0, 0.0006)
        at = now.replace(microsecond=now.microsecond // 1000 * 1000)  # codec 8: milliseconds
        tracker.pending.append(AvlFix(at, lat, lon, speed_kmh=self.rng.randint(0, 40)))
        self.stats.generated["position"] += 1
        if not tracker.busy and tracker.has_work(self.o.burst_fixes):
            self._enqueue_gps(tracker)

    def _heartbeat(self, unit: HomeUnit, now: datetime) -> None:
        at = now.replace(microsecond=now.microsecond // 1000 * 1000)
        unit.pending.append(
            {
                "type": "tag_in_range",
                "time": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "tag": tag_of(unit.index),
                "rssi": self.rng.randint(-90, -50),
            }
        )
        self.stats.generated["presence"] += 1
        if not unit.busy:
            self._enqueue_rf(unit)

    def _enqueue_gps(self, tracker: Tracker) -> None:
        tracker.busy = True
        self.gps_queue.put_nowait(tracker)

    def _enqueue_rf(self, unit: HomeUnit) -> None:
        unit.busy = True
        self.rf_queue.put_nowait(unit)

    def _retry_later(self, requeue: Callable[[], None]) -> None:
        delay = self.rng.uniform(0.5, 1.5) * min(self.o.ack_timeout_s, 2.0)
        asyncio.get_running_loop().call_later(delay, requeue)

    # --- GPS trackers: Teltonika sessions -----------------------------------------------

    async def _gps_worker(self) -> None:
        while True:
            tracker = await self.gps_queue.get()
            self.in_flight += 1
            try:
                ok = await self._session(tracker)
            finally:
                self.in_flight -= 1
            if ok:
                tracker.busy = False
                if tracker.has_work(self.o.burst_fixes) or (self.stopping and tracker.pending):
                    self._enqueue_gps(tracker)
            else:
                self._retry_later(partial(self.gps_queue.put_nowait, tracker))

    async def _session(self, tracker: Tracker) -> bool:
        """Upload what the tracker has; True once everything it sent is acknowledged. A
        persistent tracker keeps its logged-in connection for the next upload."""
        timeout = self.o.ack_timeout_s
        connection, tracker.connection = tracker.connection, None
        ok = False
        try:
            if connection is None:
                connection = await asyncio.wait_for(
                    asyncio.open_connection(self.targets.host, self.targets.teltonika_port),
                    timeout,
                )
                connection[1].write(imei_frame(tracker.identifier))
                if await asyncio.wait_for(connection[0].readexactly(1), timeout) != ACCEPTED:
                    self.stats.errors["login_refused"] += 1
                    return False
            reader, writer = connection
            while tracker.in_flight is not None or tracker.pending:
                if tracker.in_flight is None:
                    fixes = tracker.pending[:MAX_RECORDS]
                    del tracker.pending[:MAX_RECORDS]
                    tracker.in_flight = (avl_packet(fixes), fixes)
                else:
                    self.stats.resends += 1
                packet, fixes = tracker.in_flight
                sent = time.perf_counter()
                writer.write(packet)
                self.stats.sent += 1
                ack = await asyncio.wait_for(reader.readexactly(4), timeout)
                if ack != record_count_ack(len(fixes)):
                    self.stats.errors["wrong_ack"] += 1
                    return False
                self.stats.latencies_ms.append(1000 * (time.perf_counter() - sent))
                tracker.in_flight = None
                self._acked(tracker.identifier, [f.time for f in fixes], "position")
                self.stats.records_per_frame[len(fixes)] += 1
            ok = True
            return True
        except TimeoutError:
            self.stats.errors["gps_timeout"] += 1
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.stats.errors[f"gps_{type(exc).__name__}"] += 1
        finally:
            if ok and tracker.persistent and not self.stopping:
                tracker.connection = connection
            elif connection is not None:
                await _close(connection[1])
        return False

    def _acked(self, device: str, times: list[datetime], kind: str) -> None:
        self.stats.acked += len(times)
        self.stats.acked_frames += 1
        self.stats.acked_by_kind[kind] += len(times)
        self.acks.write(device, times, kind)

    # --- RF home units: Valvo protocol over HTTP keep-alive ------------------------------

    async def _rf_worker(self) -> None:
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                unit = await self.rf_queue.get()
                self.in_flight += 1
                try:
                    connection, outcome = await self._post(unit, connection)
                finally:
                    self.in_flight -= 1
                if outcome == "retry":
                    self._retry_later(partial(self.rf_queue.put_nowait, unit))
                    continue
                unit.busy = False
                if unit.pending:
                    self._enqueue_rf(unit)
        finally:
            if connection is not None:
                connection[1].close()

    def _message(self, unit: HomeUnit) -> tuple[bytes, int, list[dict[str, object]]]:
        if unit.in_flight is None:
            events = unit.pending[:MAX_EVENTS]
            del unit.pending[:MAX_EVENTS]
            # Sequences rise across runs too (the gateway refuses one not above the last).
            sequence = max(unit.sequence + 1, time.time_ns() // 1_000_000)
            unit.sequence = sequence
            body = encode_message(unit.key, unit.identifier, sequence, events)
            unit.in_flight = (body, sequence, events)
        else:
            self.stats.resends += 1
        return unit.in_flight

    async def _post(
        self, unit: HomeUnit, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None
    ) -> tuple[tuple[asyncio.StreamReader, asyncio.StreamWriter] | None, str]:
        """(the connection to keep, "done" or "retry")."""
        body, sequence, events = self._message(unit)
        request = (
            f"POST {self.valvo_path} HTTP/1.1\r\nHost: {self.valvo_host}:{self.valvo_port}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        timeout = self.o.ack_timeout_s
        for attempt in range(2):  # a kept-alive connection the server closed: reconnect once
            reused = connection is not None
            try:
                if connection is None:
                    connection = await asyncio.wait_for(
                        asyncio.open_connection(self.valvo_host, self.valvo_port), timeout
                    )
                reader, writer = connection
                sent = time.perf_counter()
                writer.write(request)
                self.stats.sent += 1
                status, answer, keep = await asyncio.wait_for(_response(reader), timeout)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                if connection is not None:
                    connection[1].close()
                connection = None
                if reused and attempt == 0 and not isinstance(exc, TimeoutError):
                    self.stats.reconnects += 1
                    self.stats.resends += 1
                    continue
                self.stats.errors[f"rf_{type(exc).__name__}"] += 1
                return None, "retry"
            if not keep:
                writer.close()
                connection = None
            if status == 200 and answer == ack_for(unit.key, unit.identifier, sequence):
                self.stats.latencies_ms.append(1000 * (time.perf_counter() - sent))
                unit.in_flight = None
                times = [datetime.fromisoformat(str(e["time"])) for e in events]
                self._acked(unit.identifier, times, "presence")
                return connection, "done"
            if status in (400, 401, 409):  # refused for good: never resend it
                self.stats.errors[f"rf_refused_{status}"] += 1
                unit.in_flight = None
                return connection, "done"
            self.stats.errors[f"rf_status_{status}"] += 1
            return connection, "retry"
        return connection, "retry"  # pragma: no cover - the loop returns


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError, TimeoutError):  # bounded: a peer that reads nothing
        await asyncio.wait_for(writer.wait_closed(), 2.0)


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, keep-alive) of one HTTP/1.1 response with a Content-Length."""
    status_line = await reader.readuntil(b"\r\n")
    parts = status_line.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise OSError(f"not an HTTP response: {status_line[:40]!r}")
    status = int(parts[1])
    length, keep = 0, True
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"connection":
            keep = value.strip().lower() != b"close"
    return status, await reader.readexactly(length), keep
