"""Coordinate conversion with pyproj: ETRS-TM35FIN (EPSG:3067, the Finnish national grid the
police use) to WGS84 (EPSG:4326)."""

from __future__ import annotations

from functools import cache

from pyproj import Transformer


@cache
def _from_etrs() -> Transformer:
    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def etrs_tm35fin_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(easting, northing) metres to (lat, lon) degrees."""
    lon, lat = _from_etrs().transform(easting, northing)
    return float(lat), float(lon)
