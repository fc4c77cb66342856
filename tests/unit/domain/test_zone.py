"""Zones: GeoJSON in lon/lat order, validation, and accuracy-aware placement."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.factories import HOME, circle_zone, offset
from valvo.domain.geo import Placement, Zone, ZoneError, ZoneKind
from valvo.domain.geo.projection import LocalProjection
from valvo.domain.geo.zone import SCALAR_UP_TO, margin_m, signed_distances_many

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[24.93, 60.16], [24.95, 60.16], [24.95, 60.18], [24.93, 60.18], [24.93, 60.16]]
    ],
}


def test_geojson_round_trip_keeps_lon_lat_order() -> None:
    zone = Zone.from_geojson("z", "square", "inclusion", SQUARE)
    out = zone.to_geojson()
    assert out["type"] == "Polygon"
    assert out["coordinates"][0][0] == [24.93, 60.16]  # [longitude, latitude] per RFC 7946


def test_lat_lon_swapped_is_refused_with_a_reason() -> None:
    swapped = {
        "type": "Polygon",
        "coordinates": [[[60.16, 124.93], [60.18, 124.93], [60.18, 124.95], [60.16, 124.93]]],
    }
    with pytest.raises(ZoneError, match=r"\[longitude, latitude\]"):
        Zone.from_geojson("z", "bad", "inclusion", swapped)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "Polygon, MultiPolygon or Point"),
        ({"type": "Point", "coordinates": [24.9, 60.1]}, "radius_m"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "not valid",
        ),
        ({"type": "Polygon", "coordinates": "nonsense"}, "malformed"),
    ],
)
def test_invalid_geometries_are_refused(geometry: dict[str, object], message: str) -> None:
    with pytest.raises(ZoneError, match=message):
        Zone.from_geojson("z", "bad", "exclusion", geometry)


def test_point_with_radius_becomes_a_circle_of_that_radius() -> None:
    zone = circle_zone("c", ZoneKind.INCLUSION, radius_m=200).prepared()
    east_inside = offset(HOME, 190, 0)
    east_outside = offset(HOME, 210, 0)
    assert zone.signed_distance_m(*east_inside) < 0
    assert zone.signed_distance_m(*east_outside) > 0
    assert abs(zone.signed_distance_m(*HOME) + 200) < 2  # 32-gon: within 2 m of the circle


def test_a_fix_near_the_boundary_is_uncertain_when_its_error_circle_crosses_it() -> None:
    zone = circle_zone("home", ZoneKind.INCLUSION, radius_m=100).prepared()
    lon, lat = offset(HOME, 120, 0)  # 20 m outside
    assert zone.place(lon, lat, accuracy_m=30, confidence=0.95) is Placement.UNCERTAIN
    assert zone.place(lon, lat, accuracy_m=5, confidence=0.95) is Placement.OUTSIDE


def test_higher_confidence_needs_a_wider_margin() -> None:
    assert margin_m(10, 0.99) > margin_m(10, 0.95) > margin_m(10, 0.80) > 0
    assert margin_m(None, 0.95) == 0


def test_fix_well_inside_is_inside() -> None:
    zone = circle_zone("home", ZoneKind.INCLUSION, radius_m=100).prepared()
    assert zone.place(*HOME, accuracy_m=20, confidence=0.95) is Placement.INSIDE


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-800, 800), st.floats(-800, 800)), min_size=1, max_size=12))
def test_signed_distances_for_a_batch_equal_one_by_one(offsets: list[tuple[float, float]]) -> None:
    """Few fixes take the per-fix path, many the vectorised one: the same distances either way."""
    zone = Zone.from_geojson(
        "z", "Home", "inclusion", {"type": "Point", "coordinates": [24.94, 60.17]}, radius_m=150
    ).prepared()
    proj = LocalProjection(24.94, 60.17)
    points = [proj.to_degrees(east, north) for east, north in offsets]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    batch = zone.signed_distances_m(lons, lats)
    one_by_one = [zone.signed_distance_m(lon, lat) for lon, lat in points]
    assert batch == pytest.approx(one_by_one, abs=1e-6)
    assert len(lons) <= SCALAR_UP_TO or batch == pytest.approx(
        [zone.signed_distances_m([lon], [lat])[0] for lon, lat in points], abs=1e-6
    )


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.floats(-800, 800), st.floats(-800, 800)), max_size=8),
        min_size=1,
        max_size=5,
    )
)
def test_signed_distances_of_many_zones_at_once_equal_zone_by_zone(
    per_zone: list[list[tuple[float, float]]],
) -> None:
    """One shapely call for many zones, each with its own fixes (an engine batch), gives the
    very numbers each zone gives alone (few in all take the per-fix path, many the arrays)."""
    requests = []
    for k, offsets in enumerate(per_zone):
        centre = offset(HOME, 700 * k, -300 * k)
        zone = circle_zone(f"z{k}", ZoneKind.INCLUSION, centre, radius_m=150 + 50 * k).prepared()
        points = [offset(centre, east, north) for east, north in offsets]
        requests.append((zone, [p[0] for p in points], [p[1] for p in points]))
    together = signed_distances_many(requests)
    assert together == [zone.signed_distances_m(lons, lats) for zone, lons, lats in requests]
    assert together == [
        [zone.signed_distance_m(lon, lat) for lon, lat in zip(lons, lats, strict=True)]
        for zone, lons, lats in requests
    ]
