"""A travel ban after its decision (PKL 2:7, 2:13–2:15; R111, R117–R119): the court referral and
decision, charges, extension, revocation and lapse, and the passport (PKL 2:4; R108)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from valvo.domain.cases.ban_content import Decider, PassportStatus, SentenceKind
from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.travel_ban import BanStatus, ConvictionEnd, CourtHearing, ExtensionHearing
from valvo.domain.law.policy import LawPolicy
from valvo.services.cases.ban_state import load_ban, save_ban
from valvo.services.cases.common import (
    cancel_tasks,
    choice,
    close_tasks,
    instant_not_in_future,
    lawful,
    open_task,
    policy_of,
    record_decision,
    record_step,
)
from valvo.services.cases.sentences import end_enforcement
from valvo.services.errors import InvalidInput
from valvo.services.ports import UnitOfWork


def refer_to_court(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, at: datetime, court: str
) -> dict[str, Any]:
    """R111(a): a provisional decision reaches the court within 72 hours."""
    instant_not_in_future(now, at, "at")
    if not court.strip():
        raise InvalidInput("court_missing: name the court (PKL 2:9)")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.refer_to_court(at))
    save_ban(uow, case_id, after, {"court": court})
    close_tasks(uow, case_id, (DeadlineKind.COURT_REFERRAL,), at)
    record_step(uow, case, actor, now, "referred_to_court", {"at": at, "court": court})
    return case


def court_decides(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    confirmed: bool,
    court: str,
    suspect_heard: str | None = None,
) -> dict[str, Any]:
    """R111(b), R119: the court takes the provisional ban up within 7 days; it stands until
    then, and is revoked if the court refuses it. R112 (PKL 2:8.2): how the suspect was heard."""
    instant_not_in_future(now, at, "at")
    heard = None if suspect_heard is None else choice(CourtHearing, suspect_heard, "suspect_heard")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.court_decides(at, confirmed=confirmed, suspect_heard=heard))
    save_ban(uow, case_id, after, {"court_hearing": None if heard is None else heard.value})
    close_tasks(uow, case_id, (DeadlineKind.COURT_HEARING,), at)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="court_confirms_ban" if confirmed else "court_refuses_ban",
        decided_by="court",
        decided_at=at,
        court=court,
        details={"suspect_heard": None if heard is None else heard.value},
        status=after.status.value,
    )
    if not confirmed:
        end_ban(uow, case, at, now)
    return {**case, "status": after.status.value}


def bring_charges(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, at: datetime
) -> dict[str, Any]:
    """R118, R119: charges in time keep the ban until the main hearing."""
    instant_not_in_future(now, at, "at")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.bring_charges(at, policy_of(case)))
    save_ban(uow, case_id, after)
    close_tasks(uow, case_id, (DeadlineKind.CHARGES,), at)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="charges_brought",
        decided_by="prosecutor",
        decided_at=at,
        court=None,
    )
    return case


def request_extension(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, at: datetime
) -> dict[str, Any]:
    """R118: the official asks the court to extend, within the 60 days."""
    instant_not_in_future(now, at, "at")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.request_extension(at, policy_of(case)))
    save_ban(uow, case_id, after)
    record_step(uow, case, actor, now, "extension_requested", {"at": at})
    return case


def hear_on_extension(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    hearing: str,
    court: str,
) -> dict[str, Any]:
    """R118 (PKL 2:14.2): before deciding the request the court gives the person the
    opportunity to be heard; recorded with its time and whether the person used it."""
    instant_not_in_future(now, at, "at")
    if not court.strip():
        raise InvalidInput("court_missing: name the court")
    how = choice(ExtensionHearing, hearing, "hearing")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.hear_on_extension(at, how))
    save_ban(uow, case_id, after)
    record_step(
        uow,
        case,
        actor,
        now,
        "extension_hearing",
        {"at": at, "hearing": how.value, "court": court.strip()},
    )
    return case


def extend(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    until: datetime | None,
    court: str,
    granted: bool = True,
) -> dict[str, Any]:
    """R118: the court decides the official's timely request after the person's hearing:
    extended, the lapse moves to ``until``; refused, the ban lapses at the 60 days."""
    instant_not_in_future(now, at, "at")
    if not court.strip():
        raise InvalidInput("court_missing: name the court")
    if granted and until is None:
        raise InvalidInput("until_missing: an extension says until when (PKL 2:14)")
    if not granted and until is not None:
        raise InvalidInput("until_refused: a refused extension has no new end")
    case, before = load_ban(uow, case_id)
    law = policy_of(case)
    if until is None:
        after = lawful(lambda: before.refuse_extension(at, law))
    else:
        after = lawful(lambda: before.extend(at, until, law))
    save_ban(uow, case_id, after)
    if until is not None:
        close_tasks(uow, case_id, (DeadlineKind.CHARGES,), at)
        open_task(uow, case_id, DeadlineKind.CHARGES, until, now)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="court_extends_ban" if until is not None else "court_refuses_extension",
        decided_by="court",
        decided_at=at,
        court=court.strip(),
        details={
            "until": None if until is None else until.isoformat(),
            "hearing": None if after.extension_hearing is None else after.extension_hearing.value,
        },
        status=after.status.value,
    )
    return {**case, "status": after.status.value}


def revoke(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    decided_by: str,
    reason: str,
) -> dict[str, Any]:
    """R117 (PKL 2:13): revoked immediately once its conditions cease."""
    instant_not_in_future(now, at, "at")
    decider = choice(Decider, decided_by, "decided_by")
    if not reason.strip():
        raise InvalidInput("reason_missing: say which condition ceased (PKL 2:13)")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.revoke(at))
    save_ban(uow, case_id, after)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="ban_revoked",
        decided_by=decider.value,
        decided_at=at,
        court=None,
        details={"reason": reason},
        status=after.status.value,
    )
    end_ban(uow, case, at, now)
    return {**case, "status": after.status.value}


def lapse(uow: UnitOfWork, actor: str, now: datetime, *, case_id: str) -> dict[str, Any]:
    """R118: record that the ban ceased by law: no charges within 60 days (or the extension),
    or its fixed term ended. The lapse instant is the law's, not the recording's."""
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.lapse(now, policy_of(case)))
    save_ban(uow, case_id, after)
    ended = after.ended_at or now
    record_step(uow, case, actor, now, "ban_lapsed", {"at": ended}, status=BanStatus.LAPSED.value)
    end_ban(uow, case, ended, now)
    return {**case, "status": after.status.value}


def convict(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    sentence: str,
    continues: bool,
    court: str,
) -> dict[str, Any]:
    """R120 (PKL 2:16): at the judgment the court keeps the ban in force (indefinitely, until
    enforcement begins) only for unconditional prison; otherwise the ban ends with it. R125:
    the days under the ban are recorded with what is credited (nothing unless RL 6:13 allows)."""
    instant_not_in_future(now, at, "at")
    if not court.strip():
        raise InvalidInput("court_missing: name the court that gave the judgment")
    kind = choice(SentenceKind, sentence, "sentence")
    case, before = load_ban(uow, case_id)
    law = policy_of(case)
    after = lawful(lambda: before.convict(at, law, sentence=kind, continues=continues))
    save_ban(uow, case_id, after, {"sentence_kind": kind.value, "term_ends_at": after.term_ends_at})
    credit = ban_credit(before.decided_at, at, case["timezone"], law)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="conviction_ban_continues" if continues else "conviction_ban_ends",
        decided_by="court",
        decided_at=at,
        court=court.strip(),
        details={"sentence": kind.value, **credit},
        status=after.status.value,
    )
    if continues:
        cancel_tasks(uow, case_id, at)  # no 60-day lapse or main-hearing limit any more
    else:
        end_ban(uow, case, at, now)
    return {**case, "status": after.status.value}


def end_conviction_ban(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    reason: str,
    court: str | None = None,
) -> dict[str, Any]:
    """R120 (PKL 2:16): a convicted person's ban ends when enforcement of the prison sentence
    begins (recorded by the police) or on a higher court's order (the court names itself)."""
    instant_not_in_future(now, at, "at")
    why = choice(ConvictionEnd, reason, "reason")
    if why is ConvictionEnd.HIGHER_COURT_ORDER and not (court or "").strip():
        raise InvalidInput("court_missing: name the higher court that ordered the ban to end")
    case, before = load_ban(uow, case_id)
    after = lawful(lambda: before.end_after_conviction(at, why))
    save_ban(uow, case_id, after)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="conviction_ban_ended",
        decided_by="court" if why is ConvictionEnd.HIGHER_COURT_ORDER else "police",
        decided_at=at,
        court=(court or "").strip() or None,
        details={"reason": why.value},
        status=after.status.value,
    )
    end_ban(uow, case, at, now)
    return {**case, "status": after.status.value}


