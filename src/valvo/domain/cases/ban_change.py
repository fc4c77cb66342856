"""Changing a travel ban's content or duration (PKL 2:12; R116).

The deciding authority may change the content or the duration for changed circumstances or
another important reason; the suspect may demand a change; the suspect is heard before the
decision. A locality obligation is the court's (PKL 2:5), so a change that keeps, adds or removes
one is the court's; any other ban is changed by the body that decided it. The new content is
checked like the original decision (PKL 2:2–2:3, R101–R105), the locality window included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from valvo.domain.cases.ban_content import BanContent, Decider, Obligation, check_content
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.travel_ban import BanStatus, TravelBan
from valvo.domain.clock import require_aware
from valvo.domain.law.plan_check import locality_window_errors
from valvo.domain.law.policy import LawPolicy


class ChangeReason(StrEnum):
    CHANGED_CIRCUMSTANCES = "changed_circumstances"  # muuttuneet olosuhteet
    OTHER_IMPORTANT_REASON = "other_important_reason"  # muu tärkeä syy


@dataclass(frozen=True, slots=True)
class BanChange:
    at: datetime
    decider: Decider
    reason_kind: ChangeReason
    reason: str
    demanded_by_suspect: bool
    heard_at: datetime | None


def required_decider(original: Decider, before: BanContent, after: BanContent) -> Decider:
    """PKL 2:12 with 2:5: the court for a locality obligation, else the ban's own decider."""
    if Obligation.LOCALITY in before.obligations or Obligation.LOCALITY in after.obligations:
        return Decider.COURT
    return original


def change_ban(
    ban: TravelBan,
    before: BanContent,
    after: BanContent,
    change: BanChange,
    *,
    original_decider: Decider,
    new_term: tuple[datetime | None] | None = None,
    policy: LawPolicy,
) -> TravelBan:
    """R116: the ban with its new content and term, or ``CaseError`` naming the rule.
    ``new_term``: ``None`` keeps the duration; ``(None,)`` makes the ban indefinite."""
    at = require_aware(change.at, "at")
    if at < ban.decided_at:
        raise CaseError("before_decision", f"{at.isoformat()} is before the ban was decided")
    status = ban.status_at(at, policy)
    if status in (BanStatus.REVOKED, BanStatus.LAPSED):
        raise CaseError("wrong_state", f"the ban is {status.value}; an ended ban is not changed")
    if not change.reason.strip():
        raise CaseError(
            "reason_missing",
            "say what changed or what other important reason there is (PKL 2:12, R116)",
        )
    if change.heard_at is None:
        raise CaseError(
            "hearing_missing", "the suspect is heard before a change is decided (PKL 2:12, R116)"
        )
    if require_aware(change.heard_at, "heard_at") > at:
        raise CaseError("hearing_after_change", "the hearing comes before the change (PKL 2:12)")
    needed = required_decider(original_decider, before, after)
    if change.decider is not needed:
        raise CaseError(
            "decision_right",
            f"this change is for the {needed.value}, the deciding authority (PKL 2:12, 2:5; "
            "R116, R141)",
        )
    check_content(after, policy)
    if after.locality_window is not None:
        errors = locality_window_errors(after.locality_window, policy, timezone=ban.timezone)
        if errors:
            raise CaseError(errors[0].code, errors[0].message)
    if ban.status is BanStatus.PROVISIONAL and after.locality_window is None:
        raise CaseError(
            "provisional_without_locality",
            "a provisional ban keeps its locality obligation until the court decides "
            "(PKL 2:5, R109)",
        )
    term = ban.term_ends_at
    if new_term is not None:
        term = None if new_term[0] is None else require_aware(new_term[0], "term_ends_at")
        if term is not None and term <= at:
            raise CaseError("term_in_past", "a changed term ends after the change (R103, R116)")
    if after == before and term == ban.term_ends_at:
        raise CaseError("no_change", "the change alters neither the content nor the duration")
    return replace(ban, locality_window=after.locality_window, term_ends_at=term)
