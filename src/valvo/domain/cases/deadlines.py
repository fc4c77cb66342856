"""The deadline monitor: each legal deadline of a case is a task that warns before it falls due
and escalates once it is missed.

The deadlines (their lengths live in the policy, ``valvo.domain.law.policy``):

| kind | length | rule |
|---|---|---|
| ``court_referral`` | 72 h after a provisional locality-obligation decision | PKL 2:7.1; R111(a) |
| ``court_hearing`` | 7 × 24 h after that decision | PKL 2:7.2; R111(b) |
| ``charges`` | 60 × 24 h after the ban was imposed (the ban lapses) | PKL 2:14; R118 |
| ``provisional_interruption`` | one month after a provisional interruption began | §14.2; R80 |
| ``completion`` | one year after the sentence became enforceable | §7.1, §7.3; R70 |
| ``impediment`` | one year of impediment interruptions in all | §15; R86 |
| ``sentence_lapse`` | enforcement begun before the sentence lapses (5 years) | RL 8:11, 8:10; R93 |
| ``plan_preparation`` | the plan prepared "without delay" once enforceable | §6; R19 |
| ``enforcement_start`` | enforcement started "without delay" once enforceable | §7.1; R69 |

How long before the due instant a task starts to warn is not law but practice, so it is a
parameter (``DEFAULT_LEADS``). So is what "without delay" (viipymättä, §6 and §7.1) means in days:
the law sets no number (R69: "the threshold is configurable"), so ``WITHOUT_DELAY_DAYS`` holds
the practice (docs/law.md, "Without delay"). ``assess`` is pure: ``now`` is always passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from valvo.domain.clock import require_aware


class DeadlineKind(StrEnum):
    COURT_REFERRAL = "court_referral"
    COURT_HEARING = "court_hearing"
    CHARGES = "charges"
    PROVISIONAL_INTERRUPTION = "provisional_interruption"
    COMPLETION = "completion"
    IMPEDIMENT = "impediment"
    WANTED_CONTACT = "wanted_contact"
    SENTENCE_LAPSE = "sentence_lapse"
    PLAN_PREPARATION = "plan_preparation"
    ENFORCEMENT_START = "enforcement_start"
    SWEAT_PATCH_CHANGE = "sweat_patch_change"  # practice (5.2 weekly changes), R67


RULES: Mapping[DeadlineKind, str] = MappingProxyType(
    {
        DeadlineKind.COURT_REFERRAL: "PKL 2:7.1, R111(a)",
        DeadlineKind.COURT_HEARING: "PKL 2:7.2, R111(b)",
        DeadlineKind.CHARGES: "PKL 2:14, R118",
        DeadlineKind.PROVISIONAL_INTERRUPTION: "§14.2, R80",
        DeadlineKind.COMPLETION: "§7.1, §7.3, R70",
        DeadlineKind.IMPEDIMENT: "§15, R86",
        DeadlineKind.WANTED_CONTACT: "§13, R88",
        DeadlineKind.SENTENCE_LAPSE: "RL 8:11, RL 8:10, R93",
        DeadlineKind.PLAN_PREPARATION: "§6, R19",
        DeadlineKind.ENFORCEMENT_START: "§7.1, R69",
        DeadlineKind.SWEAT_PATCH_CHANGE: "5.2 (weekly changes), R67",
    }
)

# Practice, not law: how early each deadline starts to warn.
DEFAULT_LEADS: Mapping[DeadlineKind, timedelta] = MappingProxyType(
    {
        DeadlineKind.COURT_REFERRAL: timedelta(hours=24),
        DeadlineKind.COURT_HEARING: timedelta(hours=48),
        DeadlineKind.CHARGES: timedelta(days=7),
        DeadlineKind.PROVISIONAL_INTERRUPTION: timedelta(days=7),
        DeadlineKind.COMPLETION: timedelta(days=30),
        DeadlineKind.IMPEDIMENT: timedelta(days=30),
        DeadlineKind.WANTED_CONTACT: timedelta(days=3),
        DeadlineKind.SENTENCE_LAPSE: timedelta(days=90),
        DeadlineKind.PLAN_PREPARATION: timedelta(days=3),
        DeadlineKind.ENFORCEMENT_START: timedelta(days=7),
        DeadlineKind.SWEAT_PATCH_CHANGE: timedelta(days=1),
    }
)

# Practice, not law: "without delay" (§6, §7.1) in whole days after the sentence became
# enforceable; the day after the last one the task is overdue (R19, R69; docs/law.md).
WITHOUT_DELAY_DAYS: Mapping[DeadlineKind, int] = MappingProxyType(
    {
        DeadlineKind.PLAN_PREPARATION: 14,
        DeadlineKind.ENFORCEMENT_START: 30,
    }
)


def without_delay_due(enforceable_on: date, days: int) -> date:
    """The first day a step due "without delay" is late: ``days`` whole days after the
    sentence became enforceable have passed (``MonitoringSentence.start_overdue``)."""
    if days < 0:
        raise ValueError(f"a without-delay threshold cannot be negative, got {days}")
    return enforceable_on + timedelta(days=days + 1)


class Stage(StrEnum):
    PENDING = "pending"  # not due soon
    WARNING = "warning"  # inside the warning lead: act now
    OVERDUE = "overdue"  # missed and still open: escalate
    MET = "met"  # done in time
    MET_LATE = "met_late"  # done, but after the deadline (kept for the record)
    CANCELLED = "cancelled"  # no longer applies (the case ended another way)


ESCALATION: Mapping[Stage, int] = MappingProxyType(
    {
        Stage.PENDING: 0,
        Stage.MET: 0,
        Stage.CANCELLED: 0,
        Stage.MET_LATE: 1,
        Stage.WARNING: 1,
        Stage.OVERDUE: 2,
    }
)


@dataclass(frozen=True, slots=True)
class Assessment:
    stage: Stage
    escalation: int  # 0 nothing to do, 1 act soon (or was late), 2 missed: escalate
    remaining: timedelta  # due minus now (negative once passed)


def assess(
    due_at: datetime,
    now: datetime,
    *,
    lead: timedelta,
    done_at: datetime | None = None,
    cancelled: bool = False,
) -> Assessment:
    """Where a deadline stands at ``now``: a task warns from ``due_at - lead`` and is overdue
    from ``due_at`` on (the deadline instant itself is already too late)."""
    due = require_aware(due_at, "due_at")
    now = require_aware(now, "now")
    if lead < timedelta(0):
        raise ValueError(f"the warning lead cannot be negative, got {lead}")
    remaining = due - now
    if cancelled:
        stage = Stage.CANCELLED
    elif done_at is not None:
        stage = Stage.MET if require_aware(done_at, "done_at") < due else Stage.MET_LATE
    elif now >= due:
        stage = Stage.OVERDUE
    elif now >= due - lead:
        stage = Stage.WARNING
    else:
        stage = Stage.PENDING
    return Assessment(stage, ESCALATION[stage], remaining)
