"""The court's preconditions for a monitoring sentence (RL 6:11a; R1, R3, R4).

The consents (R3 d, e) come from the completed report (``report.sentencing_obstacles``); the
rest the court states in its judgment and the case records: the bar to community service and
its reason, that the sentence promotes social coping, that no special reason stands in the way
(R4: for example an offence against a co-resident), that the obligations can be ordered on the
report, and that the offender can be assumed to cope.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from valvo.domain.cases.errors import CaseError


class CommunityServiceBar(StrEnum):  # RL 6:11.1
    EARLIER_PRISON = "earlier_prison"
    EARLIER_COMMUNITY_SERVICE = "earlier_community_service"
    OTHER_WEIGHTY_REASON = "other_weighty_reason"


@dataclass(frozen=True, slots=True)
class SentencingGrounds:
    community_service_bar: CommunityServiceBar | None
    promotes_social_coping: bool
    special_obstacle: str | None  # R4: a reason that refuses the sentence
    obligations_orderable: bool
    can_cope: bool
    replaced_prison_days: int
    court: str


def check_grounds(grounds: SentencingGrounds, length_days: int) -> None:
    problems: list[str] = []
    if grounds.community_service_bar is None:
        problems.append("no bar to community service is recorded (RL 6:11.1, R3 a)")
    if not grounds.promotes_social_coping:
        problems.append("the sentence must promote social coping (RL 6:11a, R3 b)")
    if grounds.special_obstacle and grounds.special_obstacle.strip():
        problems.append(f"a special reason stands in the way: {grounds.special_obstacle} (R4)")
    if not grounds.obligations_orderable:
        problems.append("the obligations cannot be ordered on the report (RL 6:11a, R3 f)")
    if not grounds.can_cope:
        problems.append("the offender is not assumed to cope (RL 6:11a, R3 g)")
    if not grounds.court.strip():
        problems.append("the sentencing court is missing (§16, R5)")
    if problems:
        raise CaseError("sentencing_precondition", "; ".join(problems))
    if grounds.replaced_prison_days != length_days:
        raise CaseError(
            "length_differs_from_prison",
            f"the monitoring sentence ({length_days} days) is as long as the prison sentence it "
            f"replaces ({grounds.replaced_prison_days} days) (RL 6:11a, R1)",
        )
