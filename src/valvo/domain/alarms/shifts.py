"""Shifts of the monitoring centre, for the handover log: day 06–14, evening 14–22, night
22–06 in the centre's local time (DST-safe: the boundaries are wall-clock times, away from the
03:00–04:00 changes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from valvo.domain.clock import require_aware

CENTRE_TIMEZONE = "Europe/Helsinki"
SHIFTS: tuple[tuple[str, int], ...] = (("day", 6), ("evening", 14), ("night", 22))


@dataclass(frozen=True, slots=True)
class Shift:
    name: str
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC

    def previous(self, timezone: str = CENTRE_TIMEZONE) -> Shift:
        return shift_of(self.starts_at - timedelta(seconds=1), timezone)


def shift_of(at: datetime, timezone: str = CENTRE_TIMEZONE) -> Shift:
    """The shift ``at`` falls in."""
    zone = ZoneInfo(timezone)
    local = require_aware(at, "at").astimezone(zone)
    starts = sorted(
        (datetime.combine(local.date() + timedelta(days=offset), time(hour), zone), name)
        for offset in (-1, 0, 1)
        for name, hour in SHIFTS
    )
    index = max(i for i, (start, _) in enumerate(starts) if start <= local)
    start, name = starts[index]
    return Shift(name, start.astimezone(UTC), starts[index + 1][0].astimezone(UTC))
