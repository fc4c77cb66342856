"""Pilot follow-up statistics and cost per day (R18, R53, R68, R134, R136, R137, R143): the one
service module that computes them, for a region and a period, from the sentences' facts and the
anonymised figures retention kept of sentences whose data went. Each figure is defined once
(``domain/followup/figures.py``, computed in ``domain/followup/compute.py``); the console's
charts, the CSV and the PDF report all read what ``statistics`` returns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from valvo.domain.followup import compute
from valvo.domain.followup.compute import Period, PeriodError
from valvo.domain.followup.costs import CostError, in_effect
from valvo.domain.followup.facts import SentenceFact
from valvo.domain.followup.figures import BREAKDOWN_OF, FIGURES
from valvo.domain.followup.pilot import select as pilot_part
from valvo.domain.security import Scope
from valvo.services.cases import labels
from valvo.services.errors import InvalidInput

DAY = timedelta(days=1)
# The figures shown, in the order the console, the CSV and the report give them.
SHOWN = tuple(f for f in FIGURES if f != "alarms_auto_closed")


class FollowUpReader(Protocol):
    def sentence_facts(
        self, region: str | None, pilot: bool | None, case_ids: Iterable[str] | None = None
    ) -> list[SentenceFact]: ...
    def retained(
        self, region: str | None, pilot: bool | None, months: Iterable[str]
    ) -> dict[str, float]: ...


class FollowUpUnitOfWork(Protocol):
    @property
    def scope(self) -> Scope: ...
    @property
    def followup(self) -> FollowUpReader: ...


@dataclass(frozen=True, slots=True)
class Query:
    start: date
    end: date  # exclusive
    region: str | None = None
    pilot: bool | None = None  # None: pilot and other cases alike


def period_of(query: Query, today: date) -> Period:
    """The period asked for, ending at the end of today at the latest (no day not yet lived
    is counted)."""
    if query.start > today:
        raise InvalidInput("'from' is in the future")
    try:
        return Period(query.start, min(query.end, today + DAY))
    except PeriodError as exc:
        raise InvalidInput(str(exc)) from exc


def whole_months(p: Period) -> list[str]:
    """The calendar months (YYYY-MM) lying wholly inside the period."""
    months, day = [], date(p.start.year, p.start.month, 1)
    while day < p.end:
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if day >= p.start and following <= p.end:
            months.append(f"{day:%Y-%m}")
        day = following
    return months


def statistics(
    uow: FollowUpUnitOfWork, query: Query, *, today: date, prison_day_cents: int
) -> dict[str, Any]:
    """Every follow-up figure of the period for the scope (and ``query.region``), in all and
    per region, the daily population, the breakdowns and the unit costs used."""
    p = period_of(query, today)
    if query.region is not None and not uow.scope.covers(query.region):
        raise InvalidInput("region outside your scope")  # pragma: no cover - routes check
    caseload = uow.followup.sentence_facts(query.region, None)
    facts = pilot_part(caseload, query.pilot)
    months = whole_months(p)
    retained = uow.followup.retained(query.region, query.pilot, months)
    try:
        prices = in_effect(p.start)
        live = compute.counts(facts, p)
        population = compute.daily_population(facts, p)
    except CostError as exc:
        raise InvalidInput(str(exc)) from exc
    added = compute.add(live, retained)
    regions = sorted({f.region for f in facts})
    return {
        "from": p.start,
        "to": p.end,
        "region": query.region,
        "pilot": query.pilot,
        "figures": compute.derive(added, population, prison_day_cents),
        "breakdowns": compute.breakdowns(added),
        "breakdown_labels": {
            figure: {
                part: {"en": part_label(figure, part, "en"), "fi": part_label(figure, part, "fi")}
                for part in parts
            }
            for figure, parts in compute.breakdowns(added).items()
        },
        "daily": [{"day": d, "people": n} for d, n in population],
        "by_region": [
            {
                "region": region,
                **compute.derive(
                    compute.counts([f for f in facts if f.region == region], p),
                    compute.daily_population([f for f in facts if f.region == region], p),
                    prison_day_cents,
                ),
            }
            for region in regions
        ],
        "by_pilot": by_pilot(uow, caseload, query, p, months, prison_day_cents),
        "retained_months": sorted(months) if retained else [],
        "prices": prices.as_dict(),
    }


def by_pilot(
    uow: FollowUpUnitOfWork,
    caseload: list[SentenceFact],
    query: Query,
    p: Period,
    months: list[str],
    prison_day_cents: int,
) -> list[dict[str, Any]]:
    """R143: the pilot against the others, in all (``region`` None, with the figures retention
    kept) and per region (live rows), each part a case's days in it (``domain/followup/pilot``);
    with ``query.pilot`` only that part."""
    wanted = (True, False) if query.pilot is None else (query.pilot,)
    rows: list[dict[str, Any]] = []
    for pilot in wanted:
        part = pilot_part(caseload, pilot)
        kept = uow.followup.retained(query.region, pilot, months)
        rows.append(
            {
                "region": None,
                "pilot": pilot,
                **compute.derive(
                    compute.add(compute.counts(part, p), kept),
                    compute.daily_population(part, p),
                    prison_day_cents,
                ),
            }
        )
    for region in sorted({f.region for f in caseload}):
        for pilot in wanted:
            part = [f for f in pilot_part(caseload, pilot) if f.region == region]
            rows.append(
                {
                    "region": region,
                    "pilot": pilot,
                    **compute.derive(
                        compute.counts(part, p), compute.daily_population(part, p), prison_day_cents
                    ),
                }
            )
    return rows


# --- exports -------------------------------------------------------------------------------


def tables(stats: Mapping[str, Any], lang: str) -> list[tuple[str, list[list[object]]]]:
    """The statistics as four titled tables (header row first), shared by the CSV and the
    spreadsheet: one row per figure (and breakdown), the daily population, the regions, the
    pilot against the others (in all and per region, R143); labels
    in ``lang``, numbers as numbers, days as dates."""
    fi = lang == "fi"
    figures: list[list[object]] = [
        [
            "tunnusluku" if fi else "figure",
            "nimi" if fi else "label",
            "arvo" if fi else "value",
            "yksikkö" if fi else "unit",
        ]
    ]
    for key in SHOWN:
        figure = FIGURES[key]
        figures.append([key, figure.label(lang), _cell(stats["figures"].get(key)), figure.unit])
        for part, n in stats["breakdowns"].get(key, {}).items():
            figures.append(
                [
                    f"{key}:{part}",
                    f"{figure.label(lang)}: {part_label(key, part, lang)}",
                    n,
                    figure.unit,
                ]
            )
    daily: list[list[object]] = [
        ["päivä" if fi else "day", FIGURES["people_monitored"].label(lang)]
    ]
    daily += [[row["day"], row["people"]] for row in stats["daily"]]
    regions: list[list[object]] = [
        ["alue" if fi else "region", *(FIGURES[k].label(lang) for k in SHOWN)]
    ]
    regions += [[row["region"], *(_cell(row.get(k)) for k in SHOWN)] for row in stats["by_region"]]
    pilot: list[list[object]] = [
        [
            "alue" if fi else "region",
            "kokeilu" if fi else "pilot",
            *(FIGURES[k].label(lang) for k in SHOWN),
        ]
    ]
    pilot += [
        [
            row["region"] or ("kaikki" if fi else "all"),
            ("kokeilu" if fi else "pilot") if row["pilot"] else ("muut" if fi else "others"),
            *(_cell(row.get(k)) for k in SHOWN),
        ]
        for row in stats.get("by_pilot", [])
    ]
    return [
        ("Tunnusluvut" if fi else "Figures", figures),
        ("Päivittäin" if fi else "Daily", daily),
        ("Alueittain" if fi else "Regions", regions),
        ("Kokeilu" if fi else "Pilot", pilot),
    ]


def csv_text(stats: Mapping[str, Any], lang: str) -> str:
    """The statistics as CSV: :func:`tables` one after another, a blank row between."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for i, (_title, rows) in enumerate(tables(stats, lang)):
        if i:
            w.writerow([])
        for row in rows:
            w.writerow([v.isoformat() if isinstance(v, date) else v for v in row])
    return out.getvalue()


def _cell(value: object) -> object:
    return "" if value is None else value


# The labels of a breakdown's keys: the case work's own labels (services/cases/labels.py).
def part_label(figure: str, part: str, lang: str) -> str:
    table = {
        "breaches": labels.BREACH_KINDS,
        "interruptions": labels.INTERRUPTION_REASONS,
        "substance_tests": labels.TEST_KINDS,
    }.get(figure)
    found = None if table is None else table.get(part)
    if found is None:
        return labels.UNASSESSED.text(lang) if part == "unassessed" else part
    return found.text(lang)


__all__ = ["BREAKDOWN_OF", "Query", "csv_text", "part_label", "statistics"]
