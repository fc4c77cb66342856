"""A person's history for playback: where each fix came from (satellites, the mobile network's
cells, or a radio-frequency home unit) and where the track has gaps (no fix for longer than a
threshold), so a map draws a break instead of a straight line across the missing time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Final

from valvo.domain.clock import require_aware
from valvo.domain.registry_choices import DeviceKind


class FixSource(StrEnum):
    GPS = "gps"  # satellites (GNSS)
    LBS = "lbs"  # located from the mobile network's cells: hundreds of metres
    RF = "rf"  # a radio-frequency device at its installed place (home unit, tag)


# A fix with no satellites and an accuracy this coarse or worse was located from the cells
# (a GNSS fix is metres to tens of metres; a cell fix hundreds to thousands).
LBS_ACCURACY_M: Final = 300.0
RF_KINDS: Final = frozenset({DeviceKind.RF_HOME_UNIT.value, DeviceKind.RF_TAG.value})
DEFAULT_GAP: Final = timedelta(minutes=10)
MAX_GAP: Final = timedelta(hours=24)


def fix_source(
    device_kind: str | None, satellites: int | None, accuracy_m: float | None
) -> FixSource:
    """Where a fix came from: the device's kind first (a home unit's fix is its place), then
    the satellites it used, then how coarse it is."""
    if device_kind in RF_KINDS:
        return FixSource.RF
    if satellites is not None and satellites > 0:
        return FixSource.GPS
    if accuracy_m is not None and accuracy_m >= LBS_ACCURACY_M:
        return FixSource.LBS
    return FixSource.GPS


@dataclass(frozen=True, slots=True)
class Gap:
    start: datetime  # the last fix before the gap
    end: datetime  # the first fix after it

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


def gaps(times: Sequence[datetime], threshold: timedelta) -> list[Gap]:
    """The breaks in a track whose fix times (oldest first) are ``times``: every pair of
    consecutive fixes further apart than ``threshold``."""
    if threshold <= timedelta(0):
        raise ValueError("the gap threshold must be positive")
    out: list[Gap] = []
    for before, after in pairwise(times):
        require_aware(before, "fix time")
        if after - before > threshold:
            out.append(Gap(before, after))
    return out
