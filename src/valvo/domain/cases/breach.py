"""Breaches of a monitoring sentence and KHL's response (§14; R78–R83).

A minor breach of a §8 or §11 duty gets a written warning, and only after the convict was heard
(§14.1; R78). Not heeding a warning, intoxication, a serious breach, or not starting or abandoning
the sentence go to court with no warning first (§14.3; R81, R82), and at the same moment
enforcement is prohibited or interrupted (R81). A suspected breach that cannot be cleared at once
may interrupt enforcement provisionally for at most one month (§14.2; R80).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.law.calendar import add_months
from valvo.domain.law.policy import LawPolicy


class BreachKind(StrEnum):
    MINOR = "minor"  # §14.1
    WARNING_NOT_HEEDED = "warning_not_heeded"  # §14.3
    INTOXICATION = "intoxication"  # §14.3, §11.3 (R63, R65)
    SERIOUS = "serious"  # §14.3: a serious breach of the plan, orders or schedule
    FAILURE_TO_START = "failure_to_start"  # §14.3, without acceptable reason
    ABANDONMENT = "abandonment"  # §14.3, without acceptable reason


class Response(StrEnum):
    WRITTEN_WARNING = "written_warning"
    COURT_REFERRAL = "court_referral"


# §14.1; R79: what every written warning says.
WARNING_TEXT = (
    "Not heeding this warning leads to court proceedings and an unconditional prison sentence."
)


@dataclass(frozen=True, slots=True)
class BreachDecision:
    response: Response
    interrupt_enforcement: bool  # R81: simultaneously with the referral
    prosecutor_report_needs_hearing: bool  # §16; R83
    text: str


def decide(kind: BreachKind, *, convict_heard: bool) -> BreachDecision:
    if kind is BreachKind.MINOR:
        if not convict_heard:
            raise CaseError(
                "hearing_required",
                "a written warning is given only after the convict was heard (§14.1, R78)",
            )
        return BreachDecision(Response.WRITTEN_WARNING, False, False, WARNING_TEXT)
    return BreachDecision(
        Response.COURT_REFERRAL,
        True,
        True,
        f"{kind.value}: referral to court and interruption of enforcement (§14.3, R81, R82)",
    )


def provisional_interruption_latest_end(start: date, policy: LawPolicy) -> date:
    """R80 (§14.2): the first day by which a provisional interruption must have ended."""
    return add_months(start, policy.provisional_interruption_max_months)


def check_provisional_interruption(start: date, end: date, policy: LawPolicy) -> None:
    latest = provisional_interruption_latest_end(start, policy)
    if end > latest:
        raise CaseError(
            "provisional_interruption_too_long",
            f"provisional interruption from {start} to {end} exceeds "
            f"{policy.provisional_interruption_max_months} month (until {latest}; §14.2, R80)",
        )


def court_hearing(
    *,
    in_absence: bool,
    convict_heard: bool | None,
    convict_representative: str | None,
    khl_representative: str | None,
) -> dict[str, object]:
    """§16 (R85): the court reserves the convict and KHL an opportunity to be heard, and may
    decide in the convict's absence. The record says who was heard; a convict heard in person
    was not absent."""
    representative = (convict_representative or "").strip() or None
    khl = (khl_representative or "").strip() or None
    if in_absence and convict_heard:
        raise CaseError(
            "heard_but_absent",
            "a convict heard in person was present; a decision in absence hears him only "
            "through a representative, if at all (§16, R85)",
        )
    return {
        "convict_heard": convict_heard,
        "convict_representative": representative,
        "khl_representative": khl,
    }
