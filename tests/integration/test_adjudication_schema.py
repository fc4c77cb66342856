"""The 0025_adjudication migration creates exactly what tables_adjudication.py declares (and the
columns it adds to case_visits), on SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table, inspect

from valvo.adapters.db import tables_adjudication
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.migrate import downgrade, upgrade
from valvo.adapters.db.tables import metadata

TABLES = {t.name for t in vars(tables_adjudication).values() if isinstance(t, Table)}
CHECKED = TABLES | {"case_visits"}


def _names(diff: object) -> set[str]:
    """The tables a schema difference names (alembic reports tuples or lists of them)."""
    if isinstance(diff, list):
        return set().union(*(_names(d) for d in diff))
    found: set[str] = set()
    if isinstance(diff, tuple):
        for part in diff:
            if isinstance(part, Table):
                found.add(part.name)
            elif isinstance(part, str):
                found.add(part)
            elif (table := getattr(getattr(part, "table", None), "name", None)) is not None:
                found.add(str(table))
    return found


def test_the_migration_matches_the_declared_tables(database_url: str) -> None:
    assert {"case_breach_adjudications", "officer_fobs"} == TABLES
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        visits = {c["name"] for c in inspect(engine).get_columns("case_visits")}
        assert {"device_id", "fob", "departed_at"} <= visits
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = [d for d in compare_metadata(context, metadata) if _names(d) & CHECKED]
        assert diffs == []
        downgrade(engine, "0022_lawcases")
        assert not TABLES & set(inspect(engine).get_table_names())
        visits = {c["name"] for c in inspect(engine).get_columns("case_visits")}
        assert "fob" not in visits
    finally:
        engine.dispose()
