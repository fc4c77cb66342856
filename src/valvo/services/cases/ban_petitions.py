"""The suspect's petitions about a travel ban (PKL 2:12, 2:13; R116, R117): filed on the
case's timeline, waiting in the deciding body's queue, answered by a recorded decision.

A review petition (PKL 2:13.2) goes to the court; the court lifting the ban revokes it at once.
A change petition (PKL 2:12) goes to the ban's decider (the court for a locality obligation);
recording a change demanded by the suspect answers it as granted (``answer_by_change``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.ban_content import Decider, Obligation
from valvo.domain.cases.ban_petition import (
    BanFacts,
    PetitionKind,
    PetitionOutcome,
    check_decision,
    check_filing,
    decides,
)
from valvo.domain.cases.travel_ban import BanStatus
from valvo.services.cases.ban_state import load_ban, save_ban
from valvo.services.cases.ban_steps import end_ban
from valvo.services.cases.common import (
    choice,
    instant_not_in_future,
    lawful,
    new_id,
    policy_of,
    record_decision,
    record_step,
)
from valvo.services.errors import InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

FILED = "petition_filed"
DECIDED = "petition_decided"
_OPEN = (BanStatus.PROVISIONAL, BanStatus.IN_FORCE, BanStatus.EXTENDED)


def _facts(uow: UnitOfWork, case: dict[str, Any], now: datetime) -> BanFacts:
    _, ban = load_ban(uow, case["id"])
    row = uow.cases.get("travel_bans", case["id"])
    assert row is not None
    pending = tuple(
        PetitionKind(p["kind"]) for p in petitions_of(uow, case["id"]) if p["outcome"] is None
    )
    return BanFacts(
        decided_at=ban.decided_at,
        decider=Decider(row["decided_by"]),
        locality=Obligation.LOCALITY.value in row["obligations"],
        charges_at=ban.charges_at,
        open=ban.status_at(now, policy_of(case)) in _OPEN,
        pending=pending,
    )


def file_petition(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    kind: str,
    at: datetime,
    grounds: str,
) -> dict[str, Any]:
    """R117 (PKL 2:13.2) and R116 (PKL 2:12): the person's petition as it reaches the body
    that decides it, with what it asks."""
    instant_not_in_future(now, at, "at")
    what = choice(PetitionKind, kind, "kind")
    case, _ = load_ban(uow, case_id)
    facts = _facts(uow, case, now)
    filed = lawful(lambda: check_filing(what, facts, at=at, grounds=grounds))
    details = {
        "petition_id": new_id(),
        "kind": what.value,
        "filed_at": filed,
        "grounds": grounds.strip(),
        "decides": decides(what, facts.decider, facts.locality).value,
    }
    record_step(uow, case, actor, now, FILED, details)
    return case


def decide_petition(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    petition_id: str,
    at: datetime,
    outcome: str,
    decided_by: str,
    official_heard: bool = False,
    details: str | None = None,
    court: str | None = None,
) -> dict[str, Any]:
    """R117: the court's review, after hearing the official entitled to arrest; lifting the
    ban revokes it at once. R116: a change petition declined by its deciding authority."""
    instant_not_in_future(now, at, "at")
    result = choice(PetitionOutcome, outcome, "outcome")
    case, before = load_ban(uow, case_id)
    petition = next((p for p in petitions_of(uow, case_id) if p["id"] == petition_id), None)
    if petition is None:
        raise NotFound(f"no petition {petition_id!r} on this case")
    if petition["outcome"] is not None:
        raise InvalidInput("petition_decided: this petition already has its decision")
    if decided_by != petition["decides"]:
        raise InvalidInput(
            f"decision_right: this petition is for the {petition['decides']} to decide "
            "(PKL 2:12, 2:13)"
        )
    kind = PetitionKind(petition["kind"])
    if kind is PetitionKind.REVIEW and not (court or "").strip():
        raise InvalidInput("court_missing: name the court that reviewed the ban")
    lawful(
        lambda: check_decision(
            kind,
            result,
            filed_at=petition["filed_at"],
            at=at,
            official_heard=official_heard,
            details=details,
            change_recorded=False,
        )
    )
    after = before
    if result is PetitionOutcome.REVOKED:
        after = lawful(lambda: before.revoke(at))
    _record(uow, case, actor, now, petition, result, at, decided_by, court, details, official_heard)
    if after is not before:  # the ban ends as any revocation does
        save_ban(uow, case_id, after)
        end_ban(uow, case, at, now)
        return {**case, "status": after.status.value}
    return case


def answer_by_change(
    uow: UnitOfWork, case: dict[str, Any], actor: str, now: datetime, at: datetime, by: str
) -> None:
    """R116: a change recorded as demanded by the person answers their pending change
    petition (filed before it) as granted."""
    for petition in petitions_of(uow, case["id"]):
        pending = petition["kind"] == PetitionKind.CHANGE and petition["outcome"] is None
        if pending and petition["filed_at"] <= at:
            granted = PetitionOutcome.GRANTED
            _record(uow, case, actor, now, petition, granted, at, by, None, None, False)


def _record(
    uow: UnitOfWork,
    case: dict[str, Any],
    actor: str,
    now: datetime,
    petition: dict[str, Any],
    outcome: PetitionOutcome,
    at: datetime,
    decided_by: str,
    court: str | None,
    details: str | None,
    official_heard: bool,
) -> None:
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind=DECIDED,
        decided_by=decided_by,
        decided_at=at,
        court=(court or "").strip() or None,
        details={
            "petition_id": petition["id"],
            "kind": petition["kind"],
            "outcome": outcome.value,
            "official_heard": official_heard,
            "details": (details or "").strip() or None,
        },
        status=BanStatus.REVOKED.value if outcome is PetitionOutcome.REVOKED else None,
    )


def petitions_of(uow: UnitOfWork, case_id: str) -> list[dict[str, Any]]:
    """R116, R117: the case's petitions, each with its decision once made."""
    outcomes = {
        d["details"]["petition_id"]: d
        for d in uow.cases.find("case_decisions", case_id=case_id)
        if d["kind"] == DECIDED
    }
    rows: list[dict[str, Any]] = []
    for event in uow.cases.find("case_events", case_id=case_id):
        if event["kind"] != FILED:
            continue
        d = event["details"]
        decided = outcomes.get(d["petition_id"])
        rows.append(
            {
                "id": d["petition_id"],
                "kind": d["kind"],
                "filed_at": datetime.fromisoformat(d["filed_at"]),
                "grounds": d["grounds"],
                "decides": d["decides"],
                "outcome": None if decided is None else decided["details"]["outcome"],
                "decided_at": None if decided is None else decided["decided_at"],
                "court": None if decided is None else decided["court"],
                "official_heard": None
                if decided is None
                else decided["details"].get("official_heard"),
                "details": None if decided is None else decided["details"].get("details"),
            }
        )
    return sorted(rows, key=lambda p: p["filed_at"])
