"""The alarm desk's background work: the escalation timer (the pure policy asked at ``now``) and
the outbox dispatcher (e-mail and webhooks after commit, retried with backoff).

Both are plain objects with one method taking ``now``, so tests drive them step by step;
``run_alarm_desk`` is the loop ``valvo serve`` runs (``bootstrap`` builds both). The timer's
round is a command (:class:`~valvo.services.alarm_commands.EscalateDueAlarms`) handed to the
message bus, whose handler commits and whose bus publishes the escalated alarms after.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.alarms import Alarm
from valvo.domain.alarms.escalation import EscalationStep
from valvo.domain.alarms.trail import SYSTEM, VICTIM_ROUTE, Action
from valvo.engine.timers import sleep_or_stop
from valvo.logging import get_logger
from valvo.services.alarm_commands import EscalateDueAlarms
from valvo.services.bus.messages import Command
from valvo.services.notify_ports import DeliveryError, NoticeChannels, Outbox, OutboxItem

log = get_logger(__name__)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
TICK_S = 1.0
ESCALATE_EVERY = 5  # rounds: policy timers are minutes, a few seconds late is fine


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min, ... at most an hour."""
    wait: timedelta = FIRST_RETRY * 2 ** max(0, attempts - 1)
    return min(wait, LONGEST_RETRY)


class EscalationTimer:
    """Sends the escalation round to ``handle`` (the message bus)."""

    def __init__(self, handle: Callable[[Command], Any], policy: Sequence[EscalationStep]) -> None:
        self._handle = handle
        self._policy = tuple(policy)

    def tick(self, now: datetime) -> list[Alarm]:
        """Escalate what is due at ``now``; one transaction; the console hears of it after."""
        escalated: list[Alarm] = self._handle(
            EscalateDueAlarms(actor=SYSTEM, at=now, policy=self._policy)
        )
        return escalated


@dataclass(slots=True)
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)


class OutboxDispatcher:
    def __init__(
        self, outbox: Outbox, channels: NoticeChannels, routes: Mapping[str, Sequence[str]]
    ) -> None:
        self._outbox = outbox
        self._channels = channels
        self._routes = routes

    def deliver_due(self, now: datetime) -> DeliveryReport:
        """Send every notice due at ``now`` to each target of its route not yet reached."""
        report = DeliveryReport()
        for item in self._outbox.claim(now):
            self._deliver(item, now, report)
        return report

    def _deliver(self, item: OutboxItem, now: datetime, report: DeliveryReport) -> None:
        payload = item.payload
        if item.route == VICTIM_ROUTE:  # R139: the victim's own channel, not sent on
            payload = {k: v for k, v in item.payload.items() if k != "target"}
            targets = [str(item.payload["target"])] if item.payload.get("target") else []
        else:
            targets = list(self._routes.get(item.route, ()))
        if not targets:  # nobody configured for this route: done, and nothing to put in the trail
            self._outbox.settle(item, now, [], None, None, None)
            report.delivered.append(item.id)
            return
        delivered = list(item.delivered_to)
        errors = []
        for target in targets:
            if target in delivered:
                continue
            try:
                self._channels.send(target, item.id, item.event, payload)
            except DeliveryError as exc:
                errors.append(str(exc))
                continue
            delivered.append(target)
        details = {
            "event": item.event,
            "route": item.route,
            "delivered": len(delivered),
            "targets": len(targets),
            "attempt": item.attempts + 1,
        }
        if not errors:
            trail = _trail(now, Action.NOTIFIED, None, details)
            self._outbox.settle(item, now, delivered, None, None, trail)
            report.delivered.append(item.id)
            return
        error = "; ".join(errors)[:1000]
        if item.attempts + 1 >= MAX_ATTEMPTS:
            trail = _trail(now, Action.NOTIFICATION_FAILED, error, details)
            self._outbox.settle(item, now, delivered, error, None, trail)
            report.dead.append(item.id)
            log.warning("notification given up", outbox_id=item.id, route=item.route)
            return
        self._outbox.settle(item, now, delivered, error, now + backoff(item.attempts + 1), None)
        report.retried.append(item.id)


def _trail(
    now: datetime, action: Action, note: str | None, details: dict[str, object]
) -> dict[str, object]:
    return {
        "at": now,
        "actor": SYSTEM,
        "action": action.value,
        "from_status": None,
        "to_status": None,
        "note": note,
        "details": details,
    }


async def run_alarm_desk(
    timer: EscalationTimer,
    dispatcher: OutboxDispatcher,
    clock: Callable[[], datetime],
    stop: asyncio.Event | None = None,
) -> None:
    """Deliver notices once a second and escalate every few seconds, until ``stop``; a
    failing round is logged and retried, never fatal."""
    stop = stop or asyncio.Event()
    rounds = 0
    while not stop.is_set():
        try:
            if rounds % ESCALATE_EVERY == 0:
                await asyncio.to_thread(timer.tick, clock())
            await asyncio.to_thread(dispatcher.deliver_due, clock())
        except Exception:
            log.exception("alarm desk round failed; retrying")
        rounds += 1
        await sleep_or_stop(stop, TICK_S)
