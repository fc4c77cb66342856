"""The base types of what travels on the message bus. A command says what someone wants done
(it may be refused); an event says what has happened (it was committed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar


@dataclass(frozen=True, kw_only=True)
class Command:
    """A request to change something, made by ``actor`` at ``at`` (the caller's clock).
    ``unit`` names the unit of work its handler needs ("core": registry, cases, alarms, users,
    audit; "partners": with the partner repository and the alarm intake; "credentials": with the
    device-key repository; "crimes": with the crime batches, runs and the positions a run reads)."""

    unit: ClassVar[str] = "core"
    actor: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened. ``type`` names it on the live feed."""

    def feed_message(self) -> dict[str, object]:
        """The event as the live feed carries it (``services/feed_events`` encodes it)."""
        raise NotImplementedError
