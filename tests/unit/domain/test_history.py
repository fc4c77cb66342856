"""Fix sources and track gaps for history playback (issue 20 item 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.history import FixSource, fix_source, gaps

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "satellites", "accuracy", "source"),
    [
        ("rf_home_unit", None, None, FixSource.RF),
        ("rf_tag", 9, 5.0, FixSource.RF),
        ("gps_tracker", 7, 900.0, FixSource.GPS),  # satellites say GNSS whatever the accuracy
        ("gps_tracker", None, 900.0, FixSource.LBS),
        ("gps_tracker", 0, 300.0, FixSource.LBS),
        (None, None, 8.0, FixSource.GPS),
        (None, None, None, FixSource.GPS),
    ],
)
def test_fix_source(
    kind: str | None, satellites: int | None, accuracy: float | None, source: FixSource
) -> None:
    assert fix_source(kind, satellites, accuracy) is source


def test_gaps_longer_than_the_threshold_only() -> None:
    times = [T0 + timedelta(minutes=m) for m in (0, 5, 15, 16, 60)]
    found = gaps(times, timedelta(minutes=10))
    assert [(g.start, g.end, g.minutes) for g in found] == [(times[3], times[4], 44.0)]
    assert gaps(times[:1], timedelta(minutes=1)) == []
    with pytest.raises(ValueError, match="positive"):
        gaps(times, timedelta(0))
