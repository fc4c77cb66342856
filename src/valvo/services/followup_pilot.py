"""The pilot flag of units (issue 17; R143): which regions are in the pilot from which date,
and putting one in (or taking it out) from a date. A unit is the region that handles a case
(``cases.region``); a case counts as a pilot case on a day when it is flagged itself or its
region is in the pilot on that day (``domain/followup/pilot.py``, docs/followup.md)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from valvo.domain.followup.pilot import PilotChange, in_pilot, pilot_days
from valvo.domain.security import Scope
from valvo.services.errors import Forbidden, InvalidInput

MAX_REGION = 60
MAX_REASON = 500
# A date the pilot law or a decision names: not before the act that allows the pilot, not
# more than a year ahead (a typo in the year is refused, not stored).
EARLIEST = date(2024, 1, 1)
AHEAD = timedelta(days=366)


class PilotUnits(Protocol):
    def pilot_changes(self, regions: Any = None) -> list[PilotChange]: ...
    def pilot_history(self) -> list[dict[str, Any]]: ...
    def regions(self) -> list[str]: ...
    def add_pilot_change(self, row: dict[str, Any]) -> None: ...


class PilotAudit(Protocol):
    def record(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        target_type: str,
        target_id: str | None,
        details: Any = None,
    ) -> None: ...


class PilotUnitOfWork(Protocol):
    @property
    def scope(self) -> Scope: ...
    @property
    def followup(self) -> PilotUnits: ...
    @property
    def audit(self) -> PilotAudit: ...
    def commit(self) -> None: ...


def units(uow: PilotUnitOfWork, today: date) -> dict[str, Any]:
    """Each unit of the scope with whether it is in the pilot today and since when, and the
    history of changes (newest first)."""
    history = uow.followup.pilot_history()
    runs = pilot_days(uow.followup.pilot_changes())
    rows = []
    for region in uow.followup.regions():
        mine = runs.get(region, ())
        now_in = next((r for r in mine if today in r), None)
        upcoming = [r.start for r in mine if r.start > today]
        rows.append(
            {
                "region": region,
                "pilot": now_in is not None,
                "since": now_in.start if now_in else None,
                "until": now_in.end if now_in else None,
                "next_start": min(upcoming) if upcoming else None,
            }
        )
    return {"units": rows, "history": history}


def set_unit_pilot(
    uow: PilotUnitOfWork,
    actor: str,
    now: datetime,
    today: date,
    *,
    region: str,
    pilot: bool,
    valid_from: date,
    reason: str | None,
) -> dict[str, Any]:
    """Put ``region`` into the pilot (or take it out) from ``valid_from``: a new row of its
    history, audited. Refused: a region outside the user's, an empty or too long name or
    reason, a date before 2024 or more than a year ahead, or a change that changes nothing."""
    region = region.strip()
    if not region or len(region) > MAX_REGION:
        raise InvalidInput(f"region: 1 to {MAX_REGION} characters")
    if not uow.scope.covers(region):
        raise Forbidden(f"region {region!r} is outside your region")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise InvalidInput(f"reason: at most {MAX_REASON} characters")
    if valid_from < EARLIEST or valid_from > today + AHEAD:
        raise InvalidInput("from: at the earliest 1.1.2024 and at most a year from today")
    changes = uow.followup.pilot_changes([region])
    later = [c for c in changes if c.valid_from > valid_from]
    if not later and in_pilot(pilot_days(changes).get(region, ()), valid_from) == pilot:
        state = "in the pilot" if pilot else "outside the pilot"
        on = f"{valid_from.day}.{valid_from.month}.{valid_from.year}"
        raise InvalidInput(f"{region} is already {state} on {on}")
    row = {
        "id": str(uuid.uuid4()),
        "region": region,
        "pilot": pilot,
        "valid_from": valid_from,
        "reason": reason,
        "set_at": now,
        "set_by": actor,
    }
    uow.followup.add_pilot_change(row)
    uow.audit.record(
        at=now,
        actor=actor,
        action="set_unit_pilot",
        target_type="region",
        target_id=region,
        details={"pilot": pilot, "from": valid_from.isoformat(), "reason": reason},
    )
    uow.commit()
    return row
