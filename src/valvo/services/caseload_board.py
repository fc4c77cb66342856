"""The caseload board: every person under monitoring with their live status, searched, filtered,
sorted and paged in the database (one indexed query for the page, one batched read of the page's
devices, plans and states: no read per person). It shows personal data (names, birth dates,
identity codes), so every read is recorded in the audit trail; it shows no location (the last
contact is a time, not a place: the map's markers are read through the audited position reads).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from valvo.domain.clock import require_aware
from valvo.domain.identity_code import normalise
from valvo.domain.rules.status import breaches, device_condition
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput
from valvo.services.registry import parse_schedule

MAX_PAGE = 200
MAX_SEARCH = 100


class BoardSort(StrEnum):
    ATTENTION = "attention"  # in breach, then open alarms, then silent devices, then name
    NAME = "name"
    LAST_SEEN = "last_seen"
    ALARMS = "alarms"
    REGION = "region"


@dataclass(frozen=True, kw_only=True)
class BoardQuery:
    """What the board asks for; ``None`` filters do not filter."""

    search: str | None = None
    region: str | None = None
    in_breach: bool | None = None
    open_alarms: bool | None = None
    silent: bool | None = None
    low_battery: bool | None = None
    monitored_only: bool = True  # only people with an order in force now
    sort: BoardSort = BoardSort.ATTENTION
    descending: bool = False
    limit: int = 50
    offset: int = 0

    def checked(self) -> BoardQuery:
        if not 1 <= self.limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be 1 to {MAX_PAGE}")
        if self.offset < 0:
            raise InvalidInput("offset must not be negative")
        search = None if self.search is None else self.search.strip() or None
        if search is not None and len(search) > MAX_SEARCH:
            raise InvalidInput(f"the search is longer than {MAX_SEARCH} characters")
        return replace(self, search=search)

    @property
    def code(self) -> str | None:
        """The search as a personal identity code or a case number would be written."""
        return None if self.search is None else normalise(self.search)


@dataclass(frozen=True)
class BoardPage:
    total: int
    rows: list[dict[str, Any]] = field(default_factory=list)


class CaseloadBoardRepository(Protocol):
    def page(self, query: BoardQuery, now: datetime) -> BoardPage:
        """The page's people with their summary columns, and how many match in all."""
        ...

    def details(
        self, subject_ids: Sequence[str], page_names: Sequence[str], now: datetime
    ) -> dict[str, Any]:
        """For the page's people: ``states`` (id → stored state), ``devices`` (id → rows),
        ``plans`` (id → the latest plan of each order in force), ``namesakes`` (each of
        ``page_names`` → how many people of that name the scope holds)."""
        ...


def read_board(board: CaseloadBoardRepository, query: BoardQuery, now: datetime) -> BoardPage:
    now = require_aware(now, "now")
    query = query.checked()
    page = board.page(query, now)
    ids = [r["id"] for r in page.rows]
    details = board.details(ids, [r["name"] for r in page.rows], now) if ids else {}
    return BoardPage(page.total, [_row(r, details, now) for r in page.rows])


def _row(row: Mapping[str, Any], details: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    sid = row["id"]
    state: Mapping[str, Any] = details["states"].get(sid) or {}
    conditions: Mapping[str, Any] = state.get("open_conditions") or {}
    seen: Mapping[str, str] = state.get("device_seen") or {}
    battery: Mapping[str, float] = state.get("device_battery") or {}
    devices = []
    for d in details["devices"].get(sid, []):
        ident = d["identifier"]
        heard = seen.get(ident)
        silent = device_condition(conditions, ident, "silent")
        devices.append(
            {
                "id": d["id"],
                "identifier": ident,
                "kind": d["kind"],
                "model": d["model"],
                "last_heard": None if heard is None else datetime.fromisoformat(heard),
                "connection": "never_heard" if heard is None else "silent" if silent else "ok",
                "battery_pct": battery.get(ident),
                "low_battery": device_condition(conditions, ident, "battery"),
            }
        )
    plans = details["plans"].get(sid, [])
    presence = None
    if plans:
        presence = any(
            parse_schedule(
                p["timezone"], p["weekly"], p["one_off"], p["version"]
            ).requires_presence(now)
            for p in plans
        )
    code = row["identity_code"]
    return {
        "id": sid,
        "name": row["name"],
        "region": row["region"],
        "birth_date": row["birth_date"],
        # Enough to tell people apart and confirm a search; the full code stays in the registry.
        "identity_code": None if code is None else f"{code[:7]}****",
        "case_number": row["case_number"],
        "namesakes": max(0, details["namesakes"].get(row["name"], 1) - 1),
        "order_types": sorted({p["order_type"] for p in plans}),
        "last_seen": row["last_seen"],
        "in_breach": bool(row["in_breach"]),
        "breaches": [k.split(":", 1)[0] for k in breaches(conditions)],
        "silent_devices": int(row["silent_devices"] or 0),
        "low_battery": bool(row["low_battery"]),
        "battery_pct": row["battery_pct"],
        "open_alarms": int(row["open_alarms"]),
        "presence_required": presence,
        "devices": devices,
        "has_fix": state.get("last_fix") is not None,
    }


@dataclass(frozen=True, kw_only=True)
class ReadCaseloadBoard(Command):
    query: BoardQuery
    peer: str | None = None


def read_caseload_board(cmd: ReadCaseloadBoard, uow: Any) -> BoardPage:
    with uow:
        page = read_board(uow.board, cmd.query, cmd.at)
        q = cmd.query
        asked = {
            k: v
            for k, v in {
                "search": q.search,
                "region": q.region,
                "in_breach": q.in_breach,
                "open_alarms": q.open_alarms,
                "silent": q.silent,
                "low_battery": q.low_battery,
            }.items()
            if v is not None
        }
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="caseload_board",
            target_id=None,
            peer=cmd.peer,
            details={"count": len(page.rows), "total": page.total, **asked},
        )
        uow.commit()
    return page


HANDLERS: dict[type[Command], Handler] = {ReadCaseloadBoard: read_caseload_board}
