"""What a travel-ban decision contains and who may make it (PKL 2:2–2:6, 2:9; R101–R110).

Grounds (PKL 2:2): probable-cause suspicion, instead of arrest or remand, an offence whose
maximum penalty is at least one year, and the risk of flight or evasion and/or of continued
crime. Evidence tampering is not a ground, so it is not a choice here (R101).
Content (PKL 2:3): the locality or area, optional forbidden areas, permitted exits for work or
study, and obligations 1–4; a locality obligation comes with its daily window (R105). Nothing
else can be attached: no activity or sobriety obligation (7.2; R107).
Deciders (PKL 2:5, 2:6; R109, R110): a locality-obligation ban is the court's, decided
provisionally by the police (an official entitled to arrest) or the prosecutor; an ordinary ban
is decided by the police, who notify the prosecutor first (the prosecutor may take it over), by
the prosecutor once the case is transferred, or by the court; after charges only the court, on
the prosecutor's demand, and at the judgment only for unconditional prison (PKL 2:16; R120).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware
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


class Stage(StrEnum):
    """Where the criminal case stands when a ban is decided (PKL 2:6, 2:16; R110, R120)."""

    INVESTIGATION = "investigation"  # pre-trial investigation: the police (PKL 2:6.1)
    WITH_PROSECUTOR = "with_prosecutor"  # transferred to the prosecutor (PKL 2:6.1)
    CHARGED = "charged"  # charges brought: the court on the prosecutor's demand (PKL 2:6.2)
    JUDGMENT = "judgment"  # the court's judgment: a convicted person's ban (PKL 2:16)


class SentenceKind(StrEnum):
    """The sentence a judgment gives (PKL 2:16; R120)."""

    UNCONDITIONAL_PRISON = "unconditional_prison"
    CONDITIONAL_PRISON = "conditional_prison"
    MONITORING_SENTENCE = "monitoring_sentence"
    COMMUNITY_SERVICE = "community_service"
    FINE = "fine"
    ACQUITTED = "acquitted"


@dataclass(frozen=True, slots=True)
class Authority:
    """Who decided, at which stage, and the prosecutor's part in it (PKL 2:5, 2:6, 2:16)."""

    decider: Decider
    stage: Stage = Stage.INVESTIGATION
    prosecutor_notified_at: datetime | None = None  # R110: before the police decide
    prosecutor_took_over: bool = False  # R110: the prosecutor took the decision over
    prosecutor_demanded: bool = False  # R110, R120: the court decides on the prosecutor's demand
    remanded: bool = False  # R120: a remanded convict's ban the court may order on its own motion
    sentence: SentenceKind | None = None  # R120: the judgment's sentence, at stage judgment


def check_decider(
    authority: Authority,
    *,
    locality: bool,
    provisional: bool,
    decided_at: datetime,
    indefinite: bool = True,
) -> None:
    """R109 (PKL 2:5), R110 (PKL 2:6) and R120 (PKL 2:16): who may decide this kind of ban."""
    decider, stage = authority.decider, authority.stage
    notified = authority.prosecutor_notified_at
    if notified is not None and require_aware(notified, "prosecutor_notified_at") > decided_at:
        raise CaseError(
            "notified_after_decision",
            "the prosecutor is notified before the ban is decided, not after (PKL 2:6, R110)",
        )
    if authority.prosecutor_took_over and notified is None:
        raise CaseError(
            "takeover_without_notification",
            "the prosecutor takes a ban over once the police have notified them; record when "
            "(PKL 2:6, R110)",
        )
    if stage in (Stage.CHARGED, Stage.JUDGMENT):
        _check_court_stage(authority, provisional=provisional, indefinite=indefinite)
        return
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
        if decider is Decider.POLICE and stage is Stage.WITH_PROSECUTOR:
            raise CaseError(
                "prosecutor_decides_now",
                "once the case is with the prosecutor, the prosecutor decides a provisional "
                "ban (PKL 2:5, R109)",
            )
        return
    if provisional:
        raise CaseError(
            "provisional_without_locality",
            "only a ban with a locality obligation is decided provisionally (PKL 2:5, R109)",
        )
    if decider is Decider.POLICE:
        if stage is Stage.WITH_PROSECUTOR:
            raise CaseError(
                "prosecutor_decides_now",
                "once the investigation is transferred, the prosecutor decides the travel ban "
                "(PKL 2:6, R110)",
            )
        if notified is None:
            raise CaseError(
                "prosecutor_not_notified",
                "the police notify the prosecutor before deciding a travel ban: record when "
                "(PKL 2:6, R110)",
            )
        if authority.prosecutor_took_over:
            raise CaseError(
                "prosecutor_took_over",
                "the prosecutor took the decision over, so the prosecutor decides it "
                "(PKL 2:6, R110)",
            )
    if (
        decider is Decider.PROSECUTOR
        and stage is Stage.INVESTIGATION
        and not authority.prosecutor_took_over
    ):
        raise CaseError(
            "prosecutor_not_taken_over",
            "during the investigation the police decide; the prosecutor decides by taking "
            "the decision over once notified (PKL 2:6, R110)",
        )


