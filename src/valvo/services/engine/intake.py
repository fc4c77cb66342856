"""The alarm intake of a batch: the breaches the rules found become new alarms, occurrences of
open ones, or automatic closes. It reads the alarms already open (or recently self-cleared) for
the batch's conditions through the batch's transaction, lets the pure intake
(``domain/alarms/intake.py``) decide, and returns the alarms to write; the store writes them
(with their trail and notices) in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from valvo.domain.alarms import Alarm
from valvo.domain.alarms.intake import relevant, take_in
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import BreachStarted
from valvo.services.engine.ports import IntakeReads


@dataclass(slots=True)
class Intake:
    new: list[Alarm] = field(default_factory=list)  # not stored yet: to insert
    changed: list[Alarm] = field(default_factory=list)  # stored: to update

    @property
    def alarms(self) -> list[Alarm]:
        return self.new + self.changed


def take_in_breaches(
    reads: IntakeReads, events: Sequence[object], now: datetime, policy: IntakePolicy
) -> Intake:
    """The alarms raised or changed by the rules' ``events``."""
    breaches = relevant(events)
    if not breaches:
        return Intake()
    known = reads.open_alarms(
        sorted({b.subject_id for b in breaches}),
        sorted({b.condition_key for b in breaches}),
        min(b.occurred_at for b in breaches) - policy.regroup_window,
    )
    starters = sorted({b.subject_id for b in breaches if isinstance(b, BreachStarted)})
    order_types = reads.active_order_types(starters) if starters else {}
    intake = take_in(breaches, known, order_types, policy, now)
    new_ids = set(intake.new_ids)
    if new_ids:  # a replayed batch finds its alarms already stored: nothing twice
        new_ids -= reads.stored_alarm_ids(sorted(new_ids))
    return Intake(
        new=[x for x in intake.alarms if x.id in new_ids],
        changed=[x for x in intake.alarms if x.id not in intake.new_ids],
    )
