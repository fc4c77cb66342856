"""Commands of adjudicated breaches and of the visits devices report (issue 15 item 4; R39,
R40)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from valvo.services.bus.messages import Command
from valvo.services.cases.commands import CaseStep


@dataclass(frozen=True, kw_only=True)
class AdjudicateBreach(CaseStep):
    """A supervisor decides a breach: counted, reasonable excuse or authorised absence."""

    breach_id: str
    outcome: str
    reason: str | None = None
    minutes: int | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterFob(Command):
    """R39: a key fob registered to a supervisor."""

    fob: str
    supervisor_id: str


@dataclass(frozen=True, kw_only=True)
class RetireFob(Command):
    fob_id: str


@dataclass(frozen=True, kw_only=True)
class RecordDeviceVisit(Command):
    """What a home unit (``officer_arrived`` / ``officer_departed`` with the fob it saw) or a
    mobile checker (``presence_check``: the tag looked for, ``seen`` or not) reported at
    ``happened_at``; the visit lands on the person's sentence being served."""

    device_id: str
    event: str
    happened_at: datetime
    fob: str | None = None
    tag: str | None = None
    seen: bool | None = None


@dataclass(frozen=True, kw_only=True)
class CollectDeviceVisits(Command):
    """One round of the device-visit feed: the fob and presence-check events the observation
    log holds after the feed's offset, as visits (``services/cases/device_feed.py``)."""

    limit: int = 1_000
