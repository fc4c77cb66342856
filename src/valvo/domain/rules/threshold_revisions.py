"""Versioned thresholds: a set of grace periods, tolerances and confidence levels per order
type, drafted, then published with the instant it takes effect.

A published revision never changes; a new one supersedes it from its own ``effective_from``.
The engine evaluates each fix and each deadline under the revision effective at that instant
(:func:`effective_at`) and every alarm records the revision it ran under, so a breach can be
explained and replayed with the numbers that decided it.

Values travel as the alarm records them (``Thresholds.as_dict``: durations in seconds); every
value has a range (:data:`LIMITS`) and an out-of-range or unknown value is refused by name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.clock import require_aware
from valvo.domain.rules.ruleset import RevisionStatus, RuleSet, ThresholdRevision, Thresholds


class ThresholdError(ValueError):
    """A threshold value, or a step on a revision, that is not allowed (the message says why)."""


@dataclass(frozen=True, slots=True)
class Limit:
    low: float
    high: float
    integer: bool = False


# The range each value may take (durations in seconds). Wide enough for any order type's
# reasonable choice, narrow enough that a typo (a grace of 5 hours for 5 minutes) is refused.
LIMITS: Mapping[str, Limit] = {
    "confidence": Limit(0.5, 0.999),
    "inclusion_confirm_fixes": Limit(1, 20, integer=True),
    "exclusion_confirm_fixes": Limit(1, 20, integer=True),
    "inclusion_confirm_after": Limit(30, 3600),
    "single_fix_confidence": Limit(0.9, 0.99999999),
    "presence_grace": Limit(0, 3600),
    "low_battery_pct": Limit(1, 50),
    "battery_recovered_pct": Limit(5, 100),
    "max_clock_ahead": Limit(60, 3600),
    "no_location_after": Limit(60, 7200),
    "sparse_gap": Limit(30, 3600),
    "alcohol_limit_mg_l": Limit(0.01, 0.5),
    "identity_min_score": Limit(0.5, 1.0),
    "flap_window": Limit(0, 86400),
    "incident_window": Limit(0, 86400),
}
MAX_FLAP_WINDOW = timedelta(seconds=LIMITS["flap_window"].high)
__all__ = ["RevisionStatus", "ThresholdRevision"]  # declared with the rule set (no cycle)
_DURATIONS = frozenset(f.name for f in fields(Thresholds) if f.type in ("timedelta", timedelta))


def revision_from(row: Mapping[str, Any]) -> ThresholdRevision:
    """A stored revision (a row: id, order_type, number, status, thresholds, effective_from,
    note), its values read back through the same checks."""
    return ThresholdRevision(
        id=int(row["id"]),
        order_type=str(row["order_type"]),
        number=int(row["number"]),
        status=RevisionStatus(row["status"]),
        thresholds=thresholds_from(row["thresholds"]),
        effective_from=row["effective_from"],
        note=str(row.get("note") or ""),
    )


def thresholds_from(values: Mapping[str, Any], base: Thresholds | None = None) -> Thresholds:
    """``base`` (the defaults) with ``values`` applied; each checked against :data:`LIMITS`."""
    base = base or Thresholds()
    changes: dict[str, Any] = {}
    for name, raw in values.items():
        limit = LIMITS.get(name)
        if limit is None:
            raise ThresholdError(f"{name}: not a threshold (known: {', '.join(sorted(LIMITS))})")
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ThresholdError(f"{name}: must be a number, not {raw!r}")
        if limit.integer and raw != int(raw):
            raise ThresholdError(f"{name}: must be a whole number, not {raw}")
        if not limit.low <= raw <= limit.high:
            unit = " s" if name in _DURATIONS else ""
            raise ThresholdError(
                f"{name}: {raw:g}{unit} is outside {limit.low:g}–{limit.high:g}{unit}"
            )
        if name in _DURATIONS:
            changes[name] = timedelta(seconds=float(raw))
        elif limit.integer:
            changes[name] = int(raw)
        else:
            changes[name] = float(raw)
    result = replace(base, **changes)
    if result.battery_recovered_pct <= result.low_battery_pct:
        raise ThresholdError(
            f"battery_recovered_pct: {result.battery_recovered_pct:g} must be above "
            f"low_battery_pct ({result.low_battery_pct:g})"
        )
    if result.single_fix_confidence < result.confidence:
        raise ThresholdError(
            f"single_fix_confidence: {result.single_fix_confidence:g} must be at least "
            f"confidence ({result.confidence:g})"
        )
    return result


def check_editable(revision: ThresholdRevision) -> None:
    if revision.published:
        raise ThresholdError(
            f"revision {revision.number} of {revision.order_type} is published; a published "
            "revision never changes (draft a new one)"
        )


def check_publish(
    revision: ThresholdRevision,
    effective_from: datetime,
    now: datetime,
    others: Iterable[ThresholdRevision],
) -> None:
    """A draft may be published to take effect now or later, at an instant no other published
    revision of its order type takes effect (so one is effective at a time)."""
    effective_from = require_aware(effective_from, "effective_from")
    now = require_aware(now, "now")
    check_editable(revision)
    if effective_from < now - timedelta(minutes=1):  # "now" typed a moment ago is now
        raise ThresholdError(
            f"effective_from: {effective_from.isoformat(timespec='minutes')} is in the past; "
            "a revision takes effect now or later, never retroactively"
        )
    for other in others:
        if (
            other.published
            and other.order_type == revision.order_type
            and other.effective_from == effective_from
        ):
            raise ThresholdError(
                f"effective_from: revision {other.number} of {other.order_type} already takes "
                "effect at that instant"
            )


def effective_at(
    revisions: Iterable[ThresholdRevision], order_type: str, at: datetime
) -> ThresholdRevision | None:
    """The published revision of ``order_type`` in effect at ``at``: the latest to take effect
    at or before it (None: none yet, the built-in defaults apply)."""
    at = require_aware(at, "at")
    found: ThresholdRevision | None = None
    for revision in revisions:
        if (
            revision.published
            and revision.order_type == order_type
            and revision.effective_from is not None
            and revision.effective_from <= at
            and (
                found is None
                or (revision.effective_from, revision.number) > (found.effective_from, found.number)
            )
        ):
            found = revision
    return found


def timeline(
    revisions: Iterable[ThresholdRevision], order_type: str
) -> tuple[list[datetime], list[ThresholdRevision]]:
    """The published revisions of ``order_type`` sorted as :func:`effective_at` ranks them
    (by ``effective_from``, then number; of two ranked alike the first given), and the
    instants they take effect: the one in force at ``at`` is the last taking effect at or
    before it (a bisect)."""
    ranked: dict[tuple[datetime, int], ThresholdRevision] = {}
    for revision in revisions:
        if (
            revision.published
            and revision.order_type == order_type
            and revision.effective_from is not None
        ):
            ranked.setdefault((revision.effective_from, revision.number), revision)
    keys = sorted(ranked)
    return [k[0] for k in keys], [ranked[k] for k in keys]


def ruleset_at(ruleset: RuleSet, at: datetime) -> RuleSet:
    """``ruleset`` with the thresholds of the revision effective at ``at`` (itself when none
    is, or it has no revisions). One copy per revision, sharing the zones' prepared geometry.

    Asked several times per observation: the revision is found by a bisect on the rule set's
    timeline (:func:`timeline`, built once), the same one :func:`effective_at` chooses."""
    if not ruleset.revisions:
        return ruleset
    if not ruleset._timeline:
        ruleset._timeline.append(timeline(ruleset.revisions, ruleset.order_type))
    starts, ranked = ruleset._timeline[0]
    index = bisect_right(starts, at)
    if index == 0:
        return ruleset
    revision = ranked[index - 1]
    variant = ruleset._variants.get(revision.id)
    if variant is None:
        variant = ruleset._variants[revision.id] = replace(
            ruleset,
            thresholds=revision.thresholds,
            threshold_revision=revision.id,
            revisions=(),
            _prepared=ruleset._prepared,
            _variants={},
        )
    return variant
