"""Adjudicated breaches and the running totals of a monitoring sentence (issue 15 item 4).

A breach on the case (from the alarm desk, a visit, a test, a supervisor's report) is decided
by a supervisor: it *counts*, or the convict had a *reasonable excuse*, or the absence was
*authorised*. Only counted breaches count toward the law's responses: §14.1 gives a written
warning for a minor breach, and §14.3 sends a warning not heeded to court, so the first counted
breach reaches the warning threshold and the next one after it the referral threshold (the
numbers live in the versioned ``LawPolicy`` with their sections). A decision can be changed,
never overwritten: each one is kept, the newest is the one in force.

A breach not yet adjudicated counts: nothing is excused until a supervisor says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.law.policy import LawPolicy

MAX_REASON = 2000
MAX_VIOLATION_MINUTES = 60 * 24 * 31  # a month: a longer absence is not one breach's time


class Outcome(StrEnum):
    COUNTED = "counted"
    REASONABLE_EXCUSE = "reasonable_excuse"  # §14.3: "without acceptable reason" (hyväksyttävä syy)
    AUTHORISED_ABSENCE = "authorised_absence"  # the absence was allowed (§12 exemption, KHL)


EXCUSED = frozenset({Outcome.REASONABLE_EXCUSE, Outcome.AUTHORISED_ABSENCE})


def check_decision(
    outcome: Outcome, reason: str | None, *, previous: Outcome | None, minutes: int | None
) -> str | None:
    """The reason text, trimmed; an excuse always states its reason, and so does a change of
    an earlier decision (the history says why it changed)."""
    text = (reason or "").strip() or None
    if text is not None and len(text) > MAX_REASON:
        raise CaseError("reason_too_long", f"the reason is at most {MAX_REASON} characters")
    if outcome in EXCUSED and text is None:
        raise CaseError(
            "reason_missing",
            f"say why the breach is excused ({outcome.value.replace('_', ' ')})",
        )
    if previous is not None and text is None:
        raise CaseError("reason_missing", "say why the earlier decision changes")
    if minutes is not None and not 0 <= minutes <= MAX_VIOLATION_MINUTES:
        raise CaseError(
            "minutes_out_of_range",
            f"violation time is 0–{MAX_VIOLATION_MINUTES} minutes, not {minutes}",
        )
    return text


def lasted_minutes(start: datetime, end: datetime | None) -> int | None:
    """Whole minutes from ``start`` to ``end`` (None while it has not ended)."""
    if end is None:
        return None
    return max(0, int((end - start).total_seconds() // 60))


@dataclass(frozen=True, slots=True)
class Violation:
    """One breach as the totals see it: its decision in force (None: not adjudicated), its
    length in minutes when known, and whether it was closed as no breach at all."""

    outcome: Outcome | None
    minutes: int | None
    cleared: bool = False

    @property
    def counts(self) -> bool:
        return not self.cleared and self.outcome not in EXCUSED


@dataclass(frozen=True, slots=True)
class Totals:
    violations: int  # every breach recorded, cleared ones excepted
    counted: int  # those that count (adjudicated counted, or not adjudicated yet)
    excused: int  # reasonable excuse or authorised absence
    pending: int  # not adjudicated yet (they count)
    minutes: int  # violation time of all of them, where known
    counted_minutes: int  # of the counted ones
    warning_at: int  # counted breaches that reach the §14.1 warning
    referral_at: int  # counted breaches that reach the §14.3 referral

    @property
    def to_warning(self) -> int:
        return max(0, self.warning_at - self.counted)

    @property
    def to_referral(self) -> int:
        return max(0, self.referral_at - self.counted)

    def as_dict(self) -> dict[str, int]:
        return {
            "violations": self.violations,
            "counted": self.counted,
            "excused": self.excused,
            "pending": self.pending,
            "minutes": self.minutes,
            "counted_minutes": self.counted_minutes,
            "warning_at": self.warning_at,
            "referral_at": self.referral_at,
            "to_warning": self.to_warning,
            "to_referral": self.to_referral,
        }


def totals(violations: Iterable[Violation], policy: LawPolicy) -> Totals:
    """The running totals of a case's breaches against the policy's thresholds."""
    rows = [v for v in violations if not v.cleared]
    counted = [v for v in rows if v.counts]
    return Totals(
        violations=len(rows),
        counted=len(counted),
        excused=sum(1 for v in rows if v.outcome in EXCUSED),
        pending=sum(1 for v in rows if v.outcome is None),
        minutes=sum(v.minutes or 0 for v in rows),
        counted_minutes=sum(v.minutes or 0 for v in counted),
        warning_at=policy.counted_breaches_for_warning,
        referral_at=policy.counted_breaches_for_referral,
    )
