"""The suspect's petitions about a travel ban (PKL 2:12, 2:13; R116, R117).

Two kinds, both waiting in a deciding body's queue until answered:

- **review** (PKL 2:13.2, R117): before charges, a person whose ban has *no* locality
  obligation may bring the ban decided by the police or the prosecutor to the court. The court
  hears the official entitled to arrest and lifts the ban wholly or in part if its conditions
  no longer hold, or rejects the petition.
- **change** (PKL 2:12, R116): the person may demand a change of the ban's content or term
  from the authority that decided it (the court for a locality obligation). It is granted by
  recording the change (demanded by the suspect), or declined.

Pure: instants are passed in and must be aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from valvo.domain.cases.ban_content import Decider
from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware


class PetitionKind(StrEnum):
    REVIEW = "review"  # PKL 2:13.2: to the court, ban without a locality obligation
    CHANGE = "change"  # PKL 2:12: to the deciding authority


class PetitionOutcome(StrEnum):
    REVOKED = "revoked"  # review: the court lifts the ban
    PARTLY_REVOKED = "partly_revoked"  # review: the court lifts part of it
    REJECTED = "rejected"  # review: the ban stands
    GRANTED = "granted"  # change: the change was recorded
    DECLINED = "declined"  # change: no change


OUTCOMES = {
    PetitionKind.REVIEW: (
        PetitionOutcome.REVOKED,
        PetitionOutcome.PARTLY_REVOKED,
        PetitionOutcome.REJECTED,
    ),
    PetitionKind.CHANGE: (PetitionOutcome.GRANTED, PetitionOutcome.DECLINED),
}


@dataclass(frozen=True, slots=True)
class BanFacts:
    """What the petition rules need to know about the ban."""

    decided_at: datetime
    decider: Decider
    locality: bool
    charges_at: datetime | None
    open: bool  # provisional, in force or extended now
    pending: tuple[PetitionKind, ...]  # petitions filed and not yet answered


def decides(kind: PetitionKind, ban_decider: Decider, locality: bool) -> Decider:
    """Whose queue the petition waits in: the court reviews (PKL 2:13); a change is for the
    ban's decider, the court whenever a locality obligation is in force (PKL 2:5, 2:12)."""
    if kind is PetitionKind.REVIEW or locality:
        return Decider.COURT
    return ban_decider


def check_filing(kind: PetitionKind, ban: BanFacts, *, at: datetime, grounds: str) -> datetime:
    """R117 (PKL 2:13.2) and R116 (PKL 2:12): who may petition, and when."""
    at = require_aware(at, "at")
    if at < ban.decided_at:
        raise CaseError("before_decision", "a petition follows the decision on the ban")
    if not grounds.strip():
        raise CaseError("grounds_missing", "say what the person asks and why")
    if not ban.open:
        raise CaseError("ban_not_in_force", "the ban has ended; there is nothing to petition")
    if kind in ban.pending:
        raise CaseError(
            "petition_pending", f"a {kind.value} petition is already waiting for its decision"
        )
    if kind is PetitionKind.CHANGE:
        return at
    if ban.locality:
        raise CaseError(
            "review_with_locality",
            "a person under a locality obligation cannot bring the ban to court this way; that "
            "ban is the court's own decision (PKL 2:13, R117)",
        )
    if ban.decider is Decider.COURT:
        raise CaseError(
            "review_of_court_ban",
            "the court's own ban is challenged by a complaint, not a petition (PKL 2:13, 2:17)",
        )
    if ban.charges_at is not None and ban.charges_at <= at:
        raise CaseError(
            "review_after_charges",
            "a ban is brought to court for review only before charges (PKL 2:13, R117)",
        )
    return at


def check_decision(
    kind: PetitionKind,
    outcome: PetitionOutcome,
    *,
    filed_at: datetime,
    at: datetime,
    official_heard: bool,
    details: str | None,
    change_recorded: bool,
) -> datetime:
    """R117: the court decides a review after giving the official entitled to arrest the
    opportunity to be heard; a partial lifting says what is lifted. R116: a change petition is
    granted by the change itself, recorded as demanded by the suspect."""
    at = require_aware(at, "at")
    if at < filed_at:
        raise CaseError("before_petition", "the decision follows the petition")
    if outcome not in OUTCOMES[kind]:
        allowed = ", ".join(o.value for o in OUTCOMES[kind])
        raise CaseError(
            "outcome_for_kind", f"a {kind.value} petition is decided as one of: {allowed}"
        )
    if kind is PetitionKind.REVIEW and not official_heard:
        raise CaseError(
            "official_not_heard",
            "the court gives the official entitled to arrest the opportunity to be heard "
            "before deciding (PKL 2:13, R117)",
        )
    if outcome is PetitionOutcome.PARTLY_REVOKED and not (details or "").strip():
        raise CaseError("partly_what", "say which part of the ban the court lifts (PKL 2:13)")
    if outcome is PetitionOutcome.GRANTED and not change_recorded:
        raise CaseError(
            "change_not_recorded",
            "record the change itself first (as demanded by the person), then it answers the "
            "petition (PKL 2:12, R116)",
        )
    return at
