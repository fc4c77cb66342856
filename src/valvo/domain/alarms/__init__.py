from valvo.domain.alarms.alarm import (
    DEFAULT_SEVERITY,
    KIND_CHOICES,
    SEVERITY_CHOICES,
    STATUS_CHOICES,
    Alarm,
    AlarmKind,
    AlarmStatus,
    AlarmTransitionError,
    Explanation,
    Severity,
)

__all__ = [
    "DEFAULT_SEVERITY",
    "KIND_CHOICES",
    "SEVERITY_CHOICES",
    "STATUS_CHOICES",
    "Alarm",
    "AlarmKind",
    "AlarmStatus",
    "AlarmTransitionError",
    "Explanation",
    "Severity",
]
