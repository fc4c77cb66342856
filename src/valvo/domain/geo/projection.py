"""A local metric projection: degrees to metres around a reference point.

Zones are city-sized, so an equirectangular projection centred on the zone is accurate to well
under a metre, and cheap enough to run on every fix of a batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True)
class LocalProjection:
    origin_lon: float
    origin_lat: float

    @property
    def kx(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M * math.cos(math.radians(self.origin_lat))

    @property
    def ky(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M

    def to_metres(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.origin_lon) * self.kx, (lat - self.origin_lat) * self.ky)

    def to_degrees(self, x: float, y: float) -> tuple[float, float]:
        return (self.origin_lon + x / self.kx, self.origin_lat + y / self.ky)


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
