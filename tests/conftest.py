"""Shared fixtures: real SQLite and PostgreSQL databases, and a Valvo built on either."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.migrate import upgrade
from valvo.adapters.passwords import Argon2Hasher
from valvo.bootstrap import Valvo, build
from valvo.settings import Settings

# Property tests have no wall-clock deadline: a deadline is a timing assertion, and on a loaded
# machine one slow example (847 ms against 200 ms at the autumn-night run) failed a correct law.
hypothesis_settings.register_profile("valvo", deadline=None)
hypothesis_settings.load_profile("valvo")

PG_ADMIN_URL = os.environ.get("VALVO_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The PostgreSQL server the test command made sure is running (psycopg 3 driver)."""
    url = PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # pragma: no cover - the test command starts PostgreSQL
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def pg_database(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"valvo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = pg_server_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_server_url: str) -> Iterator[str]:
    """A PostgreSQL database migrated to the head once per test process; each test's database
    is a copy of it (CREATE DATABASE ... TEMPLATE), which is much faster than migrating."""
    name = f"valvo_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(f"{pg_server_url.rsplit('/', 1)[0]}/{name}")
    upgrade(engine)
    engine.dispose()
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_migrated_database(pg_server_url: str, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database at the head of the migration chain, dropped afterwards."""
    name = f"valvo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    try:
        yield f"{pg_server_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the head once per test process; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "valvo.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each integration test runs on the embedded SQLite default and on PostgreSQL, on a
    database already at the head of the migration chain (``@pytest.mark.empty_database``: on
    an empty one)."""
    empty = request.node.get_closest_marker("empty_database") is not None
    if request.param == "sqlite":
        path = tmp_path / "valvo.db"
        if not empty:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_database" if empty else "pg_migrated_database")
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# argon2id with the smallest parameters: the suite hashes thousands of passwords (production
# parameters are asserted in tests/unit/auth).
TEST_HASHER = Argon2Hasher(time_cost=1, memory_cost_kib=1024)


def make_valvo(database_url: str, tmp_path: Path, clock: FakeClock, **overrides: object) -> Valvo:
    values: dict[str, object] = {
        # The clock stands still in tests: rate limits are off unless a test turns them on.
        "rate_limit_per_minute": 0,
        "rate_limit_user_per_minute": 0,
        "rate_limit_auth_per_minute": 0,
        **overrides,
    }
    settings = Settings(
        database_url=database_url,
        data_dir=tmp_path,
        osmand_port=0,
        api_port=0,
        **values,  # type: ignore[arg-type]
    )
    valvo = build(settings, clock=clock)
    valvo.hasher = TEST_HASHER
    valvo.prepare_database()
    return valvo


@pytest.fixture
def valvo(database_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[Valvo]:
    app = make_valvo(database_url, tmp_path, clock)
    yield app
    app.db.dispose()
