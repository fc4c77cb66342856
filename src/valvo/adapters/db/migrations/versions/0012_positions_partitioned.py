"""positions partitioned by day on PostgreSQL (RANGE on time, a DEFAULT catch-all), with the
trail index (subject_id, time) and the place-time index (time, lat, lon); SQLite unchanged

The primary key becomes (id, time) because a partitioned table's keys must include the
partition key; ``id`` keeps its sequence. Existing rows move into one partition per day they
cover. Partitions ahead of time are made by ``valvo db partitions`` / ``prepare_database``
(``adapters/db/position_partitions.py``), not here: a migration does not read the clock.

Revision ID: 0012_positions_partitioned
Revises: 0011_cases_changes
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0012_positions_partitioned"
down_revision: str | None = "0011_cases_changes"
branch_labels = None
depends_on = None

# Constants only: no input reaches these statements.
COPY_ROWS = "INSERT INTO positions ({0}) SELECT {0} FROM {1}"
COLUMNS = "id, subject_id, device_id, time, lat, lon, accuracy_m, speed_kmh, seq"


def _day_bounds(day: date) -> str:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return f"FROM ('{start.isoformat()}') TO ('{(start + timedelta(days=1)).isoformat()}')"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in (
        "ALTER TABLE positions RENAME TO positions_unpartitioned",
        "ALTER TABLE positions_unpartitioned RENAME CONSTRAINT pk_positions "
        "TO pk_positions_unpartitioned",
        "ALTER INDEX ix_positions_subject_time RENAME TO ix_positions_unpartitioned_subject_time",
        "CREATE TABLE positions ("
        " id BIGINT NOT NULL DEFAULT nextval('positions_id_seq'::regclass),"
        " subject_id VARCHAR(36) NOT NULL,"
        " device_id VARCHAR(36) NOT NULL,"
        " time TIMESTAMP WITH TIME ZONE NOT NULL,"
        " lat DOUBLE PRECISION NOT NULL,"
        " lon DOUBLE PRECISION NOT NULL,"
        " accuracy_m DOUBLE PRECISION,"
        " speed_kmh DOUBLE PRECISION,"
        " seq BIGINT NOT NULL,"
        " CONSTRAINT pk_positions PRIMARY KEY (id, time)"
        ") PARTITION BY RANGE (time)",
        "ALTER SEQUENCE positions_id_seq OWNED BY positions.id",
        "CREATE INDEX ix_positions_subject_time ON positions (subject_id, time)",
        "CREATE INDEX ix_positions_time_lat_lon ON positions (time, lat, lon)",
        "CREATE TABLE positions_default PARTITION OF positions DEFAULT",
    ):
        bind.execute(sa.text(statement))
    days = bind.execute(
        sa.text(
            "SELECT DISTINCT (time AT TIME ZONE 'UTC')::date "
            "FROM positions_unpartitioned ORDER BY 1"
        )
    ).scalars()
    for day in list(days):
        bind.execute(
            sa.text(
                f"CREATE TABLE positions_p{day:%Y%m%d} PARTITION OF positions "
                f"FOR VALUES {_day_bounds(day)}"
            )
        )
    bind.execute(sa.text(COPY_ROWS.format(COLUMNS, "positions_unpartitioned")))
    bind.execute(sa.text("DROP TABLE positions_unpartitioned"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in (
        "ALTER TABLE positions RENAME TO positions_partitioned",
        "ALTER TABLE positions_partitioned RENAME CONSTRAINT pk_positions "
        "TO pk_positions_partitioned",
        "ALTER INDEX ix_positions_subject_time RENAME TO ix_positions_partitioned_subject_time",
        "CREATE TABLE positions ("
        " id BIGINT NOT NULL DEFAULT nextval('positions_id_seq'::regclass),"
        " subject_id VARCHAR(36) NOT NULL,"
        " device_id VARCHAR(36) NOT NULL,"
        " time TIMESTAMP WITH TIME ZONE NOT NULL,"
        " lat DOUBLE PRECISION NOT NULL,"
        " lon DOUBLE PRECISION NOT NULL,"
        " accuracy_m DOUBLE PRECISION,"
        " speed_kmh DOUBLE PRECISION,"
        " seq BIGINT NOT NULL,"
        " CONSTRAINT pk_positions PRIMARY KEY (id)"
        ")",
        "ALTER SEQUENCE positions_id_seq OWNED BY positions.id",
        COPY_ROWS.format(COLUMNS, "positions_partitioned"),
        "DROP TABLE positions_partitioned",  # and every partition with it
        "CREATE INDEX ix_positions_subject_time ON positions (subject_id, time)",
    ):
        bind.execute(sa.text(statement))
