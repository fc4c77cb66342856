"""Project partnerships: intake, eligibility, the working group's recommendation kept apart from
the decision, the portfolio with semi-annual reviews, and the end evaluation (S59–S66; P12).

Eligibility (S60; L1957-1979): legal entities (NGOs, associations, foundations), educational
institutions, municipalities, joint municipal authorities, parishes and social enterprises may
be partners; private individuals and for-profit companies may not. An application needs a
stated need and cooperation planned with at least one Rise unit; prison visits need a security
clearance of the organisation and of its workers; electronic services need a Rise expert's
opinion on security, devices and network. The working group **recommends or not** (S61); the
decision is taken separately under the rules of procedure (L1969-1970).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    flag,
    required_choice,
    required_text,
    text,
    text_list,
)
from valvo.domain.partners.meetings import add_months

APPLICANT_FORMS = (
    "ngo",
    "association",
    "foundation",
    "educational_institution",
    "municipality",
    "joint_municipal_authority",
    "parish",
    "social_enterprise",
    "for_profit_company",
    "private_individual",
)
INELIGIBLE_FORMS = frozenset({"for_profit_company", "private_individual"})
FUNDERS = ("stea", "esf", "rise_rd", "other", "none")
REVIEW_MONTHS = 6  # S63: semi-annual follow-up in the portfolio (L1942-1945)


@dataclass(frozen=True, slots=True)
class Application:
    name: str
    applicant: str
    applicant_form: str
    description: str
    need: str | None
    target_unit_ids: tuple[str, ...]
    planned_cooperation: str | None
    funders: tuple[str, ...]
    prison_visits: bool
    organisation_cleared: bool
    workers_cleared: bool
    electronic_services: bool
    expert_opinion: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Application:
        return cls(
            name=required_text(data, "name", 300),
            applicant=required_text(data, "applicant"),
            applicant_form=required_choice(data, "applicant_form", APPLICANT_FORMS),
            description=required_text(data, "description", 10000),
            need=text(data, "need", required=False, max_len=4000),
            target_unit_ids=text_list(data, "target_unit_ids"),
            planned_cooperation=text(data, "planned_cooperation", required=False, max_len=4000),
            funders=text_list(data, "funders", allowed=FUNDERS),
            prison_visits=flag(data, "prison_visits"),
            organisation_cleared=flag(data, "organisation_cleared"),
            workers_cleared=flag(data, "workers_cleared"),
            electronic_services=flag(data, "electronic_services"),
            expert_opinion=text(data, "expert_opinion", required=False, max_len=4000),
        )


def eligibility_problems(app: Application) -> tuple[str, ...]:
    """S60: every reason the application cannot be recommended as it stands (empty: eligible)."""
    problems = []
    if app.applicant_form in INELIGIBLE_FORMS:
        problems.append(
            f"a {app.applicant_form.replace('_', ' ')} cannot be a project partner (L1962-1963)"
        )
    if not app.need:
        problems.append("the need for the activity is not stated (L1965-1967)")
    if not app.target_unit_ids or not app.planned_cooperation:
        problems.append("no cooperation planned with at least one Rise unit (L1965-1967)")
    if app.prison_visits and not (app.organisation_cleared and app.workers_cleared):
        problems.append(
            "prison visits need a security clearance of the organisation and its workers "
            "(L1972-1974)"
        )
    if app.electronic_services and not app.expert_opinion:
        problems.append(
            "electronic services need a Rise expert's opinion on security, devices and network "
            "(L1976-1979)"
        )
    return tuple(problems)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """S61: the working group's statement — recorded apart from the decision."""

    recommends: bool
    statement: str
    given_on: date


def check_recommendation(app: Application, recommendation: Recommendation) -> None:
    problems = eligibility_problems(app)
    if recommendation.recommends and problems:
        raise PartnerError(
            "recommends", "cannot recommend an ineligible application: " + "; ".join(problems)
        )


def read_recommendation(data: Mapping[str, Any], today: date) -> Recommendation:
    verdict = required_choice(data, "verdict", ("recommend", "not_recommend"))
    return Recommendation(verdict == "recommend", required_text(data, "statement", 4000), today)


def read_decision(data: Mapping[str, Any]) -> tuple[bool, str, str]:
    """(approved, decided_by, reference) — under the rules of procedure, not the group."""
    verdict = required_choice(data, "verdict", ("approve", "reject"))
    return (
        verdict == "approve",
        required_text(data, "decided_by"),
        required_text(data, "reference", 100),
    )


def review_due(started_on: date, review_dates: Iterable[date]) -> date:
    """S63: the next semi-annual portfolio review falls six months after the latest one."""
    reviews = sorted(review_dates)
    return add_months(reviews[-1] if reviews else started_on, REVIEW_MONTHS)


def read_end_evaluation(data: Mapping[str, Any]) -> dict[str, Any]:
    """S65: outputs evaluated for wider usability; adoption of ideas followed."""
    return {
        "outputs": required_text(data, "outputs", 10000),
        "wider_use": required_choice(data, "wider_use", ("recommended", "possible", "not_usable")),
        "adoption": text(data, "adoption", required=False, max_len=4000),
        "funding_outcome": choice(
            data, "funding_outcome", ("granted", "refused", "not_sought"), required=False
        ),
    }
