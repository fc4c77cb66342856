"""The follow-up report (issue 17) as a ``Document`` in Finnish or English, laid out by the same
PDF writer as the case documents (``adapters/pdf``): the figures with their definitions, the
breakdowns, the regions, the daily population and the unit costs it used."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from valvo.domain.followup.figures import FIGURES, Unit
from valvo.services.cases.document_model import LANGUAGES, Document, Line, Section
from valvo.services.errors import InvalidInput
from valvo.services.followup import SHOWN

TEXT: Mapping[str, Mapping[str, str]] = {
    "fi": {
        "title": "Valvontarangaistuksen kokeilun seurantaraportti",
        "region": "Alue",
        "all_regions": "Kaikki alueet",
        "period": "Ajanjakso",
        "issued": "Laadittu",
        "pilot": "Tapaukset",
        "pilot_yes": "kokeilun tapaukset",
        "pilot_no": "muut kuin kokeilun tapaukset",
        "pilot_all": "kaikki tapaukset",
        "figures": "Tunnusluvut",
        "figure": "Tunnusluku",
        "value": "Arvo",
        "item": "Erittely",
        "breakdowns": "Erittelyt",
        "regions": "Alueittain",
        "pilot_split": "Kokeilu ja muut tapaukset",
        "pilot_rule": "Tapaus on kokeilun tapaus päivänä, jona se on merkitty kokeiluun "
        "selvityspyynnössä tai jona sen yksikkö (alue) on kokeilussa.",
        "split_pilot": "Kokeilu",
        "split_other": "Muut",
        "daily": "Valvottavat päivittäin",
        "prices": "Yksikköhinnat",
        "price_list": "Hinnasto",
        "effective": "Voimassa alkaen",
        "source": "Lähde",
        "retained": "Säilytysajan jälkeen säilytetyt nimettömät luvut kuukausilta",
        "none": "—",
        "day": "Päivä",
        "people": "Valvottavia",
    },
    "en": {
        "title": "Monitoring-sentence pilot: follow-up report",
        "region": "Region",
        "all_regions": "All regions",
        "period": "Period",
        "issued": "Issued",
        "pilot": "Cases",
        "pilot_yes": "pilot cases",
        "pilot_no": "cases outside the pilot",
        "pilot_all": "all cases",
        "figures": "Figures",
        "figure": "Figure",
        "value": "Value",
        "item": "Item",
        "breakdowns": "Breakdowns",
        "regions": "By region",
        "pilot_split": "Pilot and the other cases",
        "pilot_rule": "A case is a pilot case on a day when it was flagged as one with the "
        "report request, or when its unit (region) is in the pilot on that day.",
        "split_pilot": "Pilot",
        "split_other": "Others",
        "daily": "People under monitoring by day",
        "prices": "Unit costs",
        "price_list": "Price list",
        "effective": "In effect from",
        "source": "Source",
        "retained": "Anonymised figures kept after retention, for the months",
        "none": "—",
        "day": "Day",
        "people": "People",
    },
}


def day_text(value: date, lang: str) -> str:
    return f"{value.day}.{value.month}.{value.year}" if lang == "fi" else value.isoformat()


def value_text(key: str, value: object, lang: str) -> str:
    """A figure's value with its unit, in the language's number format."""
    if value is None:
        return TEXT[lang]["none"]
    unit = FIGURES[key].unit
    money = unit is Unit.EUR and isinstance(value, (int, float))
    if money or (isinstance(value, float) and not value.is_integer()):
        text = f"{value:.2f}"
    else:
        text = str(int(value)) if isinstance(value, (int, float)) else str(value)
    if lang == "fi":
        text = text.replace(".", ",")
    suffix = {Unit.EUR: " €", Unit.KM: " km", Unit.MINUTES: " min"}.get(unit, "")
    if unit is Unit.DAYS:
        suffix = " pv" if lang == "fi" else " d"
    return text + suffix


def build(stats: Mapping[str, Any], lang: str, issued: date) -> Document:
    if lang not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}")
    tx = TEXT[lang]
    start, end = stats["from"], stats["to"]
    last = date.fromordinal(end.toordinal() - 1)
    pilot = {True: tx["pilot_yes"], False: tx["pilot_no"], None: tx["pilot_all"]}[stats["pilot"]]
    figures = stats["figures"]
    sections = [
        Section(
            tx["figures"],
            table=(
                (tx["figure"], tx["value"]),
                *((FIGURES[k].label(lang), value_text(k, figures.get(k), lang)) for k in SHOWN),
            ),
        ),
    ]
    labels = stats.get("breakdown_labels", {})
    rows = [
        (FIGURES[figure].label(lang), labels.get(figure, {}).get(part, {}).get(lang, part), str(n))
        for figure, parts in stats["breakdowns"].items()
        for part, n in parts.items()
    ]
    if rows:
        sections.append(
            Section(tx["breakdowns"], table=((tx["figure"], tx["item"], tx["value"]), *rows))
        )
    keys: tuple[str, ...]
    if stats["by_region"]:
        keys = ("serving_days", "breaches", "completed", "cost_per_person_day")
        sections.append(
            Section(
                tx["regions"],
                table=(
                    (tx["region"], *(FIGURES[k].label(lang) for k in keys)),
                    *(
                        (row["region"], *(value_text(k, row.get(k), lang) for k in keys))
                        for row in stats["by_region"]
                    ),
                ),
            )
        )
    if stats.get("by_pilot"):
        keys = ("reports_requested", "serving_days", "breaches", "completed", "cost_per_person_day")
        sections.append(
            Section(
                tx["pilot_split"],
                paragraphs=(tx["pilot_rule"],),
                table=(
                    (tx["region"], tx["pilot"], *(FIGURES[k].label(lang) for k in keys)),
                    *(
                        (
                            row["region"] or tx["all_regions"],
                            tx["split_pilot"] if row["pilot"] else tx["split_other"],
                            *(value_text(k, row.get(k), lang) for k in keys),
                        )
                        for row in stats["by_pilot"]
                    ),
                ),
            )
        )
    daily = stats["daily"]
    step = max(1, len(daily) // 31)  # at most a month of rows: every n-th day of a long period
    sections.append(
        Section(
            tx["daily"],
            table=(
                (tx["day"], tx["people"]),
                *((day_text(r["day"], lang), str(r["people"])) for r in daily[::step]),
            ),
        )
    )
    prices = stats["prices"]
    sections.append(
        Section(
            tx["prices"],
            lines=(
                Line(tx["price_list"], str(prices["name"])),
                Line(tx["effective"], day_text(date.fromisoformat(prices["effective_from"]), lang)),
                Line(tx["source"], str(prices["source_fi" if lang == "fi" else "source"])),
            ),
            paragraphs=(
                (f"{tx['retained']}: {', '.join(stats['retained_months'])}",)
                if stats["retained_months"]
                else ()
            ),
        )
    )
    return Document(
        kind="followup",
        lang=lang,
        title=tx["title"],
        person=f"{tx['region']}: {stats['region'] or tx['all_regions']} · {tx['pilot']}: {pilot}",
        reference=f"{tx['period']}: {day_text(start, lang)} – {day_text(last, lang)}",
        issued=f"{tx['issued']}: {day_text(issued, lang)}",
        sections=tuple(sections),
    )
