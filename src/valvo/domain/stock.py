"""The device stock (R47: "track the device inventory: ~150 units for 100–110 concurrent
convicts: assignment, installation, return, servicing and transport"): where each unit is in
its life, the moves between those places, and the per-region figures the stock view shows.

    registered ─► in stock ──send──► in transport ──receive──► in stock (at the unit)
                  in stock ──assign──► assigned ──install──► installed
                  assigned / installed ──return──► returned, awaiting check
                  returned ──check──► in stock (sound) │ ──service──► in servicing
                  in stock / returned ──service──► in servicing ──back──► in stock
                  in stock / returned / in servicing ──retire──► retired (for good)

Pure: no clock (``now`` is passed in), no storage."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class StockState(StrEnum):
    IN_STOCK = "in_stock"
    IN_TRANSPORT = "in_transport"
    ASSIGNED = "assigned"
    INSTALLED = "installed"
    RETURNED = "returned"
    SERVICING = "servicing"
    RETIRED = "retired"


class StockAction(StrEnum):
    REGISTER = "register"
    SEND = "send"
    RECEIVE = "receive"
    ASSIGN = "assign"
    INSTALL = "install"
    RETURN = "return"
    CHECK = "check"
    SERVICE = "service"
    BACK = "back"
    RETIRE = "retire"


S, A = StockState, StockAction
# action -> (the states it may start from, the state it leads to)
MOVES: Mapping[StockAction, tuple[frozenset[StockState], StockState]] = {
    A.SEND: (frozenset({S.IN_STOCK}), S.IN_TRANSPORT),
    A.RECEIVE: (frozenset({S.IN_TRANSPORT}), S.IN_STOCK),
    A.ASSIGN: (frozenset({S.IN_STOCK}), S.ASSIGNED),
    A.INSTALL: (frozenset({S.ASSIGNED}), S.INSTALLED),
    A.RETURN: (frozenset({S.ASSIGNED, S.INSTALLED}), S.RETURNED),
    A.CHECK: (frozenset({S.RETURNED}), S.IN_STOCK),
    A.SERVICE: (frozenset({S.IN_STOCK, S.RETURNED}), S.SERVICING),
    A.BACK: (frozenset({S.SERVICING}), S.IN_STOCK),
    A.RETIRE: (frozenset({S.IN_STOCK, S.RETURNED, S.SERVICING}), S.RETIRED),
}
# Moves made in the stock view; assign and return are made by assigning a device to a person
# and taking it off (the registry's assignment), so they keep to one place.
MANUAL = (A.SEND, A.RECEIVE, A.INSTALL, A.CHECK, A.SERVICE, A.BACK, A.RETIRE)

_WHY: Mapping[StockState, str] = {
    S.IN_TRANSPORT: "it is in transport; receive it at the unit first",
    S.ASSIGNED: "it is assigned to a person; take it off the person first",
    S.INSTALLED: "it is installed on a person; take it off the person first",
    S.RETURNED: "it was returned and awaits its check; check it first",
    S.SERVICING: "it is in servicing with the vendor; record it back first",
    S.RETIRED: "it is retired for good",
    S.IN_STOCK: "it is in stock",
}

# R47 sizes the stock at about 150 units for 100–110 people under monitoring: some 40 % more
# units than people, the spares that cover servicing, transport and new orders. A region whose
# units in stock fall below that share of its caseload is warned.
SPARE_SHARE = 0.4
SPARE_SHARE_SOURCE = "R47: ~150 units for 100–110 concurrent convicts"
SERVICING_OVERDUE_DAYS = 14  # the stock view's default for "out for servicing too long"
MAX_VENDOR = 120
MAX_LOCATION = 120
MAX_REASON = 500


class StockError(ValueError):
    """The move is not allowed from the device's state; the text says why."""


def move(state: str, action: str) -> StockState:
    """The state ``action`` leads to from ``state``, or ``StockError`` saying why not."""
    try:
        act = StockAction(action)
    except ValueError:
        raise StockError(
            f"unknown stock action {action!r}; one of {', '.join(a.value for a in MANUAL)}"
        ) from None
    if act not in MOVES:
        raise StockError(f"{act.value} is not a move of the stock")
    current = StockState(state)
    starts, leads_to = MOVES[act]
    if current not in starts:
        raise StockError(f"a device cannot be {_PAST[act]}: {_WHY[current]}")
    return leads_to


_PAST: Mapping[StockAction, str] = {
    A.SEND: "sent",
    A.RECEIVE: "received (it is not in transport)",
    A.ASSIGN: "assigned",
    A.INSTALL: "installed (it is not assigned to anyone)",
    A.RETURN: "returned (it is not with a person)",
    A.CHECK: "checked (it was not returned)",
    A.SERVICE: "sent to servicing",
    A.BACK: "recorded back from servicing (it is not in servicing)",
    A.RETIRE: "retired",
}


def text(value: str | None, what: str, limit: int, required: bool = False) -> str | None:
    """A free-text field trimmed, or ``StockError`` naming it."""
    cleaned = (value or "").strip() or None
    if cleaned is None and required:
        raise StockError(f"{what} is required")
    if cleaned is not None and len(cleaned) > limit:
        raise StockError(f"{what} is at most {limit} characters")
    return cleaned


def back_date(sent_at: datetime, back_on: date | None, now: datetime) -> date:
    """The day a unit came back from servicing: today unless given; never before it was
    sent, never in the future."""
    day = back_on or now.date()
    if day > now.date():
        raise StockError("the day it came back is in the future")
    if day < sent_at.date():
        raise StockError("the day it came back is before it was sent to servicing")
    return day


@dataclass(frozen=True, slots=True)
class StockFigures:
    counts: dict[str, int]  # state -> units
    by_model: dict[str, dict[str, int]]  # model -> state -> units
    total: int  # every unit not retired
    caseload: int  # people under an order in force
    spares_needed: int
    low: bool


def figures(devices: Iterable[Mapping[str, object]], caseload: int) -> StockFigures:
    """Counts by state and model; low when the units in stock are fewer than the spares R47's
    ratio asks for the caseload (at least one while anyone is monitored)."""
    counts = {s.value: 0 for s in StockState}
    by_model: dict[str, dict[str, int]] = {}
    for d in devices:
        state = str(d["stock_state"])
        counts[state] += 1
        model = str(d.get("model") or "")
        by_model.setdefault(model, {s.value: 0 for s in StockState})[state] += 1
    needed = math.ceil(caseload * SPARE_SHARE) if caseload else 0
    total = sum(n for s, n in counts.items() if s != S.RETIRED)
    return StockFigures(
        counts=counts,
        by_model=dict(sorted(by_model.items())),
        total=total,
        caseload=caseload,
        spares_needed=needed,
        low=counts[S.IN_STOCK] < needed,
    )


def overdue(sent_at: datetime, now: datetime, days: int) -> bool:
    """Out for servicing longer than ``days``."""
    return now - sent_at > timedelta(days=days)
