"""What a travel-ban decision contains and who may make it (PKL 2:2–2:6, 2:9; R101–R110).

Grounds (PKL 2:2): probable-cause suspicion, instead of arrest or remand, an offence whose
maximum penalty is at least one year, and the risk of flight or evasion and/or of continued
crime. Evidence tampering is not a ground, so it is not a choice here (R101).
Content (PKL 2:3): the locality or area, optional forbidden areas, permitted exits for work or
study, and obligations 1–4; a locality obligation comes with its daily window (R105). Nothing
else can be attached: no activity or sobriety obligation (7.2; R107).
Deciders (PKL 2:5, 2:6; R109, R110): a locality-obligation ban is the court's, decided
provisionally by the police (an official entitled to arrest) or the prosecutor; an ordinary ban
is decided by the police, who notify the prosecutor first, by the prosecutor, or by the court.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.law.calendar import add_years
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import LawPolicy


class Ground(StrEnum):
    FLIGHT = "flight_or_evasion"  # PKL 2:2 (1)
    CONTINUED_CRIME = "continued_crime"  # PKL 2:2 (2)


class Obligation(StrEnum):
    LOCALITY = "locality"  # PKL 2:3.2 (1): stay at home at set times
    AVAILABILITY = "availability"  # (2): be available at the workplace or school at set times
    INSTITUTION = "institution"  # (3): stay in an institution or hospital
    REPORTING = "reporting"  # (4): report to the police at set times


class Decider(StrEnum):
    POLICE = "police"  # an official entitled to arrest (pidättämiseen oikeutettu virkamies)
    PROSECUTOR = "prosecutor"
    COURT = "court"


class PassportStatus(StrEnum):
    NONE_HELD = "none_held"
    SURRENDERED = "surrendered"  # PKL 2:4: to the police for the ban's duration
    REFUSED = "refused"  # a violation of category 2 (PKL 2:18)


class CopyDelivery(StrEnum):
    """How the suspect got a copy of the decision (PKL 2:9; R113)."""

    IN_PERSON = "in_person"
    POST = "post"


@dataclass(frozen=True, slots=True)
class BanContent:
    offence: str
    max_penalty_months: int
    grounds: tuple[Ground, ...]
    probable_cause: bool
    instead_of_arrest_or_remand: bool
    area: str  # the locality or area not to be left (PKL 2:3.1)
    forbidden_areas: tuple[str, ...] = ()
    permitted_exits: tuple[str, ...] = ()  # leaving the area for work, study or similar
    obligations: tuple[Obligation, ...] = ()
    obligation_details: str | None = None  # the set times and places of obligations 2–4
    locality_window: LocalityWindow | None = None


def check_content(content: BanContent, policy: LawPolicy) -> None:
    """R101, R104, R105 (the window itself is checked by ``travel_ban.impose``)."""
    if not content.offence.strip():
        raise CaseError("offence_missing", "the decision names the offence (PKL 2:9, R113)")
    if not content.area.strip():
        raise CaseError("area_missing", "the ban names the locality or area (PKL 2:3.1, R104)")
    if not content.probable_cause:
        raise CaseError("no_probable_cause", "the suspicion must be on probable grounds (PKL 2:2)")
    if not content.instead_of_arrest_or_remand:
        raise CaseError(
            "not_instead_of_arrest", "a travel ban is imposed instead of arrest or remand (PKL 2:2)"
        )
    if content.max_penalty_months < policy.ban_min_max_penalty_months:
        raise CaseError(
            "offence_too_minor",
            f"the offence's maximum penalty is {content.max_penalty_months} months; a travel "
            f"ban needs at least {policy.ban_min_max_penalty_months} (PKL 2:2, R101)",
        )
    if not content.grounds:
        raise CaseError(
            "no_grounds",
            "name the risk: flight or evasion, or continued crime; evidence tampering is not a "
            "ground (PKL 2:2, R101)",
        )
    has_locality = Obligation.LOCALITY in content.obligations
    if has_locality != (content.locality_window is not None):
        raise CaseError(
            "locality_window_mismatch",
            "a locality obligation and its daily window go together (PKL 2:3.2–3, R105)",
        )
    if len(set(content.obligations)) != len(content.obligations):
        raise CaseError("obligation_repeated", "each obligation is listed once (PKL 2:3.2)")


def check_decider(
    decider: Decider, *, locality: bool, provisional: bool, prosecutor_notified: bool
) -> None:
    """R109 (PKL 2:5) and R110 (PKL 2:6): who may decide this kind of ban."""
    if locality:
        if provisional and decider is Decider.COURT:
            raise CaseError(
                "court_decides_finally",
                "the court decides a locality-obligation ban itself; only the police or the "
                "prosecutor decide it provisionally (PKL 2:5, R109)",
            )
        if not provisional and decider is not Decider.COURT:
            raise CaseError(
                "locality_needs_court",
                "only a court imposes a locality obligation; the police or the prosecutor "
                "decide it provisionally (PKL 2:5, R109)",
            )
        return
    if provisional:
        raise CaseError(
            "provisional_without_locality",
            "only a ban with a locality obligation is decided provisionally (PKL 2:5, R109)",
        )
    if decider is Decider.POLICE and not prosecutor_notified:
        raise CaseError(
            "prosecutor_not_notified",
            "the police notify the prosecutor before deciding a travel ban (PKL 2:6, R110)",
        )


def under_18(birth_date: date | None, on: date, policy: LawPolicy) -> bool:
    """R102: flag a suspect under 18 (consider a ban instead of arrest or remand)."""
    return birth_date is not None and on < add_years(birth_date, policy.ban_minor_age)
