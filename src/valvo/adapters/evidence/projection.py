"""WGS84 to ETRS-TM35FIN (EPSG:3067), the Finnish map grid, with pyproj."""

from __future__ import annotations

from functools import lru_cache

from pyproj import Transformer


@lru_cache(maxsize=1)
def _to_tm35fin() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)


def tm35fin(lat: float, lon: float) -> tuple[float, float]:
    """(easting, northing) in metres."""
    east, north = _to_tm35fin().transform(lon, lat)
    return float(east), float(north)