def _check_court_stage(authority: Authority, *, provisional: bool, indefinite: bool) -> None:
    """After charges only the court decides, on the prosecutor's demand (PKL 2:6.2); at the
    judgment a convicted person's indefinite ban needs unconditional prison (PKL 2:16)."""
    if authority.decider is not Decider.COURT:
        raise CaseError(
            "court_only_after_charges",
            "after charges only the court decides a travel ban, on the prosecutor's demand "
            "(PKL 2:6, R110)",
        )
    if provisional:
        raise CaseError(
            "court_decides_finally",
            "after charges the court decides the ban itself, not provisionally (PKL 2:6)",
        )
    if authority.stage is Stage.CHARGED:
        if authority.sentence is not None:
            raise CaseError("sentence_before_judgment", "a sentence is given at the judgment")
        if not authority.prosecutor_demanded:
            raise CaseError(
                "no_prosecutor_demand",
                "after charges the court decides a travel ban only on the prosecutor's demand "
                "(PKL 2:6, R110)",
            )
        return
    check_conviction(
        authority.sentence,
        prosecutor_demanded=authority.prosecutor_demanded,
        remanded=authority.remanded,
        indefinite=indefinite,
    )


def check_conviction(
    sentence: SentenceKind | None,
    *,
    prosecutor_demanded: bool,
    remanded: bool,
    indefinite: bool = True,
) -> None:
    """R120 (PKL 2:16): at the judgment the court may impose, or keep in force, an indefinite
    ban only on a person sentenced to unconditional prison; a defendant at liberty only on the
    prosecutor's demand."""
    if sentence is None:
        raise CaseError("sentence_missing", "name the judgment's sentence (PKL 2:16, R120)")
    if sentence is not SentenceKind.UNCONDITIONAL_PRISON:
        raise CaseError(
            "conviction_ban_needs_prison",
            f"the sentence is {sentence.value.replace('_', ' ')}; a convicted person's "
            "indefinite travel ban needs a sentence of unconditional prison (PKL 2:16, R120)",
        )
    if not indefinite:
        raise CaseError(
            "conviction_ban_fixed_term",
            "a convicted person's ban is indefinite: it lasts until enforcement begins or a "
            "higher court orders otherwise (PKL 2:16, R120)",
        )
    if not (prosecutor_demanded or remanded):
        raise CaseError(
            "no_prosecutor_demand",
            "a defendant at liberty is given a travel ban at the judgment only on the "
            "prosecutor's demand (PKL 2:16, R120)",
        )


def under_18(birth_date: date | None, on: date, policy: LawPolicy) -> bool:
    """R102: flag a suspect under 18 (consider a ban instead of arrest or remand)."""
    return birth_date is not None and on < add_years(birth_date, policy.ban_minor_age)
