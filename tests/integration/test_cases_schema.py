"""The case tables: the 0004_cases migration creates exactly what tables_cases.py declares, on
SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table, inspect

from valvo.adapters.db import tables_cases
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.migrate import downgrade, upgrade
from valvo.adapters.db.tables import metadata

CASE_TABLES = {t.name for t in vars(tables_cases).values() if isinstance(t, Table)}


def test_the_migration_matches_the_declared_tables(database_url: str) -> None:
    assert len(CASE_TABLES) == 17
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= CASE_TABLES
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = [
                diff
                for diff in compare_metadata(context, metadata)
                if _table_of(diff) in CASE_TABLES
            ]
        assert diffs == []
        downgrade(engine, "0001")
        assert not CASE_TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _table_of(diff: object) -> str | None:
    """The table a schema difference is about (alembic reports tuples or lists of them)."""
    if isinstance(diff, list):
        return _table_of(diff[0]) if diff else None
    if isinstance(diff, tuple):
        for part in diff:
            name = part.name if isinstance(part, Table) else None
            table = getattr(getattr(part, "table", None), "name", None)
            if name in CASE_TABLES or table in CASE_TABLES:
                return str(name or table)
            if isinstance(part, str) and part in CASE_TABLES:
                return part
    return None
