"""Every figure the follow-up, the desk statistics, the shift log and the reports show, defined
once: its id, what it counts (in English and Finnish) and its unit. The services compute each
from one function; the console, the CSV and the PDF take the labels from here, so a figure
reads the same wherever it appears."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Unit(StrEnum):
    COUNT = "count"
    DAYS = "days"
    PERSON_DAYS = "person_days"
    RATIO = "ratio"
    KM = "km"
    MINUTES = "minutes"
    EUR = "eur"


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    en: str
    fi: str
    unit: Unit
    definition: str  # what is counted, in English (the CSV's and the docs' note)

    def label(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en, "fi": self.fi, "unit": self.unit.value}


_ALL = (
    # --- the caseload (R18, R134, R143) ---
    Figure(
        "reports_requested",
        "Reports requested",
        "Pyydetyt selvitykset",
        Unit.COUNT,
        "monitoring-sentence reports requested in the period (by request date)",
    ),
    Figure(
        "sentences_imposed",
        "Sentences imposed",
        "Tuomitut valvontarangaistukset",
        Unit.COUNT,
        "monitoring sentences imposed in the period (by sentencing date)",
    ),
    Figure(
        "reports_per_sentence",
        "Reports per sentence",
        "Selvityksiä tuomiota kohden",
        Unit.RATIO,
        "reports requested / sentences imposed (R18: about 1.4 expected)",
    ),
    Figure(
        "started",
        "Enforcements started",
        "Alkaneet täytäntöönpanot",
        Unit.COUNT,
        "sentences whose serving started in the period",
    ),
    Figure(
        "completed",
        "Sentences completed",
        "Suoritetut rangaistukset",
        Unit.COUNT,
        "sentences completed in the period (by their last day)",
    ),
    Figure(
        "converted",
        "Converted to prison",
        "Muunnetut vankeudeksi",
        Unit.COUNT,
        "sentences converted to unconditional prison in the period",
    ),
    Figure(
        "average_length_days",
        "Average length imposed",
        "Keskipituus",
        Unit.DAYS,
        "mean length in days of the sentences imposed in the period",
    ),
    Figure(
        "people_monitored",
        "People under monitoring",
        "Valvottavat",
        Unit.COUNT,
        "people serving on the period's last day (the daily series gives each day)",
    ),
    Figure(
        "average_daily_population",
        "Average daily population",
        "Keskimäärin päivässä",
        Unit.COUNT,
        "serving days / days in the period",
    ),
    Figure(
        "serving_days",
        "Serving days",
        "Suoritetut päivät",
        Unit.PERSON_DAYS,
        "days served in the period, summed over people (interrupted days not counted)",
    ),
    Figure(
        "interruptions",
        "Interruptions",
        "Keskeytykset",
        Unit.COUNT,
        "interruptions that began in the period (by reason)",
    ),
    Figure(
        "breaches",
        "Breaches",
        "Rikkomukset",
        Unit.COUNT,
        "breach cases that occurred in the period (by kind; unassessed apart)",
    ),
    Figure(
        "warnings",
        "Written warnings",
        "Kirjalliset varoitukset",
        Unit.COUNT,
        "written warnings given in the period (§14.1)",
    ),
    Figure(
        "referrals",
        "Referred to court",
        "Saatettu tuomioistuimeen",
        Unit.COUNT,
        "breaches referred to the prosecutor for court in the period (§14.3)",
    ),
    Figure(
        "visits", "Supervision visits", "Valvontakäynnit", Unit.COUNT, "visits made in the period"
    ),
    Figure(
        "visit_target",
        "Visit target",
        "Käyntitavoite",
        Unit.COUNT,
        "visits the target asks for over the serving days (R53: per week served)",
    ),
    Figure(
        "visit_rate",
        "Visits against target",
        "Käynnit suhteessa tavoitteeseen",
        Unit.RATIO,
        "visits / visit target",
    ),
    Figure(
        "visit_km",
        "Distance driven for visits",
        "Käyntien ajomatka",
        Unit.KM,
        "kilometres recorded for the period's visits (R137)",
    ),
    Figure(
        "visit_minutes",
        "Travel time for visits",
        "Käyntien matka-aika",
        Unit.MINUTES,
        "travel minutes recorded for the period's visits (R137)",
    ),
    Figure(
        "substance_tests",
        "Substance tests",
        "Päihdetestit",
        Unit.COUNT,
        "substance tests taken in the period (by kind; laboratory analyses apart)",
    ),
    # --- cost per day (R68, R136) ---
    Figure(
        "cost_total",
        "Cost of monitoring",
        "Valvonnan kustannukset",
        Unit.EUR,
        "devices, monitoring centre, visits and tests of the period at the unit costs",
    ),
    Figure(
        "cost_per_person_day",
        "Cost per person-day",
        "Hinta valvontapäivältä",
        Unit.EUR,
        "cost of monitoring / serving days",
    ),
    Figure(
        "cost_per_completed",
        "Cost per completed sentence",
        "Hinta suoritettua kohden",
        Unit.EUR,
        "whole cost of each sentence completed in the period, averaged",
    ),
    Figure(
        "prison_day_cost",
        "Cost of a prison day",
        "Vankilapäivän hinta",
        Unit.EUR,
        "the cost of one prison day (settings)",
    ),
    Figure(
        "saving_per_person_day",
        "Saving per day against prison",
        "Säästö päivässä vankeuteen verrattuna",
        Unit.EUR,
        "cost of a prison day - cost per person-day",
    ),
    # --- the alarm desk: the desk statistics and the shift log read these the same way ---
    Figure(
        "alarms_auto_closed",
        "Closed automatically",
        "Suljettu automaattisesti",
        Unit.COUNT,
        "times an alarm closed itself in the period (its trail's auto_closed steps): the "
        "condition ended within the grace before anyone acknowledged it",
    ),
)

FIGURES: Mapping[str, Figure] = MappingProxyType({f.id: f for f in _ALL})

# Breakdowns: what a figure is split by, and the labels of each key.
BREAKDOWN_OF = MappingProxyType(
    {"interruptions": "reason", "breaches": "kind", "substance_tests": "kind"}
)
