"""Fixtures of the fault tests: one private PostgreSQL cluster per session, a private NATS for
the JetStream backend, and a Valvo installation (gateway and engine processes) per test."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.cluster import LOG_BACKENDS, Cluster
from tests.faults.servers import PrivatePostgres, missing_binaries, nats_server
from valvo.sim.mixed import tracker_people
from valvo.sim.seed import SimPerson

DEVICES = 35  # five of each persona's cycle: intruders and curfew breakers among them


@pytest.fixture(scope="session")
def private_pg() -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of the tests' own, which they may crash (initdb once a session)."""
    missing = missing_binaries("database")
    if missing:
        pytest.fail(f"the fault tests need PostgreSQL's server binaries: missing {missing}")
    pg = PrivatePostgres()
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def workdir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="valvo-faults-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=LOG_BACKENDS)
def log_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
def fleet() -> list[SimPerson]:
    return tracker_people("teltonika", DEVICES)


@pytest.fixture
def cluster(
    private_pg: PrivatePostgres, log_backend: str, workdir: Path, fleet: list[SimPerson]
) -> Iterator[Cluster]:
    """Gateway and engine running as `valvo serve` processes on a fresh database with the
    fleet registered; stopped afterwards (their log tails are printed, shown on failure)."""
    missing = missing_binaries(log_backend)
    if missing:
        pytest.fail(f"the fault tests ({log_backend}) need {missing}")
    nats = nats_server(workdir) if log_backend == "jetstream" else None
    installation = Cluster(private_pg, log_backend, workdir, nats)
    try:
        installation.create(fleet)
        installation.start()
        yield installation
    finally:
        print(installation.logs())
        installation.close()
        if nats is not None:
            nats.stop()
