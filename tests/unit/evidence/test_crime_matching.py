"""Crime-scene matching, the pure geometry (domain/evidence/matching.py): a walk-by at 50 m
matches and one at 500 m does not, a sparse track crossing the place matches, the 95 % accuracy
circles are counted, the confidence follows the rule, the gap around the crime is reported and
the same fixes always give the same answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.factories import HOME, offset
from valvo.domain.evidence.matching import (
    MAX_TRACK_GAP,
    Basis,
    Confidence,
    Fix,
    Parameters,
    Site,
    match,
)
from valvo.domain.geo.zone import circle_radius_m

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SITE = Site(HOME[1], HOME[0], T0, T0 + timedelta(minutes=30))
PARAMS = Parameters(100.0, timedelta(minutes=10))


def at(minutes: float, east_m: float, north_m: float = 0.0, accuracy: float | None = 5.0) -> Fix:
    lon, lat = offset(HOME, east_m, north_m)
    return Fix(T0 + timedelta(minutes=minutes), lat, lon, accuracy, 4.5)


def walk_by(north_m: float) -> list[Fix]:
    """A walk from 600 m west to 600 m east of the place, a fix every 30 s (about 5 km/h),
    passing ``north_m`` north of it during the crime."""
    return [at(i / 2, -600 + 40 * i, north_m) for i in range(31)]


def test_a_walk_by_at_50_m_matches_and_at_500_m_does_not() -> None:
    near = match(SITE, walk_by(50), PARAMS)
    assert near is not None
    assert near.confidence is Confidence.HIGH
    assert near.basis is Basis.FIX
    assert 49 < near.distance_m < 51
    # The fixes inside the radius, and the ends of the track pieces that pass inside it.
    inside = [p for p in near.positions if p.distance_m <= 100]
    assert len(inside) == 5  # 40 m apart, 50 m north: from 80 m west to 80 m east
    assert len(near.positions) == 7
    assert all(p.distance_m <= 100 + 40 for p in near.positions)
    assert [p.time for p in near.positions] == sorted(p.time for p in near.positions)
    assert match(SITE, walk_by(500), PARAMS) is None


def test_a_sparse_track_crossing_the_place_matches_on_the_straight_line() -> None:
    # Two fixes 10 minutes apart, 1.5 km either side: no fix near, the track goes through.
    fixes = [at(5, -1500, 20), at(15, 1500, 20)]
    found = match(SITE, fixes, PARAMS)
    assert found is not None
    assert found.basis is Basis.TRACK
    assert found.confidence is Confidence.LOW
    assert found.distance_m == pytest.approx(20, abs=1)
    assert [p.time for p in found.positions] == [fixes[0].time, fixes[1].time]
    # The same ends, a track that passes 400 m north: no match.
    assert match(SITE, [at(5, -1500, 400), at(15, 1500, 400)], PARAMS) is None


def test_a_track_with_a_gap_longer_than_the_limit_is_not_a_track() -> None:
    gap = MAX_TRACK_GAP.total_seconds() / 60 + 1
    assert match(SITE, [at(-5, -1500), at(-5 + gap, 1500)], PARAMS) is None


def test_a_track_is_clipped_to_the_window_in_time() -> None:
    # The crossing happens (by linear interpolation) 25 minutes after the crime and tolerance.
    fixes = [at(50, -1500), at(80, 1500)]  # the place is passed at minute 65
    assert match(SITE, fixes, PARAMS) is None
    assert match(SITE, fixes, Parameters(100.0, timedelta(minutes=40))) is not None


def test_accuracy_circles_are_counted() -> None:
    circle = circle_radius_m(30.0, 0.95)
    assert circle is not None
    assert 48 < circle < 49
    # 130 m away: the centre is outside the 100 m radius, the 95 % circle reaches into it.
    found = match(SITE, [at(10, 130, accuracy=30.0)], PARAMS)
    assert found is not None
    assert (found.confidence, found.basis) == (Confidence.LOW, Basis.CIRCLE)
    (used,) = found.positions
    assert used.circle_m == pytest.approx(circle)
    assert used.accuracy_m == 30.0
    assert used.speed_kmh == 4.5
    # The same fix with a 5 m accuracy (circle 8 m) stays out; without one it is exact.
    assert match(SITE, [at(10, 130, accuracy=5.0)], PARAMS) is None
    assert match(SITE, [at(10, 130, accuracy=None)], PARAMS) is None
    # A fix too imprecise to place anyone (95 % circle over 1 km) is not used.
    assert match(SITE, [at(10, 0, accuracy=800.0)], PARAMS) is None


def test_confidence_high_needs_the_whole_circle_inside_during_the_crime() -> None:
    inside = match(SITE, [at(10, 80, accuracy=5.0)], PARAMS)
    assert inside is not None
    assert inside.confidence is Confidence.HIGH
    # Centre inside, circle crossing the edge: medium.
    edge = match(SITE, [at(10, 80, accuracy=30.0)], PARAMS)
    assert edge is not None
    assert edge.confidence is Confidence.MEDIUM
    # No accuracy reported: never high.
    bare = match(SITE, [at(10, 0, accuracy=None)], PARAMS)
    assert bare is not None
    assert bare.confidence is Confidence.MEDIUM
    # Only within the tolerance (5 minutes before the start): medium.
    early = match(SITE, [at(-5, 0)], PARAMS)
    assert early is not None
    assert early.confidence is Confidence.MEDIUM
    # Outside the window and the tolerance: nothing.
    assert match(SITE, [at(-11, 0)], PARAMS) is None
    assert match(SITE, [at(41, 0)], PARAMS) is None


def test_the_gap_around_the_crime_is_reported() -> None:
    fixes = [at(-20, 0), at(-2, 50), at(12, 60), at(33, 2000)]
    found = match(SITE, fixes, PARAMS)
    assert found is not None
    gap = found.gap.as_dict(SITE)
    assert gap["before_s"] == 120
    assert gap["after_s"] == 180
    assert gap["longest_s"] == 21 * 60  # from minute 12 to 33, inside the crime window
    assert gap["last_before"] == fixes[1].time.isoformat()


def test_the_same_fixes_give_the_same_match() -> None:
    fixes = [*walk_by(50), at(16, 90, 10, accuracy=None)]
    fixes.sort(key=lambda f: f.time)
    first = match(SITE, fixes, PARAMS)
    assert first is not None
    assert all(match(SITE, list(fixes), PARAMS) == first for _ in range(3))


@pytest.mark.parametrize(
    ("radius", "tolerance"), [(0, 0), (-1, 0), (5001, 0), (100, -60), (100, 3 * 3600)]
)
def test_parameters_out_of_range_are_refused(radius: float, tolerance: int) -> None:
    with pytest.raises(ValueError, match=r"radius|tolerance"):
        Parameters(radius, timedelta(seconds=tolerance))
