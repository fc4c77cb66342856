"""What alarms are: kinds, severities and statuses declared once (value, labels, colour), the
status machine, and the explanation every alarm carries. The aggregate is in ``aggregate.py``.

Status machine: raised → acknowledged → investigating → resolved; raised → resolved directly
for an alarm closed by Valvo itself (a condition that ended within grace) or by an operator
who needs no investigation; a resolved alarm may be reopened and worked again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from valvo.domain.choices import Choice


class AlarmStatus(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    REOPENED = "reopened"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AlarmKind(StrEnum):
    EXCLUSION_ZONE_ENTERED = "exclusion_zone_entered"
    EXCLUSION_ZONE_CROSSED = "exclusion_zone_crossed"
    INCLUSION_ZONE_LEFT = "inclusion_zone_left"
    LEFT_DURING_PRESENCE = "left_during_presence"
    LATE_ARRIVAL = "late_arrival"
    NOT_BACK_AFTER_ABSENCE = "not_back_after_absence"
    STRAP_TAMPER = "strap_tamper"
    CASE_TAMPER = "case_tamper"
    HOME_UNIT_POWER_LOST = "home_unit_power_lost"
    DEVICE_SILENT = "device_silent"
    LOW_BATTERY = "low_battery"
    CLOCK_DRIFT = "clock_drift"
    GPS_JAMMING = "gps_jamming"
    NO_LOCATION = "no_location"
    ALCOHOL_POSITIVE = "alcohol_positive"
    MISSED_TEST = "missed_test"
    IDENTITY_MISMATCH = "identity_mismatch"
    SOS_PRESSED = "sos_pressed"
    ACTIVITY_ATTENDANCE = "activity_attendance"
    TAG_MISMATCH = "tag_mismatch"
    VICTIM_ZONE_ENTERED = "victim_zone_entered"
    VICTIM_BUFFER_ENTERED = "victim_buffer_entered"
    VICTIM_ZONE_CROSSED = "victim_zone_crossed"
    RF_RANGE_CONFLICT = "rf_range_conflict"
    IDENTITY_CHECK_FAILED = "identity_check_failed"


# kind: (English label, Finnish label, default severity)
_KINDS: Mapping[AlarmKind, tuple[str, str, Severity]] = {
    AlarmKind.EXCLUSION_ZONE_ENTERED: (
        "Entered an exclusion zone",
        "Kieltoalueelle saapuminen",
        Severity.CRITICAL,
    ),
    AlarmKind.EXCLUSION_ZONE_CROSSED: (
        "Path crossed an exclusion zone",
        "Reitti kulki kieltoalueen läpi",
        Severity.HIGH,
    ),
    AlarmKind.INCLUSION_ZONE_LEFT: (
        "Left an inclusion zone",
        "Sallitulta alueelta poistuminen",
        Severity.HIGH,
    ),
    AlarmKind.LEFT_DURING_PRESENCE: (
        "Left home during required presence",
        "Poistui asunnosta läsnäoloaikana",
        Severity.HIGH,
    ),
    AlarmKind.LATE_ARRIVAL: (
        "Late arrival at the start of required presence",
        "Myöhästyi läsnäoloajan alusta",
        Severity.HIGH,
    ),
    AlarmKind.NOT_BACK_AFTER_ABSENCE: (
        "Not back when the authorised absence ended",
        "Ei palannut luvallisen poissaolon päätyttyä",
        Severity.HIGH,
    ),
    AlarmKind.STRAP_TAMPER: (
        "Strap opened or cut",
        "Hihna avattu tai katkaistu",
        Severity.CRITICAL,
    ),
    AlarmKind.CASE_TAMPER: ("Device case opened", "Laitteen kotelo avattu", Severity.HIGH),
    AlarmKind.HOME_UNIT_POWER_LOST: (
        "Home unit lost mains power",
        "Kotiyksikön verkkovirta katkesi",
        Severity.MEDIUM,
    ),
    AlarmKind.DEVICE_SILENT: ("Device silent", "Laite ei raportoi", Severity.MEDIUM),
    AlarmKind.LOW_BATTERY: ("Low battery", "Akku vähissä", Severity.LOW),
    AlarmKind.CLOCK_DRIFT: ("Device clock drifting", "Laitteen kello väärässä", Severity.LOW),
    AlarmKind.GPS_JAMMING: ("Jamming detected", "Häirintä havaittu", Severity.HIGH),
    AlarmKind.NO_LOCATION: (
        "No location from a moving device",
        "Liikkuva laite ei anna sijaintia",
        Severity.HIGH,
    ),
    AlarmKind.ALCOHOL_POSITIVE: (
        "Positive breath-alcohol test",
        "Positiivinen alkometritesti",
        Severity.CRITICAL,
    ),
    AlarmKind.MISSED_TEST: ("Missed substance test", "Päihdetesti jäi tekemättä", Severity.HIGH),
    AlarmKind.IDENTITY_MISMATCH: (
        "Tester photo does not match the person",
        "Testikuva ei vastaa henkilöä",
        Severity.HIGH,
    ),
    # A call for help from the person's tracker: someone must call back at once.
    AlarmKind.SOS_PRESSED: (
        "SOS pressed on the device",
        "Laitteen hätäpainiketta painettu",
        Severity.CRITICAL,
    ),
    # A home unit reported a tag that is not the person's: someone else's tag at the address,
    # or the person's tag swapped (never counted as the person being home).
    AlarmKind.TAG_MISMATCH: (
        "Home unit reported a tag not assigned to the person",
        "Kotiyksikkö ilmoitti henkilölle kuulumattoman nilkkapannan",
        Severity.HIGH,
    ),
    # A victim's protection zones (R139): the exclusion zone around the victim, and the wider
    # warning buffer whose entry is a lower-severity alarm (the person may be passing by).
    AlarmKind.VICTIM_ZONE_ENTERED: (
        "Entered a victim protection zone",
        "Saapui uhrin suojavyöhykkeelle",
        Severity.CRITICAL,
    ),
    AlarmKind.VICTIM_BUFFER_ENTERED: (
        "Entered the warning buffer of a victim protection zone",
        "Saapui uhrin suojavyöhykkeen varoitusalueelle",
        Severity.HIGH,
    ),
    # Two sparse fixes outside a victim's zone whose straight track between them runs through
    # it: inferred, no fix inside, but the person passed the victim minutes ago (critical, as
    # entering it is: the victim is told as for an entry).
    AlarmKind.VICTIM_ZONE_CROSSED: (
        "Path crossed a victim protection zone",
        "Reitti kulki uhrin suojavyöhykkeen läpi",
        Severity.CRITICAL,
    ),
    # The home unit hears the tag while the tracker places the person beyond the unit's range
    # (R34): the tag and the person are apart (a tag taken off and left at home).
    AlarmKind.RF_RANGE_CONFLICT: (
        "Home unit hears the tag while the tracker is beyond its range",
        "Kotiyksikkö kuulee rannekkeen, vaikka paikannin on sen kantaman ulkopuolella",
        Severity.HIGH,
    ),
    # R38 (7.1.3): a person monitored by phone was not identified on a check (someone else
    # answered, the answers were wrong) or did not answer: the phone's place is not theirs.
    AlarmKind.IDENTITY_CHECK_FAILED: (
        "Identity check failed or not answered",
        "Henkilöllisyyden tarkistus epäonnistui tai ei vastattu",
        Severity.HIGH,
    ),
    # A session at an activity-obligation place: a no-show or the partner's statement and the
    # GPS record disagreeing (issue 7; raised by the partners' attendance reconciliation).
    AlarmKind.ACTIVITY_ATTENDANCE: (
        "Activity obligation missed or attendance in conflict with GPS",
        "Toimintavelvoite laiminlyöty tai läsnäolo ristiriidassa sijaintitietojen kanssa",
        Severity.HIGH,
    ),
}


STATUS_CHOICES: Mapping[AlarmStatus, Choice] = {
    AlarmStatus.RAISED: Choice("raised", "Raised", "Uusi", "#dc2626"),
    AlarmStatus.ACKNOWLEDGED: Choice("acknowledged", "Acknowledged", "Kuitattu", "#d97706"),
    AlarmStatus.INVESTIGATING: Choice(
        "investigating", "Under investigation", "Selvityksessä", "#7c3aed"
    ),
    AlarmStatus.RESOLVED: Choice("resolved", "Resolved", "Ratkaistu", "#16a34a"),
    AlarmStatus.REOPENED: Choice("reopened", "Reopened", "Avattu uudelleen", "#db2777"),
}

SEVERITY_CHOICES: Mapping[Severity, Choice] = {
    Severity.LOW: Choice("low", "Low", "Matala", "#6b7280"),
    Severity.MEDIUM: Choice("medium", "Medium", "Keskitaso", "#2563eb"),
    Severity.HIGH: Choice("high", "High", "Korkea", "#d97706"),
    Severity.CRITICAL: Choice("critical", "Critical", "Kriittinen", "#dc2626"),
}

KIND_CHOICES: Mapping[AlarmKind, Choice] = {
    kind: Choice(kind.value, en, fi, SEVERITY_CHOICES[severity].colour)
    for kind, (en, fi, severity) in _KINDS.items()
}

DEFAULT_SEVERITY: Mapping[AlarmKind, Severity] = {
    kind: severity for kind, (_, _, severity) in _KINDS.items()
}

_WORKED = frozenset({AlarmStatus.ACKNOWLEDGED, AlarmStatus.INVESTIGATING, AlarmStatus.RESOLVED})
ALLOWED_TRANSITIONS: Mapping[AlarmStatus, frozenset[AlarmStatus]] = {
    AlarmStatus.RAISED: _WORKED,
    AlarmStatus.ACKNOWLEDGED: frozenset({AlarmStatus.INVESTIGATING, AlarmStatus.RESOLVED}),
    AlarmStatus.INVESTIGATING: frozenset({AlarmStatus.RESOLVED}),
    AlarmStatus.RESOLVED: frozenset({AlarmStatus.REOPENED}),
    AlarmStatus.REOPENED: _WORKED,
}
OPEN_STATUSES = frozenset(s for s in AlarmStatus if s is not AlarmStatus.RESOLVED)


class AlarmTransitionError(ValueError):
    """The requested status change is not allowed from the alarm's current status."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the alarm fired, in words a person understands, and the numbers behind it."""

    text_en: str
    text_fi: str
    rule: str
    ruleset_version: int
    details: Mapping[str, Any] = field(default_factory=dict)
