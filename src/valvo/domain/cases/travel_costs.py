"""Travel costs of a monitoring sentence (§22; R96–R99).

Paid from state funds: the suspect's necessary costs of the report, the convict's of the plan,
and travel to the place of the activity obligation (§2.4). Travel to work, study or treatment
is not reimbursed. Other travel may be, in an individual case, when the convict's lack of means
or the nature of the costs justifies it. The rate is the cheapest public transport. No fee is
ever charged to the convict (R99).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from valvo.domain.cases.errors import CaseError


class TripPurpose(StrEnum):
    REPORT = "report"  # §22.1: the suspect, for the report
    PLAN = "plan"  # §22.1: the convict, for the plan
    ACTIVITY = "activity"  # §22.1: to the activity-obligation place (§2.4)
    WORK = "work"  # §22.1: not reimbursed
    STUDY = "study"  # §22.1: not reimbursed
    TREATMENT = "treatment"  # §22.1: not reimbursed
    OTHER = "other"  # §22.2: only with a justification


class DiscretionaryGround(StrEnum):
    LACK_OF_MEANS = "lack_of_means"  # §22.2: varattomuus
    NATURE_OF_COSTS = "nature_of_costs"  # §22.2: matkakustannusten peruste


REIMBURSED = {TripPurpose.REPORT, TripPurpose.PLAN, TripPurpose.ACTIVITY}
EXCLUDED = {TripPurpose.WORK, TripPurpose.STUDY, TripPurpose.TREATMENT}


@dataclass(frozen=True, slots=True)
class ClaimDecision:
    approved: bool
    amount_cents: int  # what is paid: at most the cheapest public-transport fare (R98)
    reason: str


def decide_claim(
    purpose: TripPurpose,
    *,
    claimed_cents: int,
    cheapest_fare_cents: int,
    fare_basis: str,
    ground: DiscretionaryGround | None = None,
    justification: str | None = None,
) -> ClaimDecision:
    if claimed_cents < 0 or cheapest_fare_cents < 0:
        raise CaseError("negative_amount", "amounts are zero or more cents")
    if not fare_basis.strip():
        raise CaseError(
            "fare_basis_missing",
            "name the cheapest public-transport fare the amount is based on (§22.3, R98)",
        )
    if purpose in EXCLUDED:
        return ClaimDecision(
            False,
            0,
            f"travel to {purpose.value} is not reimbursed (§22.1, R96)",
        )
    if purpose is TripPurpose.OTHER and (ground is None or not (justification or "").strip()):
        raise CaseError(
            "justification_missing",
            "other travel is reimbursed only when lack of means or the nature of the costs "
            "justifies it in the individual case, recorded with the reason (§22.2, R97)",
        )
    amount = min(claimed_cents, cheapest_fare_cents)
    capped = (
        " (capped at the cheapest public-transport fare, §22.3, R98)"
        if amount < claimed_cents
        else ""
    )
    rule = "§22.2, R97" if purpose is TripPurpose.OTHER else "§22.1, R96"
    return ClaimDecision(True, amount, f"{purpose.value}: reimbursed ({rule}){capped}")
