"""Who was near a place at a time: the positions within ``radius_m`` of a point in a window.

The query takes a bounding box of the circle on ``lat``/``lon`` and the window on ``time``, so
PostgreSQL prunes to the days of the window and reads the place-time index
``ix_positions_time_lat_lon`` (time, lat, lon) of each; the exact great-circle distance then
keeps the fixes inside the circle. The same query runs on SQLite (a scan there).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables import positions
from valvo.domain.geo.projection import EARTH_RADIUS_M, haversine_m

MAX_RADIUS_M = 100_000.0


class NearQueryError(ValueError):
    """A bad argument to ``near``."""


def near_query(
    lat: float, lon: float, radius_m: float, start: datetime, end: datetime
) -> Select[Any]:
    """The bounding-box prefilter (validated arguments); ``near`` adds the exact distance."""
    _check(lat, lon, radius_m, start, end)
    p = positions.c
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    cos_lat = math.cos(math.radians(min(abs(lat) + dlat, 90.0)))
    dlon = 180.0 if cos_lat < 1e-9 else min(180.0, dlat / cos_lat)
    west, east = lon - dlon, lon + dlon
    lon_cond: ColumnElement[bool]
    if dlon >= 180.0:
        lon_cond = p.lon.between(-180.0, 180.0)
    elif west < -180.0:  # the box crosses the antimeridian
        lon_cond = or_(p.lon >= west + 360.0, p.lon <= east)
    elif east > 180.0:
        lon_cond = or_(p.lon >= west, p.lon <= east - 360.0)
    else:
        lon_cond = p.lon.between(west, east)
    return (
        select(p.subject_id, p.device_id, p.time, p.lat, p.lon, p.accuracy_m, p.seq)
        .where(
            and_(
                p.time >= start,
                p.time < end,
                p.lat.between(max(-90.0, lat - dlat), min(90.0, lat + dlat)),
                lon_cond,
            )
        )
        .order_by(p.time, p.subject_id)
    )


def near(
    conn: Connection, lat: float, lon: float, radius_m: float, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Positions within ``radius_m`` metres of (lat, lon) with ``start <= time < end``, by
    time, each with its ``distance_m``."""
    out: list[dict[str, Any]] = []
    for row in conn.execute(near_query(lat, lon, radius_m, start, end)).mappings():
        distance = haversine_m(lon, lat, row["lon"], row["lat"])
        if distance <= radius_m:
            out.append({**row, "distance_m": distance})
    return out


def _check(lat: float, lon: float, radius_m: float, start: datetime, end: datetime) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise NearQueryError(f"no such place: lat {lat}, lon {lon}")
    if not 0.0 < radius_m <= MAX_RADIUS_M:
        raise NearQueryError(f"radius must be over 0 and at most {MAX_RADIUS_M:.0f} m")
    if start.tzinfo is None or end.tzinfo is None:
        raise NearQueryError("start and end must be aware datetimes")
    if not start < end:
        raise NearQueryError("start must be before end")
