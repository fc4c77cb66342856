"""The retention policy as data: one versioned object holding every retention period.

R128 requires processing to follow Act 422/2002 (on processing personal data in the enforcement
of sentences), including its chapter 5 on data security and retention. The text of that chapter
is not in ../shared/sources, so **no figure below is taken from the law**: each is a practice
choice, marked with its reason, to be checked against 422/2002 ch. 5 (and, for travel bans, the
police's own data rules) before production. A later decision is a new policy version, not a
code change.

Periods count from the end of the order (``orders.ends_at``); an order still running, or one
without an end, keeps everything. Quarantined frames (devices no one is registered for) count
from their receipt. Audit records are never pruned (see ``AUDIT``), and the anonymised
statistics written before a deletion are kept indefinitely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType


class RetentionError(ValueError):
    """A policy that contradicts itself, or a name that is not a policy."""


class Category(StrEnum):
    """What retention deletes, in the order a run deletes it (derived data first)."""

    POSITIONS = "positions"
    OBSERVATIONS = "observations"
    RAW_FRAMES = "raw_frames"
    ALARMS = "alarms"
    CASE_RECORDS = "case_records"


class CrimeCategory(StrEnum):
    """Crime matching's data (issue 16), counted from its own date, not from an order's end:
    the police's batches of crimes (with every crime version) from their submission, and the
    matching runs (with their matches) from the run."""

    CRIME_BATCHES = "crime_batches"
    MATCHING_RUNS = "matching_runs"


@dataclass(frozen=True, slots=True)
class Period:
    days: int
    reason: str  # the source, or why it is a practice choice

    @property
    def delta(self) -> timedelta:
        return timedelta(days=self.days)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    name: str
    title: str
    # order type -> category -> how long after the order ends
    by_order_type: Mapping[str, Mapping[Category, Period]]
    quarantined_frames: Period  # frames and observations of unregistered devices, from receipt
    audit: str  # why audit records are never pruned
    # Crime matching's data; a category without a period is kept (like an unknown order type).
    crime_data: Mapping[CrimeCategory, Period] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if any(p.days < 0 for p in self.crime_data.values()):
            raise RetentionError(f"{self.name}: a crime-data period is negative")
        for order_type, periods in self.by_order_type.items():
            missing = set(Category) - set(periods)
            if missing:
                raise RetentionError(
                    f"{self.name}: {order_type} has no period for {', '.join(sorted(missing))}"
                )
            days = {c: p.days for c, p in periods.items()}
            if min(days.values()) < 0:
                raise RetentionError(f"{self.name}: {order_type}: a period is negative")
            # Evidence outlives what is derived from it: a position is never kept without the
            # frame and observation it came from; an alarm never outlives its case record.
            if not days[Category.POSITIONS] <= days[Category.OBSERVATIONS]:
                raise RetentionError(f"{self.name}: {order_type}: observations before positions")
            if not days[Category.POSITIONS] <= days[Category.RAW_FRAMES]:
                raise RetentionError(f"{self.name}: {order_type}: raw frames before positions")
            if not days[Category.ALARMS] <= days[Category.CASE_RECORDS]:
                raise RetentionError(f"{self.name}: {order_type}: case records before alarms")

    def period(self, order_type: str, category: Category) -> Period | None:
        """None for an order type the policy does not know: its data is kept (and reported)."""
        periods = self.by_order_type.get(order_type)
        return None if periods is None else periods[category]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "after_order_end": {
                t: {c.value: {"days": p.days, "reason": p.reason} for c, p in ps.items()}
                for t, ps in self.by_order_type.items()
            },
            "quarantined_frames": {
                "days": self.quarantined_frames.days,
                "reason": self.quarantined_frames.reason,
            },
            "audit_records": {"days": None, "reason": self.audit},
            "crime_data": {
                c.value: {"days": p.days, "reason": p.reason} for c, p in self.crime_data.items()
            },
            "statistics": "anonymised (region, month, counts), kept indefinitely",
        }


_TRACK = (
    "practice choice: a year after the order ends covers complaints, appeals and a late "
    "challenge to a breach decision; not from 422/2002 (its ch. 5 text is not in the sources)"
)
_EVIDENCE = "practice choice: as long as the positions derived from it (R128; evidence chain)"
_ALARMS = (
    "practice choice: three years, the general limitation period for a damages claim "
    "(unverified background, Act 728/2003); a missed reaction may found liability (8.1; R46)"
)
_CASES = (
    "practice choice: five years after the order ends, longer than the alarms they explain; "
    "to be checked against 422/2002 ch. 5"
)
_BAN_TRACK = (
    "practice choice: two years, so the record outlives the criminal trial the travel ban "
    "secured (PKL 2:15: the ban lasts until the main hearing); not from the sources"
)


def _periods(track: Period) -> Mapping[Category, Period]:
    return MappingProxyType(
        {
            Category.POSITIONS: track,
            Category.OBSERVATIONS: Period(track.days, _EVIDENCE),
            Category.RAW_FRAMES: Period(track.days, _EVIDENCE),
            Category.ALARMS: Period(max(track.days, 3 * 365), _ALARMS),
            Category.CASE_RECORDS: Period(5 * 365, _CASES),
        }
    )


_CRIME_BATCHES = (
    "practice choice: the police's own data (crime reports), processed under the Act on the "
    "Processing of Personal Data by the Police (616/2019), whose erasure rules bind the police's "
    "registers, not Valvo; Valvo holds a copy only to match it and to explain the matches, so a "
    "year after submission, and never before the last run made of it goes (a run is explained "
    "by its batch); the text of 616/2019 is not in the sources: to be checked"
)
_MATCHING_RUNS = (
    "practice choice: a match is Rise's monitoring data disclosed to the police (the police's "
    "copy is theirs, under 616/2019); Rise's copy records what was disclosed, on what basis and "
    "from which fixes, so it is kept two years after the run, like a travel ban's track, to "
    "outlive the investigation and trial it served; the disclosure itself stays in the audit "
    "trail (crime_match) for ever; not from the sources"
)

PRACTICE_2026 = RetentionPolicy(
    name="2026-practice",
    title="Retention periods chosen for the 2026 pilot (practice choices, not from the law)",
    by_order_type=MappingProxyType(
        {
            "monitoring_sentence": _periods(Period(365, _TRACK)),
            "travel_ban": _periods(Period(2 * 365, _BAN_TRACK)),
            "pretrial_monitoring": _periods(Period(2 * 365, _BAN_TRACK)),
        }
    ),
    quarantined_frames=Period(
        30,
        "practice choice: a month to register a device that reported before it was "
        "registered, or to investigate a stranger; no person is linked to these frames",
    ),
    crime_data=MappingProxyType(
        {
            CrimeCategory.CRIME_BATCHES: Period(365, _CRIME_BATCHES),
            CrimeCategory.MATCHING_RUNS: Period(2 * 365, _MATCHING_RUNS),
        }
    ),
    audit=(
        "never pruned: the trail holds who read or changed what (ids, no locations), including "
        "the record of every deletion, so pruning it would erase the proof that retention "
        "happened; it is small, and a pruned chain would need a checkpoint to stay verifiable"
    ),
)

DEFAULT_POLICY_NAME = PRACTICE_2026.name
POLICIES: Mapping[str, RetentionPolicy] = MappingProxyType({PRACTICE_2026.name: PRACTICE_2026})


def get_policy(name: str = DEFAULT_POLICY_NAME) -> RetentionPolicy:
    try:
        return POLICIES[name]
    except KeyError:
        known = ", ".join(sorted(POLICIES))
        raise RetentionError(f"no retention policy {name!r}; known: {known}") from None
