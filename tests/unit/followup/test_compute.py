"""The follow-up's pure parts: who is under monitoring on a day, the versioned unit costs, the
period's limits and the figures derived from the additive ones."""

from __future__ import annotations

from datetime import date

import pytest

from valvo.domain.followup import compute
from valvo.domain.followup.compute import Period, PeriodError
from valvo.domain.followup.costs import REPORT_2024, CostError, UnitCosts, in_effect
from valvo.domain.followup.facts import SentenceFact, Span, VisitFact
from valvo.domain.followup.figures import FIGURES


def fact(**values: object) -> SentenceFact:
    return SentenceFact(case_id="x", region="R", pilot=False, status="enforcing", **values)  # type: ignore[arg-type]


def test_serving_starts_on_its_day_stops_before_the_end_and_pauses_when_interrupted() -> None:
    f = fact(
        serving_start=date(2026, 1, 10),
        ended_on=date(2026, 1, 20),
        interruptions=(Span("provisional", date(2026, 1, 12), date(2026, 1, 14)),),
    )
    served = [d for d in Period(date(2026, 1, 1), date(2026, 2, 1)).days() if f.serving_on(d)]
    assert served[0] == date(2026, 1, 10)
    assert served[-1] == date(2026, 1, 19)
    assert date(2026, 1, 12) not in served
    assert date(2026, 1, 14) in served
    assert len(served) == 8
    open_ended = fact(
        serving_start=date(2026, 1, 1),
        interruptions=(Span("wanted", date(2026, 1, 5)),),
    )
    assert not open_ended.serving_on(date(2026, 3, 1))


def test_a_later_price_list_takes_effect_on_its_date() -> None:
    later = UnitCosts(
        **{
            **{k: getattr(REPORT_2024, k) for k in REPORT_2024.__slots__},
            "name": "2027",
            "effective_from": date(2027, 1, 1),
            "centre_per_person_day": 3000,
        }
    )
    versions = (REPORT_2024, later)
    assert in_effect(date(2026, 12, 31), versions) is REPORT_2024
    assert in_effect(date(2027, 1, 1), versions) is later
    with pytest.raises(CostError, match="no unit costs"):
        in_effect(date(2000, 1, 1), versions)


def test_the_period_is_checked() -> None:
    with pytest.raises(PeriodError, match="ends before"):
        Period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(PeriodError, match="longer than"):
        Period(date(2020, 1, 1), date(2026, 1, 1))


def test_a_visit_costs_its_fee_and_its_kilometres() -> None:
    f = fact(visits=(VisitFact(date(2026, 1, 5), km=10.0, minutes=15),))
    p = Period(date(2026, 1, 1), date(2026, 2, 1))
    assert compute.sentence_cost_cents(f, p) == REPORT_2024.visit + 10 * REPORT_2024.visit_per_km


def test_derived_figures_from_additive_ones_and_every_figure_is_declared() -> None:
    shown = compute.derive(
        {
            "serving_days": 10,
            "_cost_cents": 40000,
            "reports_requested": 3,
            "sentences_imposed": 2,
            "visits": 1,
            "visit_target": 2,
        },
        [(date(2026, 1, d), 1) for d in range(1, 11)],
        13700,
    )
    assert shown["cost_per_person_day"] == 40.0
    assert shown["saving_per_person_day"] == 97.0
    assert shown["reports_per_sentence"] == 1.5
    assert shown["visit_rate"] == 0.5
    assert shown["average_daily_population"] == 1.0
    assert set(shown) <= set(FIGURES)
    empty = compute.derive({}, [], 13700)
    assert empty["cost_per_person_day"] is None
    assert empty["people_monitored"] == 0
