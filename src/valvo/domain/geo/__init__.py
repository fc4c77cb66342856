from valvo.domain.geo.zone import (
    Placement,
    PreparedZone,
    Zone,
    ZoneError,
    ZoneKind,
    geometry_to_geojson,
    grown,
    parse_zone_geometry,
)

__all__ = [
    "Placement",
    "PreparedZone",
    "Zone",
    "ZoneError",
    "ZoneKind",
    "geometry_to_geojson",
    "grown",
    "parse_zone_geometry",
]
