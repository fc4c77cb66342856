"""Crime-scene matching: was a monitored person within ``radius_m`` of a crime during its window?

Pure: the caller reads the person's fixes (every fix in ``reach_window``, in time order) and
this module decides. A person matches a crime when, within the crime's window widened by the
time tolerance,

* a fix's 95 % accuracy circle comes within the radius (its centre within
  ``radius + circle``), or
* the straight track between two consecutive fixes at most ``MAX_TRACK_GAP`` apart and at most
  ``MAX_TRACK_M`` long, clipped to the window by linear interpolation in time, comes within
  ``radius + the larger circle`` of the place.

Confidence (``Confidence``): *high* when a fix with a reported accuracy lies with its whole
95 % circle inside the radius during the crime's own window; *medium* when a fix's centre lies
inside the radius (in the window or the tolerance); *low* when only an accuracy circle or the
straight track reaches the radius. Fixes whose 95 % circle is wider than ``MAX_CIRCLE_M`` place
no one and are only counted for the gaps. Everything here is a function of its inputs, so a run
repeated over the same rows gives the same matches; ``ALGORITHM_VERSION`` changes whenever a
constant or a rule here does.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np

from valvo.domain.geo.projection import LocalProjection
from valvo.domain.geo.zone import circle_radius_m

ALGORITHM_VERSION = "crime-match/1"
CIRCLE_CONFIDENCE = 0.95
MAX_TRACK_GAP = timedelta(minutes=30)
MAX_TRACK_M = 5_000.0
MAX_CIRCLE_M = 1_000.0
MAX_RADIUS_M = 5_000.0
MAX_TOLERANCE = timedelta(hours=2)
MAX_POSITIONS = 60  # per match: the nearest ones, shown in time order
_CIRCLE_PER_ACCURACY = circle_radius_m(1.0, CIRCLE_CONFIDENCE) or 0.0  # linear in accuracy


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Basis(StrEnum):
    """What placed the person there: a fix's centre, only its accuracy circle, or the track."""

    FIX = "fix"
    CIRCLE = "circle"
    TRACK = "track"


_RANK = {Confidence.HIGH: 3, Confidence.MEDIUM: 2, Confidence.LOW: 1}


@dataclass(frozen=True, slots=True)
class Fix:
    time: datetime
    lat: float
    lon: float
    accuracy_m: float | None
    speed_kmh: float | None


@dataclass(frozen=True, slots=True)
class Site:
    """The crime's place (WGS84) and window."""

    lat: float
    lon: float
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Parameters:
    radius_m: float
    tolerance: timedelta

    def __post_init__(self) -> None:
        if not 0 < self.radius_m <= MAX_RADIUS_M:
            raise ValueError(f"the radius must be over 0 and at most {MAX_RADIUS_M:.0f} m")
        if not timedelta(0) <= self.tolerance <= MAX_TOLERANCE:
            raise ValueError(
                f"the time tolerance must be 0 to {MAX_TOLERANCE.total_seconds() / 60:.0f} minutes"
            )

    def as_dict(self) -> dict[str, object]:
        return {
            "radius_m": self.radius_m,
            "tolerance_s": int(self.tolerance.total_seconds()),
            "algorithm_version": ALGORITHM_VERSION,
            "circle_confidence": CIRCLE_CONFIDENCE,
            "max_track_gap_s": int(MAX_TRACK_GAP.total_seconds()),
            "max_track_m": MAX_TRACK_M,
            "max_circle_m": MAX_CIRCLE_M,
        }


def evidence_window(site: Site, params: Parameters) -> tuple[datetime, datetime]:
    """The time a fix or track must fall in: the crime's window widened by the tolerance."""
    return site.start - params.tolerance, site.end + params.tolerance


def reach_window(site: Site, params: Parameters) -> tuple[datetime, datetime]:
    """The fixes the caller must read: the evidence window widened by the longest track gap,
    so the fixes just before and after it (and the gaps) are known."""
    start, end = evidence_window(site, params)
    return start - MAX_TRACK_GAP, end + MAX_TRACK_GAP


def reach_m(params: Parameters) -> float:
    """How far from the place a fix of a matching person can lie: a track's nearer end is
    within half its length (plus its circle) of the radius."""
    return params.radius_m + MAX_CIRCLE_M + MAX_TRACK_M / 2


@dataclass(frozen=True, slots=True)
class UsedPosition:
    time: datetime
    lat: float
    lon: float
    accuracy_m: float | None
    circle_m: float | None
    speed_kmh: float | None
    distance_m: float

    def as_dict(self, number: int) -> dict[str, object]:
        return {
            "n": number,
            "time": self.time.isoformat(),
            "lat": self.lat,
            "lon": self.lon,
            "accuracy_m": self.accuracy_m,
            "circle_m": None if self.circle_m is None else round(self.circle_m, 1),
            "speed_kmh": self.speed_kmh,
            "distance_m": round(self.distance_m, 1),
        }


@dataclass(frozen=True, slots=True)
class Gap:
    """The fixes around the crime: the last at or before its start, the first at or after its
    end, and the longest time without a fix that overlaps its window."""

    last_before: datetime | None
    first_after: datetime | None
    longest_s: float | None

    def as_dict(self, site: Site) -> dict[str, object]:
        return {
            "last_before": None if self.last_before is None else self.last_before.isoformat(),
            "first_after": None if self.first_after is None else self.first_after.isoformat(),
            "before_s": None
            if self.last_before is None
            else round((site.start - self.last_before).total_seconds()),
            "after_s": None
            if self.first_after is None
            else round((self.first_after - site.end).total_seconds()),
            "longest_s": None if self.longest_s is None else round(self.longest_s),
        }