def ban_credit(
    decided_at: datetime, until: datetime, timezone: str, law: LawPolicy
) -> dict[str, Any]:
    """R125 (RL 6:13; 6.3, 7.2): the calendar days under the ban, and the days credited
    against the sentence: none unless the policy says RL 6:13 credits travel-ban time."""
    zone = ZoneInfo(timezone)
    days = (until.astimezone(zone).date() - decided_at.astimezone(zone).date()).days + 1
    return {
        "ban_days": days,
        "credited_days": days if law.ban_time_credited else 0,
        "credit_rule": "RL 6:13 (R125)",
    }


def end_ban(uow: UnitOfWork, case: dict[str, Any], at: datetime, now: datetime) -> None:
    cancel_tasks(uow, case["id"], at)
    ban = uow.cases.get("travel_bans", case["id"])
    assert ban is not None
    end_enforcement(uow, case, [ban["device_id"]], now)


def update_passport(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, status: str, on: Any
) -> dict[str, Any]:
    """R108 (PKL 2:4): surrendered to the police (with the date), none held, or refused."""
    case, _ = load_ban(uow, case_id)
    passport = choice(PassportStatus, status, "status")
    if (passport is PassportStatus.SURRENDERED) != (on is not None):
        raise InvalidInput("passport_date: a surrendered passport has its date, no other (R108)")
    values = {"passport_status": passport.value, "passport_surrendered_on": on}
    uow.cases.update("travel_bans", case_id, values)
    record_step(uow, case, actor, now, "passport", {"status": passport.value, "on": on})
    return values
