"""Zones: inclusion (must be inside) and exclusion (must stay out), GeoJSON in and out.

GeoJSON follows RFC 7946: positions are ``[longitude, latitude]``. A zone is a Polygon or
MultiPolygon, or a Point with a radius (a circle, stored as its polygon). Containment is decided
in a local metric projection so that accuracy circles and buffers are in metres.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape

from valvo.domain.geo.projection import LocalProjection

# A device's reported horizontal accuracy is taken as the radius holding 68 % of fixes
# (Android and most GNSS chips). For a 2-D normal error that radius is about 1.51 sigma.
ACCURACY_RADIUS_IN_SIGMA = 1.509
CIRCLE_SEGMENTS = 32


class ZoneKind(StrEnum):
    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"
    # A warning buffer around a victim's exclusion zone (R139): entering it is a lower-severity
    # breach than entering the exclusion zone itself.
    BUFFER = "buffer"


class ZoneError(ValueError):
    """The zone's geometry or definition is invalid; the text says why."""


class Placement(StrEnum):
    """Where a fix is relative to a zone, given its accuracy and the required confidence."""

    INSIDE = "inside"
    OUTSIDE = "outside"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class Zone:
    id: str
    name: str
    kind: ZoneKind
    geometry: Polygon | MultiPolygon  # lon/lat degrees
    # Only active during required presence (home), or always (None means always active).
    active_during_required_presence_only: bool = False
    properties: Mapping[str, Any] = field(default_factory=dict)
    # An activity place's zone: applies only during plan windows carrying this place id.
    place_id: str | None = None
    # The zone's validity (R116): enforced from ``valid_from`` (None: always was) until just
    # before ``valid_to`` (None: no end). A change of a travel ban redraws areas by dates.
    valid_from: datetime | None = None
    valid_to: datetime | None = None

    def valid_at(self, at: datetime) -> bool:
        """Is the zone in force at ``at``? From ``valid_from`` inclusive to ``valid_to``
        exclusive, so one zone can hand over to its redrawn successor at the same instant."""
        if self.valid_from is not None and at < self.valid_from:
            return False
        return self.valid_to is None or at < self.valid_to

    @classmethod
    def from_geojson(
        cls,
        id: str,
        name: str,
        kind: ZoneKind | str,
        geojson: Mapping[str, Any],
        *,
        radius_m: float | None = None,
        active_during_required_presence_only: bool = False,
        place_id: str | None = None,
        valid_from: datetime | None = None,
        valid_to: datetime | None = None,
        properties: Mapping[str, Any] | None = None,
    ) -> Zone:
        geometry = parse_zone_geometry(geojson, radius_m)
        return cls(
            id=id,
            name=name,
            kind=ZoneKind(kind),
            geometry=geometry,
            active_during_required_presence_only=active_during_required_presence_only,
            properties=dict(properties or {}),
            place_id=place_id,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    def to_geojson(self) -> dict[str, Any]:
        return geometry_to_geojson(self.geometry)

    def prepared(self) -> PreparedZone:
        return PreparedZone(self)


def parse_zone_geometry(
    geojson: Mapping[str, Any], radius_m: float | None = None
) -> Polygon | MultiPolygon:
    """Read a GeoJSON geometry (or Feature) into a valid lon/lat polygon, or raise ZoneError."""
    if not isinstance(geojson, Mapping):
        raise ZoneError("geometry must be a GeoJSON object")
    if geojson.get("type") == "Feature":
        geometry = geojson.get("geometry")
        if not isinstance(geometry, Mapping):
            raise ZoneError("GeoJSON Feature has no geometry")
        geojson = geometry
    kind = geojson.get("type")
    if kind not in ("Polygon", "MultiPolygon", "Point"):
        raise ZoneError(f"zone geometry must be Polygon, MultiPolygon or Point, not {kind!r}")
    try:
        geom = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ZoneError(f"malformed {kind} coordinates: {exc}") from exc
    if geom.is_empty:
        raise ZoneError("zone geometry is empty")
    _check_lon_lat(geom)
    if isinstance(geom, Point):
        if radius_m is None or not (0 < radius_m <= 100_000):
            raise ZoneError("a Point zone needs radius_m between 0 and 100000 metres")
        return circle(geom.x, geom.y, radius_m)
    if radius_m is not None:
        raise ZoneError("radius_m applies only to a Point zone")
    if not geom.is_valid:
        raise ZoneError(f"zone polygon is not valid: {shapely.is_valid_reason(geom)}")
    assert isinstance(geom, Polygon | MultiPolygon)
    return geom


def geometry_to_geojson(geometry: Polygon | MultiPolygon) -> dict[str, Any]:
    """RFC 7946 GeoJSON with plain lists (JSON-ready)."""
    result: dict[str, Any] = _lists(mapping(geometry))
    return result


def _lists(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def circle(lon: float, lat: float, radius_m: float) -> Polygon:
    proj = LocalProjection(lon, lat)
    ring = [
        proj.to_degrees(
            radius_m * math.cos(2 * math.pi * i / CIRCLE_SEGMENTS),
            radius_m * math.sin(2 * math.pi * i / CIRCLE_SEGMENTS),
        )
        for i in range(CIRCLE_SEGMENTS)
    ]
    return Polygon(ring)


def grown(geometry: Polygon | MultiPolygon, metres: float) -> Polygon | MultiPolygon:
    """The area within ``metres`` of ``geometry`` (a victim's warning buffer around the
    exclusion zone), computed in a local metric projection and returned in lon/lat degrees."""
    if metres <= 0:
        raise ZoneError("a buffer must be wider than 0 metres")
    centre = geometry.centroid
    proj = LocalProjection(centre.x, centre.y)
    origin, scale = [proj.origin_lon, proj.origin_lat], [proj.kx, proj.ky]
    metric = shapely.transform(geometry, lambda c: (c - origin) * scale)
    wider = metric.buffer(metres, quad_segs=8)
    result = shapely.transform(wider, lambda c: c / scale + origin)
    assert isinstance(result, Polygon | MultiPolygon)
    return result


def _check_lon_lat(geom: Any) -> None:
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ZoneError(
            "coordinates out of range: GeoJSON positions are [longitude, latitude] (RFC 7946)"
        )


def margin_m(accuracy_m: float | None, confidence: float) -> float:
    """How far past a boundary a fix must lie to be on that side with ``confidence``.

    The perpendicular error across a straight boundary is normal with sigma = accuracy / 1.51,
    so the one-sided margin is ``z(confidence) * sigma``. No accuracy reported means no margin.
    """
    if accuracy_m is None or accuracy_m <= 0:
        return 0.0
    return max(0.0, _z(confidence) * accuracy_m / ACCURACY_RADIUS_IN_SIGMA)


@lru_cache(maxsize=64)
def _z(confidence: float) -> float:
    """The standard normal quantile of ``confidence`` (a handful of values, asked per fix)."""
    return NormalDist().inv_cdf(confidence)


def circle_radius_m(accuracy_m: float | None, confidence: float) -> float | None:
    """The radius holding the true position with ``confidence`` (a 2-D normal error:
    ``sigma * sqrt(-2 ln(1 - confidence))``); None when no accuracy is reported."""
    if accuracy_m is None or accuracy_m <= 0:
        return None
    sigma = accuracy_m / ACCURACY_RADIUS_IN_SIGMA
    return sigma * math.sqrt(-2.0 * math.log(1.0 - confidence))


# Up to this many fixes, per-fix shapely calls beat the vectorised path's array set-up
# (measured: about 24 µs a fix one by one, about 100 µs for one fix through the arrays).
SCALAR_UP_TO = 4


def signed_distances_many(
    requests: Sequence[tuple[PreparedZone, Sequence[float], Sequence[float]]],
) -> list[list[float]]:
    """``signed_distances_m`` for many zones at once (each with its own fixes), in one shapely
    call for all of them: an engine batch's every zone and fix (measured 4.9 -> 1.8 µs a zone
    distance against one call per zone). The same numbers as zone by zone."""
    total = sum(len(lons) for _, lons, _ in requests)
    if total <= SCALAR_UP_TO:
        return [zone.signed_distances_m(lons, lats) for zone, lons, lats in requests]
    counts = [len(lons) for _, lons, _ in requests]
    lons_all = np.fromiter((x for _, lons, _ in requests for x in lons), float, total)
    lats_all = np.fromiter((y for _, _, lats in requests for y in lats), float, total)
    zones = [zone for zone, _, _ in requests]
    origin_lon = np.repeat([z._proj.origin_lon for z in zones], counts)
    origin_lat = np.repeat([z._proj.origin_lat for z in zones], counts)
    kx = np.repeat([z._proj.kx for z in zones], counts)
    ky = np.repeat([z._proj.ky for z in zones], counts)
    xs = (lons_all - origin_lon) * kx
    ys = (lats_all - origin_lat) * ky
    boundaries = np.empty(len(zones), dtype=object)
    boundaries[:] = [z._boundary for z in zones]
    metrics = np.empty(len(zones), dtype=object)
    metrics[:] = [z._metric for z in zones]
    distance = shapely.distance(np.repeat(boundaries, counts), shapely.points(xs, ys))
    inside = shapely.contains_xy(np.repeat(metrics, counts), xs, ys)
    flat: list[float] = np.where(inside, -distance, distance).tolist()
    out, at = [], 0
    for count in counts:
        out.append(flat[at : at + count])
        at += count
    return out


class PreparedZone:
    """A zone projected to metres around its centroid, ready for repeated containment tests."""

    __slots__ = ("_boundary", "_metric", "_proj", "zone")

    def __init__(self, zone: Zone) -> None:
        self.zone = zone
        centre = zone.geometry.centroid
        self._proj = LocalProjection(centre.x, centre.y)
        proj = self._proj
        # Vectorised over the coordinate array: (lon, lat) degrees to local (x, y) metres.
        self._metric = shapely.transform(
            zone.geometry,
            lambda coords: (coords - [proj.origin_lon, proj.origin_lat]) * [proj.kx, proj.ky],
        )
        self._boundary = self._metric.boundary
        shapely.prepare(self._metric)

    @property
    def projection(self) -> LocalProjection:
        return self._proj

    @property
    def metric(self) -> Any:
        """The zone's polygon in local metres."""
        return self._metric

    def signed_distances_m(self, lons: Sequence[float], lats: Sequence[float]) -> list[float]:
        """Vectorised ``signed_distance_m`` for many fixes at once (one call per batch); a few
        fixes go one by one, which costs less than building the arrays."""
        if len(lons) <= SCALAR_UP_TO:
            return [self.signed_distance_m(lon, lat) for lon, lat in zip(lons, lats, strict=True)]
        proj = self._proj
        xs = (np.asarray(lons, dtype=float) - proj.origin_lon) * proj.kx
        ys = (np.asarray(lats, dtype=float) - proj.origin_lat) * proj.ky
        distance = shapely.distance(self._boundary, shapely.points(xs, ys))
        inside = shapely.contains_xy(self._metric, xs, ys)
        result: list[float] = np.where(inside, -distance, distance).tolist()
        return result

    def signed_distance_m(self, lon: float, lat: float) -> float:
        """Distance to the boundary in metres: negative inside, positive outside."""
        x, y = self._proj.to_metres(lon, lat)
        point = Point(x, y)
        distance = float(self._boundary.distance(point))
        return -distance if self._metric.contains(point) else distance

    def place_at(
        self, signed_distance: float, accuracy_m: float | None, confidence: float
    ) -> Placement:
        """Placement from an already computed signed distance (see ``signed_distances_m``)."""
        m = margin_m(accuracy_m, confidence)
        if signed_distance < -m or (m == 0.0 and signed_distance <= 0):
            return Placement.INSIDE
        if signed_distance > m:
            return Placement.OUTSIDE
        return Placement.UNCERTAIN

    def place(
        self, lon: float, lat: float, accuracy_m: float | None, confidence: float
    ) -> Placement:
        """Inside or outside only when the error circle says so with ``confidence``."""
        return self.place_at(self.signed_distance_m(lon, lat), accuracy_m, confidence)
