from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.alarm import (
    DEFAULT_SEVERITY,
    KIND_CHOICES,
    OPEN_STATUSES,
    SEVERITY_CHOICES,
    STATUS_CHOICES,
    AlarmKind,
    AlarmStatus,
    AlarmTransitionError,
    Explanation,
    Severity,
)
from valvo.domain.alarms.policy import Handling

__all__ = [
    "DEFAULT_SEVERITY",
    "KIND_CHOICES",
    "OPEN_STATUSES",
    "SEVERITY_CHOICES",
    "STATUS_CHOICES",
    "Alarm",
    "AlarmKind",
    "AlarmStatus",
    "AlarmTransitionError",
    "Explanation",
    "Handling",
    "Severity",
]