@dataclass(frozen=True, slots=True)
class Match:
    confidence: Confidence
    basis: Basis
    distance_m: float  # nearest approach of a fix's centre or the track
    positions: tuple[UsedPosition, ...]
    positions_total: int
    gap: Gap

    def as_dict(self, site: Site) -> dict[str, object]:
        return {
            "confidence": self.confidence.value,
            "basis": self.basis.value,
            "distance_m": round(self.distance_m, 1),
            "positions": [p.as_dict(n) for n, p in enumerate(self.positions, start=1)],
            "positions_total": self.positions_total,
            "gap": self.gap.as_dict(site),
        }


def match(site: Site, fixes: Sequence[Fix], params: Parameters) -> Match | None:
    """The person's match to the crime, or None. ``fixes``: every fix of the person in
    ``reach_window``, ordered by time. Vectorised over the fixes (numpy); distances are in a
    local metric projection centred on the crime (under a metre off within 10 km)."""
    n = len(fixes)
    if n == 0:
        return None
    proj = LocalProjection(site.lon, site.lat)
    x = (np.fromiter((f.lon for f in fixes), float, n) - site.lon) * proj.kx
    y = (np.fromiter((f.lat for f in fixes), float, n) - site.lat) * proj.ky
    secs = np.fromiter(((f.time - site.start).total_seconds() for f in fixes), float, n)
    reported = np.fromiter(((f.accuracy_m or 0.0) for f in fixes), float, n)
    has_circle = reported > 0
    circle = np.where(has_circle, reported * _CIRCLE_PER_ACCURACY, 0.0)
    usable = circle <= MAX_CIRCLE_M
    radius = params.radius_m
    tolerance = params.tolerance.total_seconds()
    crime_end = (site.end - site.start).total_seconds()
    low, high = -tolerance, crime_end + tolerance

    dist = np.hypot(x, y)
    fix_hit = usable & (secs >= low) & (secs <= high) & (dist <= radius + circle)
    high_hit = fix_hit & has_circle & (dist + circle <= radius) & (secs >= 0) & (secs <= crime_end)
    centre_hit = fix_hit & (dist <= radius)

    a, b = np.arange(n - 1), np.arange(1, n)
    span = secs[b] - secs[a]
    length = np.hypot(x[b] - x[a], y[b] - y[a])
    track = (
        usable[a]
        & usable[b]
        & (span > 0)
        & (span <= MAX_TRACK_GAP.total_seconds())
        & (secs[b] >= low)
        & (secs[a] <= high)
        & (length <= MAX_TRACK_M)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(span > 0, span, 1.0)
        t0 = (np.maximum(secs[a], low) - secs[a]) / safe
        t1 = (np.minimum(secs[b], high) - secs[a]) / safe
    dx, dy = x[b] - x[a], y[b] - y[a]
    q0x, q0y = x[a] + dx * t0, y[a] + dy * t0
    ex, ey = dx * (t1 - t0), dy * (t1 - t0)
    piece = ex * ex + ey * ey
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.where(
            piece > 0, np.clip(-(q0x * ex + q0y * ey) / np.where(piece > 0, piece, 1.0), 0, 1), 0.0
        )
    track_dist = np.hypot(q0x + u * ex, q0y + u * ey)
    track_hit = track & (track_dist <= radius + np.maximum(circle[a], circle[b]))

    if not fix_hit.any() and not track_hit.any():
        return None
    if high_hit.any():
        best = (Confidence.HIGH, Basis.FIX)
    elif centre_hit.any():
        best = (Confidence.MEDIUM, Basis.FIX)
    elif fix_hit.any():
        best = (Confidence.LOW, Basis.CIRCLE)
    else:
        best = (Confidence.LOW, Basis.TRACK)
    nearest = float(
        min(
            np.min(dist[fix_hit], initial=math.inf), np.min(track_dist[track_hit], initial=math.inf)
        )
    )
    used_at = sorted(
        set(np.flatnonzero(fix_hit).tolist())
        | set(a[track_hit].tolist())
        | set(b[track_hit].tolist())
    )
    used = [
        UsedPosition(
            fixes[i].time,
            fixes[i].lat,
            fixes[i].lon,
            fixes[i].accuracy_m,
            float(circle[i]) if has_circle[i] else None,
            fixes[i].speed_kmh,
            float(dist[i]),
        )
        for i in used_at
    ]
    chosen = sorted(used, key=lambda p: (p.distance_m, p.time))[:MAX_POSITIONS]
    return Match(
        confidence=best[0],
        basis=best[1],
        distance_m=nearest,
        positions=tuple(sorted(chosen, key=lambda p: p.time)),
        positions_total=len(used),
        gap=gap_around(site, fixes),
    )


def gap_around(site: Site, fixes: Sequence[Fix]) -> Gap:
    before = [f.time for f in fixes if f.time <= site.start]
    after = [f.time for f in fixes if f.time >= site.end]
    longest: float | None = None
    for a, b in itertools.pairwise(fixes):
        if b.time >= site.start and a.time <= site.end:
            span = (b.time - a.time).total_seconds()
            longest = span if longest is None else max(longest, span)
    return Gap(max(before, default=None), min(after, default=None), longest)
