"""A whole Valvo installation for the fault tests: its own database on the private PostgreSQL,
`valvo serve gateway` and `valvo serve engine` as separate processes, (JetStream) a private NATS,
a fleet of Teltonika trackers registered, and the faults to inflict on it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.faults import checks
from tests.faults.servers import (
    ChildProcess,
    PrivatePostgres,
    port_open,
    valvo_process,
)
from tests.support.ports import free_port
from valvo.adapters.db.engine import make_engine
from valvo.bootstrap import build
from valvo.settings import Settings
from valvo.sim.mixed import prepare_mixed_fleet
from valvo.sim.seed import SimPerson

# Where the lead adds "jetstream" (VALVO_LOG_BACKEND=jetstream, a private NATS, NATS restart).
LOG_BACKENDS = ["database", "jetstream"]
PAUSE_S = 1.0  # how long a killed or crashed server stays down before it is started again


@dataclass(frozen=True, slots=True)
class Fault:
    name: str
    inflict: Callable[[], None]  # break it, wait PAUSE_S, start it again (blocking)


class Cluster:
    def __init__(
        self, pg: PrivatePostgres, backend: str, root: Path, nats: ChildProcess | None = None
    ) -> None:
        if backend not in ("database", "jetstream"):
            raise ValueError(f"unknown log backend {backend!r}")
        if backend == "jetstream" and nats is None:
            raise ValueError("the jetstream backend needs a NATS server")
        self.pg = pg
        self.backend = backend
        self.root = root
        self.nats = nats
        self.database = f"valvo_faults_{uuid.uuid4().hex[:10]}"
        self.url = pg.url(self.database)
        self.tcp_port = free_port()
        self.env = {
            "VALVO_CONFIG": str(root / "absent.toml"),  # no valvo.toml from the working dir
            "VALVO_DATABASE_URL": self.url,
            "VALVO_DATA_DIR": str(root / "var"),
            "VALVO_API_PORT": str(free_port()),
            "VALVO_OSMAND_PORT": str(free_port()),
            "VALVO_TCP_PORTS": f'{{"teltonika": {self.tcp_port}}}',
            "VALVO_LOG_LEVEL": "WARNING",
            "VALVO_PARTNERS_RECONCILE_EVERY_S": "0",
        }
        if backend == "jetstream":
            assert nats is not None
            self.env |= {
                "VALVO_LOG_BACKEND": "jetstream",
                "VALVO_NATS_URL": f"nats://127.0.0.1:{nats.port}",
                "VALVO_LOG_PARTITIONS": "4",
            }
        self.nats_url = f"nats://127.0.0.1:{nats.port}" if nats is not None else None
        self.db: Engine = make_engine(self.url)
        self.gateway = valvo_process("gateway", self.env, root, lambda: port_open(self.tcp_port))
        self._engine_started = datetime.now(UTC)
        self.engine = valvo_process(
            "engine",
            self.env,
            root,
            lambda: checks.engine_committed_since(self.db, self._engine_started),
        )
        self.timings: dict[str, float] = {"initdb_s": pg.initdb_s}

    def create(self, people: list[SimPerson]) -> None:
        """The database at the head of the migrations, the administrator, and the fleet."""
        admin = create_engine(self.pg.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.database}"'))
        admin.dispose()
        start = time.monotonic()
        settings = Settings(database_url=self.url, data_dir=self.root / "var", log_level="WARNING")
        valvo = build(settings)
        valvo.prepare_database()
        fleet = prepare_mixed_fleet(valvo, [], {"teltonika": len(people)})
        valvo.db.dispose()
        registered = [p.device for p in fleet.trackers["teltonika"]]
        if registered != [p.device for p in people]:
            raise AssertionError("the fleet registered is not the fleet driven")
        self.timings["migrate_and_seed_s"] = time.monotonic() - start

    def start(self) -> None:
        if self.nats is not None and not self.nats.running():
            self.timings["nats_start_s"] = self.nats.start()
        self.timings["gateway_start_s"] = self.gateway.start()
        self.timings["engine_start_s"] = self._start_engine()

    def _start_engine(self) -> float:
        self._engine_started = datetime.now(UTC)
        return self.engine.start()

    def faults(self) -> list[Fault]:
        """In order: kill -9 the gateway, kill -9 the engine, crash PostgreSQL (immediate
        shutdown), and with JetStream kill -9 NATS; each is started again after PAUSE_S."""
        found = [
            Fault("kill -9 gateway", self._kill_gateway),
            Fault("kill -9 engine", self._kill_engine),
            Fault("restart postgresql (immediate)", self._crash_postgres),
        ]
        if self.nats is not None:
            found.append(Fault("kill -9 nats", self._kill_nats))
        return found

    def _kill_gateway(self) -> None:
        self.gateway.kill()
        time.sleep(PAUSE_S)
        self.gateway.start()

    def _kill_engine(self) -> None:
        self.engine.kill()
        time.sleep(PAUSE_S)
        self._start_engine()

    def _crash_postgres(self) -> None:
        self.pg.crash()
        time.sleep(PAUSE_S)
        self.pg.start()

    def _kill_nats(self) -> None:
        assert self.nats is not None
        self.nats.kill()
        time.sleep(PAUSE_S)
        self.nats.start()

    def ensure_running(self) -> None:
        """Both Valvo processes are still alive (none gave up during a fault)."""
        for process in (self.gateway, self.engine):
            if not process.running():
                raise AssertionError(f"{process.name} exited:\n{process.output()}")

    def close(self) -> None:
        for process in (self.engine, self.gateway):
            process.stop()
        self.db.dispose()

    def logs(self) -> str:
        parts = [f"== {p.name}\n{p.output()}" for p in (self.gateway, self.engine)]
        return "\n".join(parts)
