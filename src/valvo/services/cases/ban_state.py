"""The travel ban between its rows and the pure aggregate (``domain.cases.travel_ban``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valvo.domain.cases.travel_ban import BanStatus, ExtensionHearing, TravelBan
from valvo.domain.law.calendar import parse_clock
from valvo.domain.law.plan import LocalityWindow
from valvo.services.cases.common import TRAVEL_BAN, load_case
from valvo.services.ports import UnitOfWork

_DATES = (
    "referred_at",
    "court_decided_at",
    "charges_at",
    "extension_requested_at",
    "extended_until",
    "extension_heard_at",
    "extension_refused_at",
    "ended_at",
    "convicted_at",
)


def window_of(row: Mapping[str, Any]) -> LocalityWindow | None:
    start, end = row["locality_start"], row["locality_end"]
    if start is None or end is None:
        return None
    return LocalityWindow(
        parse_clock(start, "locality_start"),
        parse_clock(end, "locality_end"),
        row["locality_justification"],
    )


def load_ban(uow: UnitOfWork, case_id: str) -> tuple[dict[str, Any], TravelBan]:
    case = load_case(uow, case_id, TRAVEL_BAN)
    row = uow.cases.get("travel_bans", case_id)
    if row is None:
        raise LookupError(f"case {case_id} has no travel-ban row")
    device = uow.registry.get("devices", row["device_id"])
    ban = TravelBan(
        decided_at=row["decided_at"],
        timezone=case["timezone"],
        locality_window=window_of(row),
        device=device["identifier"] if device else row["device_id"],
        status=BanStatus(case["status"]),
        term_ends_at=row["term_ends_at"],
        provisional=bool(row["provisional"]),
        extension_hearing=None
        if row["extension_hearing"] is None
        else ExtensionHearing(row["extension_hearing"]),
        **{name: row[name] for name in _DATES},
    )
    return case, ban


def save_ban(
    uow: UnitOfWork, case_id: str, ban: TravelBan, extra: Mapping[str, Any] | None = None
) -> None:
    """The ban's dates (its status is written with the step, ``record_step``)."""
    values: dict[str, Any] = {name: getattr(ban, name) for name in _DATES}
    hearing = ban.extension_hearing
    values["extension_hearing"] = None if hearing is None else hearing.value
    uow.cases.update("travel_bans", case_id, {**values, **(extra or {})})
