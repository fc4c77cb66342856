from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, TimezoneError, local_to_utc, zone
from valvo.domain.schedule.weekly import (
    Absence,
    LocalInterval,
    Purpose,
    Schedule,
    ScheduleError,
    WeeklyWindow,
)

__all__ = [
    "DEFAULT_TIMEZONE",
    "Absence",
    "LocalInterval",
    "Purpose",
    "Schedule",
    "ScheduleError",
    "TimezoneError",
    "WeeklyWindow",
    "local_to_utc",
    "zone",
]
