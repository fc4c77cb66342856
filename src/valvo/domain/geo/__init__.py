from valvo.domain.geo.zone import Placement, PreparedZone, Zone, ZoneError, ZoneKind

__all__ = ["Placement", "PreparedZone", "Zone", "ZoneError", "ZoneKind"]
