"""What evaluation produces: breaches starting and ending, and the helpers rules use to open and
close conditions so that a condition in breach is reported once, not on every message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import SubjectState


@dataclass(frozen=True, slots=True)
class BreachStarted:
    """A condition went into breach: the engine raises (or regroups into) an alarm."""

    subject_id: str
    kind: AlarmKind
    condition_key: str
    occurred_at: datetime
    explanation: Explanation
    evidence_seqs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BreachEnded:
    """A condition is no longer in breach (the person left the exclusion zone, came back)."""

    subject_id: str
    condition_key: str
    occurred_at: datetime


Event = BreachStarted | BreachEnded


@dataclass(slots=True)
class Evaluation:
    state: SubjectState
    events: list[Event] = field(default_factory=list)


def explain(ruleset: RuleSet, rule: str, en: str, fi: str, **details: Any) -> Explanation:
    """An explanation carrying the rule, its version, the thresholds in force and the revision
    they come from (None: the built-in defaults)."""
    return Explanation(
        text_en=en,
        text_fi=fi,
        rule=rule,
        ruleset_version=ruleset.version,
        details={
            **details,
            "thresholds": ruleset.thresholds.as_dict(),
            "threshold_revision": ruleset.threshold_revision,
        },
    )


def start(
    result: Evaluation,
    key: str,
    kind: AlarmKind,
    at: datetime,
    explanation: Explanation,
    evidence: tuple[int, ...] = (),
) -> None:
    """Open ``key`` and report it, unless it is already open."""
    state = result.state
    if key in state.open_conditions:
        return
    state.open_conditions[key] = at
    result.events.append(BreachStarted(state.subject_id, kind, key, at, explanation, evidence))


def instant(
    result: Evaluation,
    key: str,
    kind: AlarmKind,
    at: datetime,
    explanation: Explanation,
    evidence: tuple[int, ...] = (),
) -> None:
    """A breach that is complete when it happens (a positive test): reported, never left open."""
    state = result.state
    result.events.append(BreachStarted(state.subject_id, kind, key, at, explanation, evidence))


def end(result: Evaluation, key: str, at: datetime) -> None:
    """Close ``key`` if it is open."""
    state = result.state
    if state.open_conditions.pop(key, None) is not None:
        result.events.append(BreachEnded(state.subject_id, key, at))


def when(instant_: datetime) -> str:
    return instant_.isoformat(timespec="seconds")
