"""Reading a person's stored observations back, for replay and evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from valvo.adapters.db.observation_log import observation_from_row
from valvo.adapters.db.tables import observations
from valvo.domain.telemetry import Observation


def observations_of(engine: Engine, devices: Sequence[str], until: datetime) -> list[Observation]:
    """Every stored, evaluated observation of ``devices`` received up to ``until``, in log order."""
    if not devices:
        return []
    query = (
        select(observations)
        .where(
            observations.c.device_identifier.in_(list(devices)),
            observations.c.received_at <= until,
            observations.c.quarantined.is_(False),
        )
        .order_by(observations.c.seq)
    )
    with engine.connect() as conn:
        return [observation_from_row(row) for row in conn.execute(query).mappings()]
