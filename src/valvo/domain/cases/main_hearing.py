"""The main hearing of a travel-ban case (PKL 2:15; R119).

A ban is valid until the main hearing of the criminal case unless it ends earlier; once charges
are brought the court sets the hearing's date. When the court cancels or postpones the main
hearing it must decide whether the ban continues: the decision is required, never assumed.
Pure: instants are passed in and must be aware.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware


class HearingChange(StrEnum):
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


def check_setting(*, at: datetime, hearing_at: datetime, charges_at: datetime | None) -> datetime:
    """R119: the main hearing follows charges; it is set for a time after the decision."""
    at = require_aware(at, "at")
    hearing = require_aware(hearing_at, "hearing_at")
    if charges_at is None:
        raise CaseError("no_charges", "a main hearing is set once charges are brought (PKL 2:15)")
    if hearing <= at:
        raise CaseError("hearing_not_later", "the main hearing is set for a later time")
    return hearing


def check_change(
    *,
    at: datetime,
    change: HearingChange,
    hearing_at: datetime | None,
    new_hearing_at: datetime | None,
    ban_continues: bool | None,
) -> datetime | None:
    """R119 (PKL 2:15): a cancelled or postponed hearing needs the court's decision on whether
    the ban continues; a postponed one has its new time, a cancelled one has none."""
    at = require_aware(at, "at")
    if hearing_at is None:
        raise CaseError("no_hearing", "no main hearing has been set for this ban")
    if ban_continues is None:
        raise CaseError(
            "continuation_required",
            "the court decides whether the ban continues when the main hearing is cancelled "
            "or postponed (PKL 2:15)",
        )
    if change is HearingChange.CANCELLED:
        if new_hearing_at is not None:
            raise CaseError("new_time_for_cancelled", "a cancelled hearing has no new time")
        return None
    if new_hearing_at is None:
        raise CaseError("new_time_missing", "a postponed hearing needs its new time")
    new = require_aware(new_hearing_at, "new_hearing_at")
    if new <= at:
        raise CaseError("hearing_not_later", "the postponed hearing is set for a later time")
    return new
