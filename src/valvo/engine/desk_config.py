"""The alarm desk's configuration, built once from the settings and checked at start-up: the
intake policy (handling, grace), escalation steps and notification routes (the channels that
deliver them are adapters, built by ``bootstrap``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from valvo.domain.alarms.escalation import DEFAULT_POLICY, EscalationStep, parse_policy
from valvo.domain.alarms.policy import DEFAULT_SELF_CLEAR_GRACE, Handling, IntakePolicy
from valvo.settings import Settings


@dataclass(frozen=True, slots=True)
class DeskConfig:
    intake: IntakePolicy
    escalation: tuple[EscalationStep, ...]
    routes: Mapping[str, tuple[str, ...]]
    review_interval: timedelta


def desk_config(settings: Settings) -> DeskConfig:
    """Raises ValueError naming the setting that is wrong."""
    grace = timedelta(minutes=settings.alarm_self_clear_minutes)
    intake = IntakePolicy(
        default_handling=Handling(settings.alarm_handling),
        handling_by_order_type={
            k: Handling(v) for k, v in settings.alarm_handling_by_order_type.items()
        },
        self_clear_grace={kind: grace for kind in DEFAULT_SELF_CLEAR_GRACE},
    )
    escalation = (
        parse_policy(settings.escalation_policy) if settings.escalation_policy else DEFAULT_POLICY
    )
    routes: dict[str, tuple[str, ...]] = {}
    for route, targets in settings.notify_routes.items():
        for target in targets:
            if not target.startswith(("mailto:", "http://", "https://")):
                raise ValueError(
                    f"VALVO_NOTIFY_ROUTES[{route}]: {target!r} is neither mailto: nor http(s)://"
                )
        routes[route] = tuple(targets)
    return DeskConfig(
        intake=intake,
        escalation=escalation,
        routes=routes,
        review_interval=timedelta(minutes=settings.alarm_review_interval_minutes),
    )
