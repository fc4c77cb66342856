"""What the end-to-end benchmark runs against: private PostgreSQL databases (copies of one
seeded template), a private JetStream stream, and ``valvo serve`` processes started with
environment settings on free ports."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine

from valvo.adapters.bus.jetstream import StreamSettings, connect, ensure_stream
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_log import engine_workers, log_partitions

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NATS_URL = "nats://127.0.0.1:4222"
VALVO = Path(sys.executable).with_name("valvo")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PgDatabases:
    """Databases named ``<tag>_<name>`` on the machine's server, all dropped by :meth:`close`."""

    def __init__(self, server: str = PG_SERVER) -> None:
        self.tag = f"valvo_e2e_{uuid.uuid4().hex[:8]}"
        self._base = server.rsplit("/", 1)[0]
        self._admin = create_engine(server, isolation_level="AUTOCOMMIT")
        self._made: list[str] = []

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of ``template``, one of ours, when given); its URL."""
        full = f"{self.tag}_{name}"
        clause = f' TEMPLATE "{self.tag}_{template}"' if template else ""
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{full}"{clause}'))
        self._made.append(full)
        return self.url(name)

    def url(self, name: str) -> str:
        return f"{self._base}/{self.tag}_{name}"

    def close(self) -> None:
        with self._admin.connect() as conn:
            for name in reversed(self._made):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()


def private_stream(partitions: int) -> StreamSettings:
    tag = uuid.uuid4().hex[:10]
    return StreamSettings(
        url=NATS_URL, stream=f"BENCH_E2E_{tag}", prefix=f"e2e{tag}", partitions=partitions
    )


async def _stream(settings: StreamSettings, delete: bool) -> int:
    nc = await connect(settings.url, "valvo-bench-e2e")
    try:
        js = nc.jetstream()
        if delete:
            with contextlib.suppress(Exception):
                await js.delete_stream(settings.stream)
            return 0
        await ensure_stream(js, settings)
        info = await js.stream_info(settings.stream)
        return int(info.state.messages)
    finally:
        await nc.close()


def make_stream(settings: StreamSettings) -> None:
    asyncio.run(_stream(settings, delete=False))


def stream_messages(settings: StreamSettings) -> int:
    return asyncio.run(_stream(settings, delete=False))


def delete_stream(settings: StreamSettings) -> None:
    asyncio.run(_stream(settings, delete=True))


@dataclass
class Serve:
    """One ``valvo serve PROCESS`` child; its output goes to ``log``."""

    process: str
    popen: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()  # SIGTERM: asyncio.run is cancelled, leases are left
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the child has used so far."""
        _, ticks = cpu_ticks(Path(f"/proc/{self.popen.pid}/stat").read_text())
        return ticks / os.sysconf("SC_CLK_TCK")

    def check(self) -> None:
        if self.popen.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(
                f"valvo serve {self.process} exited ({self.popen.returncode}):\n{tail}"
            )


def postgres_cpu_s() -> float:
    """CPU seconds (user + system) used so far by this machine's PostgreSQL processes (the
    server runs locally; its backends are children of the postmaster, named ``postgres``)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, ticks = cpu_ticks(stat.read_text())
        except (OSError, ValueError):
            continue  # the process ended meanwhile
        if name == "postgres":
            total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def cpu_ticks(stat: str) -> tuple[str, int]:
    """A /proc/PID/stat line: the process's name and its user + system clock ticks."""
    head, tail = stat.rsplit(")", 1)
    fields = tail.split()
    return head.split("(", 1)[1], int(fields[11]) + int(fields[12])


def serve_env(
    database_url: str, data_dir: Path, tcp_port: int, stream: StreamSettings | None, **more: str
) -> dict[str, str]:
    """The settings of a benchmark process: the database log unless ``stream`` is given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VALVO_")}
    env.update(
        VALVO_CONFIG=str(data_dir / "absent.toml"),
        VALVO_DATABASE_URL=database_url,
        VALVO_DATA_DIR=str(data_dir),
        VALVO_LOG_LEVEL="WARNING",
        VALVO_OSMAND_PORT="0",
        VALVO_API_PORT=str(free_port()),
        VALVO_TCP_PORTS=json.dumps({"teltonika": tcp_port}),
        VALVO_PARTNERS_RECONCILE_EVERY_S="0",
        VALVO_ENGINE_ALARM_DESK="false",
        VALVO_LIVE_FEED="nats",
        VALVO_NATS_URL=NATS_URL,
    )
    if stream is not None:
        env.update(
            VALVO_LOG_BACKEND="jetstream",
            VALVO_LOG_STREAM=stream.stream,
            VALVO_LOG_SUBJECT_PREFIX=stream.prefix,
            VALVO_LOG_PARTITIONS=str(stream.partitions),
            VALVO_ENGINE_LEASE_S="4",
        )
    env.update(more)
    return env


def start_serve(process: str, env: dict[str, str], log_dir: Path) -> Serve:
    log = log_dir / f"serve-{process}-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(
            [str(VALVO), "serve", process],
            env=env,
            cwd=log_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Serve(process, popen, log)


@contextlib.contextmanager
def serving(processes: list[tuple[str, dict[str, str]]], log_dir: Path) -> Iterator[list[Serve]]:
    started: list[Serve] = []
    try:
        for process, env in processes:
            started.append(start_serve(process, env, log_dir))
        yield started
    finally:
        for serve in started:
            serve.stop()


def wait_for(
    check: Callable[[], bool], timeout_s: float, what: str, serves: list[Serve], every: float = 0.1
) -> float:
    """Poll until ``check`` holds (failing early if a child exited); the monotonic time it did."""
    deadline = time.monotonic() + timeout_s
    while True:
        if check():
            return time.monotonic()
        for serve in serves:
            serve.check()
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(every)


def port_open(port: int) -> Callable[[], bool]:
    def check() -> bool:
        with socket.socket() as s:
            s.settimeout(0.5)
            return s.connect_ex(("127.0.0.1", port)) == 0

    return check


def count(db: Engine, table: object) -> int:
    with db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)  # type: ignore[arg-type]


def owners(db: Engine) -> dict[str, int]:
    """Engine worker id -> partitions it holds."""
    with db.connect() as conn:
        rows = conn.execute(
            select(log_partitions.c.owner, func.count())
            .where(log_partitions.c.owner.is_not(None))
            .group_by(log_partitions.c.owner)
        ).all()
    return {str(owner): int(n) for owner, n in rows}


def live_workers(db: Engine) -> int:
    return count(db, engine_workers)


def subject_of_device(db: Engine) -> dict[str, str]:
    with db.connect() as conn:
        rows = conn.execute(
            select(t.devices.c.identifier, t.device_assignments.c.subject_id).join(
                t.device_assignments, t.device_assignments.c.device_id == t.devices.c.id
            )
        ).all()
    return {str(d): str(s) for d, s in rows}


def alarm_kinds(db: Engine) -> dict[str, str]:
    with db.connect() as conn:
        return {str(i): str(k) for i, k in conn.execute(select(t.alarms.c.id, t.alarms.c.kind))}
