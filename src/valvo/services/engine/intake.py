"""The alarm intake of a batch: the breaches the rules found become new alarms, occurrences of
open ones, or automatic closes. It reads the alarms already open (or recently self-cleared) for
the batch's conditions through the batch's transaction, lets the pure intake
(``domain/alarms/intake.py``) decide, and returns the alarms to write; the store writes them
(with their trail and notices) in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from valvo.domain.alarms import Alarm, AlarmKind, incidents
from valvo.domain.alarms.intake import flap_window, relevant, take_in
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import BreachStarted
from valvo.domain.victims import victim_of_zone
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
        min(b.occurred_at for b in breaches)
        - max((flap_window(b, policy) for b in breaches), default=policy.regroup_window),
    )
    starters = sorted({b.subject_id for b in breaches if isinstance(b, BreachStarted)})
    order_types = reads.active_order_types(starters) if starters else {}
    intake = take_in(breaches, known, order_types, policy, now)
    new_ids = set(intake.new_ids)
    if new_ids:  # a replayed batch finds its alarms already stored: nothing twice
        new_ids -= reads.stored_alarm_ids(sorted(new_ids))
    new = [x for x in intake.alarms if x.id in new_ids]
    _place_in_incidents(reads, new)
    _notify_victims(reads, new, now)
    return Intake(new=new, changed=[x for x in intake.alarms if x.id not in intake.new_ids])


def _place_in_incidents(reads: IntakeReads, new: Sequence[Alarm]) -> None:
    """Each new alarm joins the incident of its person's related alarms within the incident
    window, or opens its own (``domain/alarms/incidents.py``); one read for the batch."""
    if not new:
        return
    since = min(a.occurred_at for a in new) - max(incidents.window_of(a) for a in new)
    recent = reads.recent_alarms(sorted({a.subject_id for a in new}), since)
    for alarm in sorted(new, key=lambda a: (a.occurred_at, a.id)):
        alarm.incident_id = incidents.place(alarm, recent)
        recent.append(alarm)


VICTIM_KINDS = (
    AlarmKind.VICTIM_ZONE_ENTERED,
    AlarmKind.VICTIM_BUFFER_ENTERED,
    AlarmKind.VICTIM_ZONE_CROSSED,
)


def _notify_victims(reads: IntakeReads, new: Sequence[Alarm], now: datetime) -> None:
    """R139: a new alarm of a victim's zone tells the victim who opted in. The notice is
    written with the alarm in the batch's transaction (never lost), and only a new alarm
    carries one (a replayed batch or a repeat of an open alarm tells no one twice)."""
    victim_of: dict[str, str] = {}
    for alarm in new:
        if alarm.kind in VICTIM_KINDS:
            victim = victim_of_zone(str(alarm.explanation.details.get("zone_id", "")))
            if victim is not None:
                victim_of[alarm.id] = victim
    if not victim_of:
        return
    contacts = reads.victim_contacts(sorted(set(victim_of.values())))
    for alarm in new:
        target = contacts.get(victim_of.get(alarm.id, ""))
        if target is not None:
            alarm.notify_victim(target, now)
