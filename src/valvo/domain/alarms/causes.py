"""Why an alarm was closed: the declared list of causes, each with its verdict.

The verdict is what the false-alarm statistics count (R45, R138): a *genuine* breach, a *false*
alarm (technical fault, GPS/RF noise, an absence that was authorised but not in the plan),
*ended* by itself (the condition really happened and ended before anyone touched the alarm: not
a false alarm, and not a breach confirmed by a person either), or *neutral* (a duplicate,
other). Only genuine and false enter the false-alarm rate; ended is counted on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valvo.domain.choices import Choice


class Verdict(StrEnum):
    GENUINE = "genuine"
    FALSE = "false"
    ENDED = "ended"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class Cause:
    choice: Choice
    verdict: Verdict
    selectable: bool = True  # False: only Valvo itself closes alarms with this cause

    @property
    def value(self) -> str:
        return self.choice.value

    def as_dict(self) -> dict[str, object]:
        return {
            **self.choice.as_dict(),
            "verdict": self.verdict.value,
            "selectable": self.selectable,
        }


GENUINE_BREACH = "genuine_breach"
SELF_CLEARED = "self_cleared"

CAUSES: Mapping[str, Cause] = {
    c.value: c
    for c in (
        Cause(
            Choice(GENUINE_BREACH, "Genuine breach", "Todellinen rikkomus", "#dc2626"),
            Verdict.GENUINE,
        ),
        Cause(
            Choice("technical_fault", "Technical fault", "Tekninen vika", "#6b7280"),
            Verdict.FALSE,
        ),
        Cause(
            Choice("gps_rf_noise", "GPS/RF noise", "GPS-/RF-häiriö", "#6b7280"),
            Verdict.FALSE,
        ),
        Cause(
            Choice("authorised_absence", "Authorised absence", "Luvallinen poissaolo", "#2563eb"),
            Verdict.FALSE,
        ),
        Cause(
            Choice("equipment_handling", "Equipment handling", "Laitteen käsittely", "#6b7280"),
            Verdict.FALSE,
        ),
        Cause(Choice("duplicate", "Duplicate", "Kaksoiskappale", "#9ca3af"), Verdict.NEUTRAL),
        Cause(Choice("other", "Other", "Muu syy", "#9ca3af"), Verdict.NEUTRAL),
        Cause(
            Choice(SELF_CLEARED, "Ended by itself", "Päättyi itsestään", "#16a34a"),
            Verdict.ENDED,
            selectable=False,
        ),
    )
}

SELECTABLE_CAUSES: tuple[str, ...] = tuple(v for v, c in CAUSES.items() if c.selectable)


def verdict_of(cause: str | None) -> Verdict | None:
    found = CAUSES.get(cause or "")
    return None if found is None else found.verdict
