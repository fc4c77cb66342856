"""R47 device stock: every move of a device through its life (registered, sent, received,
assigned, installed, returned, checked, sent to servicing and back, retired), who made it and
when; append-only. The device's present state is on ``devices`` (``stock_state`` …).
Migration ``0026_stock``."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, String, Table

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime

device_stock_events = Table(
    "device_stock_events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),  # the order of the moves
    Column("device_id", String(36), ForeignKey("devices.id"), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(30), nullable=False),  # domain.stock.StockAction
    Column("from_state", String(20), nullable=True),
    Column("to_state", String(20), nullable=False),
    Column("region", String(60), nullable=True),  # the device's region after the move
    Column("location", String(120), nullable=True),  # the unit, or the vendor in servicing
    Column("subject_id", String(36), nullable=True),  # the person, for assign/install/return
    Column("details", JSON, nullable=False),
)
