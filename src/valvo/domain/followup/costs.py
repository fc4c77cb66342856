"""Unit costs as versioned data (R68, R136): a new price list is a new version with the date
it takes effect and the source it cites, never a code change; the follow-up of a period uses
the version in effect on each day, like the law policy (``domain/law/policy.py``).

Version "2024-report" takes the working group's cost model (section 8.2 of the report the
requirements cite: 47 € per enforcement day as the target, about 1 884 000 € a year), its
substance-test prices (R68: saliva quick test 10–30 €, urine quick test 2–10 €, laboratory
screen 100–150 €; the middle of each range) and the assistant's fee per visit (R56: 10 €). The
report gives no split of the daily cost between devices and the monitoring centre: the split
below is Valvo's assumption (devices rented per day, the centre's staff per person-day), chosen
to add up to about the 47 € target for a person with a tracker and a home unit and two visits a
week, and marked as such in ``source``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType


class CostError(ValueError):
    """No price list covers a day, or a version is not known."""


@dataclass(frozen=True, slots=True, eq=False)
class UnitCosts:
    """One version of the price list, in euro cents (each version is one object: compared and
    hashed by identity)."""

    name: str
    effective_from: date
    source: str  # in English
    source_fi: str  # the same in Finnish
    device_per_day: Mapping[str, int]  # by device kind (domain.registry_choices.DeviceKind)
    centre_per_person_day: int  # monitoring centre, per person-day under monitoring
    visit: int  # one supervision visit (the visitor's fee)
    visit_per_km: int  # travel, per kilometre driven
    test: Mapping[str, int]  # by test kind (domain.cases.substance.TestKind)
    lab_analysis: int  # a quick test confirmed by the laboratory (R64)
    visits_per_week: float  # R53: the visit-frequency target the cost model assumes

    def device_day(self, kind: str) -> int:
        return self.device_per_day.get(kind, 0)

    def test_price(self, kind: str) -> int:
        return self.test.get(kind, 0)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "source": self.source,
            "source_fi": self.source_fi,
            "device_per_day_cents": dict(self.device_per_day),
            "centre_per_person_day_cents": self.centre_per_person_day,
            "visit_cents": self.visit,
            "visit_per_km_cents": self.visit_per_km,
            "test_cents": dict(self.test),
            "lab_analysis_cents": self.lab_analysis,
            "visits_per_week": self.visits_per_week,
        }


REPORT_2024 = UnitCosts(
    name="2024-report",
    effective_from=date(2011, 1, 1),
    source=(
        "Working-group report, section 8.2 (47 €/enforcement day target; R136); R68 test "
        "prices (middle of each range); R56 visit fee 10 €. Device/centre split: Valvo's "
        "assumption, not in the report."
    ),
    source_fi=(
        "Työryhmän mietintö, luku 8.2 (tavoite 47 €/täytäntöönpanopäivä; R136); R68:n "
        "testihinnat (hintavälien keskikohta); R56 käyntipalkkio 10 €. Laitteiden ja "
        "valvontakeskuksen osuudet: Valvon oletus, ei mietinnössä."
    ),
    device_per_day=MappingProxyType(
        {
            "gps_tracker": 900,
            "rf_home_unit": 500,
            "rf_tag": 0,  # comes with the home unit
            "alcohol_tester": 400,
            "presence_checker": 100,
        }
    ),
    centre_per_person_day=2600,
    visit=1000,
    visit_per_km=53,  # the state's mileage allowance, 0.53 €/km
    test=MappingProxyType(
        {
            "breath": 100,
            "urine_quick": 600,
            "saliva_quick": 2000,
            "urine_lab": 12500,
            "blood_lab": 12500,
        }
    ),
    lab_analysis=12500,
    visits_per_week=2.0,  # R53: twice a week (Sweden; the Finnish cost model)
)

VERSIONS: tuple[UnitCosts, ...] = (REPORT_2024,)
BY_NAME: Mapping[str, UnitCosts] = MappingProxyType({v.name: v for v in VERSIONS})


def in_effect(day: date, versions: tuple[UnitCosts, ...] = VERSIONS) -> UnitCosts:
    """The price list in effect on ``day``: the latest whose effective date is not after it."""
    found = [v for v in versions if v.effective_from <= day]
    if not found:
        raise CostError(f"no unit costs in effect on {day.isoformat()}")
    return max(found, key=lambda v: v.effective_from)
