"""Travel-ban deadlines (PKL 2:7, 2:14; R111, R118).

The draft counts in *vuorokausi*, periods of 24 hours: 3 of them (72 h) to bring a provisional
locality-obligation decision to court, 7 for the court to take it up, 60 for charges before the
ban lapses. They are elapsed time, so they are added to the UTC instant: across a change to or
from daylight-saving time the wall-clock hour of the deadline moves by one, the duration never.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from valvo.domain.clock import require_aware
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy


@dataclass(frozen=True, slots=True)
class TravelBanDeadlines:
    charges_deadline: datetime  # PKL 2:14: the ban lapses unless charges are brought by then
    court_referral_deadline: datetime | None  # PKL 2:7.1, provisional locality obligation only
    court_hearing_deadline: datetime | None  # PKL 2:7.2, provisional locality obligation only


def travel_ban_deadlines(
    decided_at: datetime, *, provisional_locality: bool, policy: LawPolicy
) -> TravelBanDeadlines:
    decided = require_aware(decided_at, "decided_at")
    try:
        charges = decided + policy.charges_limit
        referral = decided + policy.court_referral_limit if provisional_locality else None
        hearing = decided + policy.court_hearing_limit if provisional_locality else None
    except OverflowError:
        raise LawInputError(
            "date_out_of_range", f"decided at {decided.isoformat()}: deadlines pass year 9999"
        ) from None
    return TravelBanDeadlines(
        charges_deadline=charges, court_referral_deadline=referral, court_hearing_deadline=hearing
    )
