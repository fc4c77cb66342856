"""A scratch PostgreSQL database for one benchmark run: created, migrated, handed over as a
Valvo with its clock fixed, and dropped afterwards (also on SIGTERM)."""

from __future__ import annotations

import signal
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from valvo.bootstrap import Valvo, build
from valvo.settings import Settings

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def scratch_valvo(pg_admin: str, now: datetime) -> Iterator[Valvo]:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # still drop the database
    admin_url = pg_admin.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"valvo_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"{pg_admin.rsplit('/', 1)[0]}/{name}"
            valvo = build(Settings(database_url=url, data_dir=Path(tmp), log_level="WARNING"))
            valvo.clock = lambda: now
            valvo.prepare_database()
            try:
                yield valvo
            finally:
                valvo.db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
