"""The crime-free period rule, as decision support for the unit director (S69; L2348-2372,
L280-287, L2915-2929).

For an expert by experience with a criminal background who works in Rise premises or has direct
contact with a person serving unconditional imprisonment (§10.3):

- at least **3 years** crime-free since release from prison **or** completion of the latest
  community sanction; **2 years** when working closely in a pair with a Rise official or an
  employee of a trusted partner organisation;
- **not applicable** to anyone never sentenced to unconditional imprisonment; a fine conversion
  sentence served in prison **counts** as unconditional imprisonment;
- supervised probationary freedom and parole supervision **count as post-release time**, unless
  they involved an intentional or gross breach of obligations;
- open criminal cases are flagged for review;
- a later sentence for a crime committed **before** the period began keeps the period, but the
  crime date and the severity are flagged for review.

§16 sets a flat minimum instead for anyone working or volunteering in a unit: at least three
years since release from prison. The two conflict (open issue 1 of the requirements); both are
offered as policies and the result is only a **recommendation**: the director decides.
Digital sessions led by staff who are present throughout are assessed as outside-unit work;
more independent supervised work is assessed as in-premises work (L2379-2386).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    day,
    flag,
    required_choice,
    required_day,
)
from valvo.domain.partners.meetings import add_months

SANCTIONS = ("prison", "fine_conversion_prison", "community_sanction", "conditional", "fine")
UNCONDITIONAL = frozenset({"prison", "fine_conversion_prison"})
SUPERVISION = ("supervised_probationary_freedom", "parole_supervision")
BREACHES = ("none", "intentional", "gross")
SETTINGS = (
    "in_premises",
    "direct_contact",
    "outside_unit",
    "digital_staff_led",
    "digital_independent",
)


@dataclass(frozen=True, slots=True)
class CrimeFreePolicy:
    name: str
    years: int
    years_paired: int | None  # None: pairing does not shorten the period
    counts_community_sanctions: bool
    exempts_never_unconditional: bool


EXPERT_RULE = CrimeFreePolicy("expert_by_experience_10_3", 3, 2, True, True)
UNIT_MINIMUM = CrimeFreePolicy("unit_work_minimum_16", 3, None, False, True)


@dataclass(frozen=True, slots=True)
class Sanction:
    """One sanction served: the kind, when it ended (release or completion), any supervised
    release that followed, and whether it was imposed later for an earlier crime."""

    kind: str
    ended_on: date
    supervision: str | None = None
    supervision_started_on: date | None = None
    supervision_breach: str = "none"
    crime_on: date | None = None
    later_for_earlier_crime: bool = False

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Sanction:
        supervision = choice(data, "supervision", SUPERVISION, required=False)
        started = day(data, "supervision_started_on")
        if supervision is not None and started is None:
            raise PartnerError("supervision_started_on", "is required with a supervision")
        return cls(
            kind=required_choice(data, "kind", SANCTIONS),
            ended_on=required_day(data, "ended_on"),
            supervision=supervision,
            supervision_started_on=started,
            supervision_breach=choice(data, "supervision_breach", BREACHES, default="none")
            or "none",
            crime_on=day(data, "crime_on"),
            later_for_earlier_crime=flag(data, "later_for_earlier_crime"),
        )


@dataclass(frozen=True, slots=True)
class CrimeFreeAdvice:
    applies: bool
    meets: bool
    required_years: int | None
    counted_from: date | None
    eligible_from: date | None
    review_flags: tuple[str, ...]
    reasons: tuple[str, ...]


def _free_from(s: Sanction) -> date:
    """When crime-free time starts for one sanction: at supervised release if the supervision
    went without an intentional or gross breach, else at the end of the sanction."""
    if s.supervision is not None and s.supervision_breach == "none":
        assert s.supervision_started_on is not None
        return min(s.supervision_started_on, s.ended_on)
    return s.ended_on


def advise(
    sanctions: Sequence[Sanction],
    *,
    setting: str,
    paired: bool,
    open_cases: bool,
    today: date,
    policy: CrimeFreePolicy = EXPERT_RULE,
) -> CrimeFreeAdvice:
    if setting not in SETTINGS:
        raise PartnerError("setting", f"must be one of {', '.join(SETTINGS)}")
    flags: list[str] = []
    if open_cases:
        flags.append("open criminal cases: review before deciding (L2356)")
    if setting in ("outside_unit", "digital_staff_led"):
        return CrimeFreeAdvice(
            False,
            True,
            None,
            None,
            None,
            tuple(flags),
            (
                "work outside the unit (or digital, staff-led and present throughout): "
                "the period does not apply (L2379-2386)",
            ),
        )
    unconditional = [s for s in sanctions if s.kind in UNCONDITIONAL]
    if policy.exempts_never_unconditional and not unconditional:
        return CrimeFreeAdvice(
            False,
            not open_cases,
            None,
            None,
            None,
            tuple(flags),
            (
                "never sentenced to unconditional imprisonment: the period does not apply "
                "(L2368-2372)",
            ),
        )
    counted = [
        s
        for s in sanctions
        if s.kind in UNCONDITIONAL
        or (policy.counts_community_sanctions and s.kind == "community_sanction")
    ]
    for s in counted:
        if s.later_for_earlier_crime:
            flags.append(
                f"sentence ending {s.ended_on} was for an earlier crime"
                f"{f' (committed {s.crime_on})' if s.crime_on else ''}: period kept, review "
                f"the crime date and the severity ({s.kind}) (L2363-2368)"
            )
        if s.supervision is not None and s.supervision_breach != "none":
            flags.append(
                f"{s.supervision} with a {s.supervision_breach} breach does not count "
                "as post-release time (L2361-2363)"
            )
    periods = [s for s in counted if not s.later_for_earlier_crime] or counted
    start = max((_free_from(s) for s in periods), default=None)
    years = policy.years_paired if (paired and policy.years_paired is not None) else policy.years
    if start is None:
        return CrimeFreeAdvice(
            True,
            not open_cases,
            years,
            None,
            None,
            tuple(flags),
            ("no counted sanction on record",),
        )
    eligible_from = add_months(start, 12 * years)
    meets = today >= eligible_from and not open_cases
    reason = (
        f"{years} years crime-free required{' (paired work)' if years != policy.years else ''}; "
        f"counted from {start}; met on {eligible_from}"
    )
    return CrimeFreeAdvice(True, meets, years, start, eligible_from, tuple(flags), (reason,))


def read_sanctions(raw: Any) -> tuple[Sanction, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise PartnerError("sanctions", "must be a list of sanctions")
    out = []
    for index, item in enumerate(raw):
        try:
            out.append(Sanction.read(item))
        except PartnerError as exc:
            raise PartnerError(f"sanctions[{index}].{exc.field}", exc.message) from None
    return tuple(out)


def never_unconditional(sanctions: Iterable[Sanction]) -> bool:
    return not any(s.kind in UNCONDITIONAL for s in sanctions)
