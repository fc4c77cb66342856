"""The one Alembic chain creates the whole schema on SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.migrate import downgrade, upgrade
from valvo.adapters.db.tables import metadata

REQUIRED = {
    "subjects",
    "orders",
    "devices",
    "device_assignments",
    "zones",
    "schedules",
    "observations",
    "positions",
    "alarms",
    "users",
    "audit_records",
    "subject_states",
    "log_offsets",
    "rule_changes",
}


@pytest.mark.empty_database
def test_upgrade_creates_every_table_and_downgrade_removes_them(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert tables >= REQUIRED
        assert set(metadata.tables) <= tables  # migrations and the table definitions agree
        downgrade(engine, "base")
        assert not (REQUIRED & set(inspect(engine).get_table_names()))
        upgrade(engine)  # and up again
        assert set(inspect(engine).get_table_names()) >= REQUIRED
    finally:
        engine.dispose()
