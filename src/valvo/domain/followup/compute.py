"""The follow-up figures of a period, pure: each figure has one function here (``FIGURES`` names
them), computed from the sentences' facts for the days [start, end) in the cases' own calendar.

A sentence is under monitoring on a day when its serving has begun, it has not ended and no
interruption covers the day (``SentenceFact.serving_on``); serving days are those days summed
over people. Costs take the price list in effect on each day (``costs.in_effect``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from valvo.domain.followup.costs import UnitCosts, in_effect
from valvo.domain.followup.facts import Days, SentenceFact, Span

DAY = timedelta(days=1)
MAX_DAYS = 3 * 366 + 1  # the pilot lasts at least three years (R143)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # exclusive

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PeriodError("the period ends before it starts")
        if (self.end - self.start).days > MAX_DAYS:
            raise PeriodError(f"the period is longer than {MAX_DAYS} days")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    def days(self) -> list[date]:
        return [self.start + DAY * i for i in range((self.end - self.start).days)]


def _ratio(a: float, b: float, digits: int = 4) -> float | None:
    return None if b == 0 else round(a / b, digits)


# --- the caseload --------------------------------------------------------------------------


def _on(fact: SentenceFact, day: date | None, p: Period) -> bool:
    """``day`` is in the period and counts for this view of the case (``SentenceFact.outside``:
    the pilot's days or the others')."""
    return day in p and fact.counts_on(day)


def reports_requested(facts: Sequence[SentenceFact], p: Period) -> int:
    return sum(1 for f in facts if _on(f, f.requested_on, p))


def sentences_imposed(facts: Sequence[SentenceFact], p: Period) -> int:
    return sum(1 for f in facts if _on(f, f.sentenced_on, p))


def started(facts: Sequence[SentenceFact], p: Period) -> int:
    return sum(1 for f in facts if _on(f, f.serving_start, p))


def _ended(facts: Sequence[SentenceFact], p: Period, status: str) -> list[SentenceFact]:
    # ended_on is the first day no longer serving: the last day served is the day before.
    return [f for f in facts if f.status == status and f.ended_on and _on(f, f.ended_on - DAY, p)]


def completed(facts: Sequence[SentenceFact], p: Period) -> int:
    return len(_ended(facts, p, "completed"))


def converted(facts: Sequence[SentenceFact], p: Period) -> int:
    return len(_ended(facts, p, "converted"))


def served(fact: SentenceFact, p: Period) -> list[date]:
    """The days of the period ``fact`` was under monitoring (``SentenceFact.serving_on``, day
    by day), walking only its own span: the period's days from the serving start to the end,
    less those an interruption covers."""
    if fact.serving_start is None:
        return []
    low = max(fact.serving_start, p.start)
    high = min(fact.ended_on or p.end, p.end)
    days = [date.fromordinal(n) for n in range(low.toordinal(), high.toordinal())]
    if not (fact.interruptions or fact.outside) or not days:
        return days
    gone: set[date] = set()
    left_out: list[Span | Days] = [*fact.interruptions, *fact.outside]
    for i in left_out:
        start, end = max(i.start, low), min(i.end or high, high)
        gone.update(date.fromordinal(n) for n in range(start.toordinal(), end.toordinal()))
    return [d for d in days if d not in gone]


def daily_population(facts: Sequence[SentenceFact], p: Period) -> list[tuple[date, int]]:
    per_day = Counter(d for f in facts for d in served(f, p))
    return [(day, per_day[day]) for day in p.days()]


def serving_days(facts: Sequence[SentenceFact], p: Period) -> int:
    return sum(len(served(f, p)) for f in facts)


def interruptions(facts: Sequence[SentenceFact], p: Period) -> Counter[str]:
    return Counter(i.reason for f in facts for i in f.interruptions if _on(f, i.start, p))


def breaches(facts: Sequence[SentenceFact], p: Period) -> Counter[str]:
    return Counter(
        b.kind or "unassessed" for f in facts for b in f.breaches if _on(f, b.occurred_on, p)
    )


def _responses(facts: Sequence[SentenceFact], p: Period, response: str) -> int:
    return sum(
        1 for f in facts for b in f.breaches if b.response == response and _on(f, b.responded_on, p)
    )


def warnings(facts: Sequence[SentenceFact], p: Period) -> int:
    return _responses(facts, p, "written_warning")


def referrals(facts: Sequence[SentenceFact], p: Period) -> int:
    return _responses(facts, p, "court_referral")


def visits(facts: Sequence[SentenceFact], p: Period) -> int:
    return sum(1 for f in facts for v in f.visits if _on(f, v.visited_on, p))


def visit_target(facts: Sequence[SentenceFact], p: Period) -> float:
    """R53: the target per week served, at the price list's frequency on each day."""
    total = 0.0
    for day, n in daily_population(facts, p):
        total += n * _prices(day).visits_per_week / 7
    return round(total, 2)


def visit_km(facts: Sequence[SentenceFact], p: Period) -> float:
    return round(sum(v.km or 0 for f in facts for v in f.visits if _on(f, v.visited_on, p)), 1)


def visit_minutes(facts: Sequence[SentenceFact], p: Period) -> int:
    return sum(v.minutes or 0 for f in facts for v in f.visits if _on(f, v.visited_on, p))


def substance_tests(facts: Sequence[SentenceFact], p: Period) -> Counter[str]:
    counts = Counter(t.kind for f in facts for t in f.tests if _on(f, t.taken_on, p))
    labs = sum(1 for f in facts for t in f.tests if _on(f, t.lab_on, p))
    if labs:
        counts["lab_analysis"] = labs
    return counts


# --- cost per day (R68, R136) --------------------------------------------------------------


def sentence_cost_cents(fact: SentenceFact, p: Period) -> int:
    """What one sentence cost in the period: its devices and the centre on each day served,
    its visits (fee and kilometres) and its tests (and laboratory analyses)."""
    days = served(fact, p)
    cents = 0
    if days and _prices(days[0]) is _prices(days[-1]):  # one price list over the days
        cents += len(days) * _day_cents(_prices(days[0]), fact.device_kinds)
    else:  # a price list changing inside the span: day by day
        cents += sum(_day_cents(_prices(day), fact.device_kinds) for day in days)
    for v in fact.visits:
        if _on(fact, v.visited_on, p):
            prices = in_effect(v.visited_on)
            cents += prices.visit + round((v.km or 0) * prices.visit_per_km)
    for t in fact.tests:
        if _on(fact, t.taken_on, p):
            cents += in_effect(t.taken_on).test_price(t.kind)
        if t.lab_on is not None and _on(fact, t.lab_on, p):
            cents += in_effect(t.lab_on).lab_analysis
    return cents


@cache
def _prices(day: date) -> UnitCosts:
    return in_effect(day)


@cache
def _day_cents(prices: UnitCosts, kinds: tuple[str, ...]) -> int:
    """A person-day at ``prices``: the monitoring centre and each device held."""
    return prices.centre_per_person_day + sum(prices.device_day(kind) for kind in kinds)


def cost_total_cents(facts: Iterable[SentenceFact], p: Period) -> int:
    return sum(sentence_cost_cents(f, p) for f in facts)


def _eur(cents: float | None) -> float | None:
    return None if cents is None else round(cents / 100, 2)


# Figures that add up over people, regions and months (retention keeps these per month); the
# ``_``-prefixed ones are parts of a derived figure, never shown.
ADDITIVE = (
    "reports_requested",
    "sentences_imposed",
    "started",
    "completed",
    "converted",
    "serving_days",
    "interruptions",
    "breaches",
    "warnings",
    "referrals",
    "visits",
    "visit_target",
    "visit_km",
    "visit_minutes",
    "substance_tests",
    "_cost_cents",
    "_imposed_length_days",
    "_imposed_with_length",
    "_completed_cost_cents",
    "_completed_costed",
)


def counts(facts: Sequence[SentenceFact], p: Period) -> dict[str, float]:
    """The additive figures of the period, with their breakdowns as ``figure:key``."""
    lengths = [f.length_days for f in facts if _on(f, f.sentenced_on, p) and f.length_days]
    done = [
        Period(f.serving_start, f.ended_on)
        for f in _ended(facts, p, "completed")
        if f.serving_start is not None and f.ended_on is not None and f.ended_on > f.serving_start
    ]
    done_cost = sum(
        sentence_cost_cents(f, Period(f.serving_start, f.ended_on))
        for f in _ended(facts, p, "completed")
        if f.serving_start is not None and f.ended_on is not None and f.ended_on > f.serving_start
    )
    out: dict[str, float] = {
        "reports_requested": reports_requested(facts, p),
        "sentences_imposed": sentences_imposed(facts, p),
        "started": started(facts, p),
        "completed": completed(facts, p),
        "converted": converted(facts, p),
        "serving_days": serving_days(facts, p),
        "warnings": warnings(facts, p),
        "referrals": referrals(facts, p),
        "visits": visits(facts, p),
        "visit_target": visit_target(facts, p),
        "visit_km": visit_km(facts, p),
        "visit_minutes": visit_minutes(facts, p),
        "_cost_cents": cost_total_cents(facts, p),
        "_imposed_length_days": sum(lengths),
        "_imposed_with_length": len(lengths),
        "_completed_cost_cents": done_cost,
        "_completed_costed": len(done),
    }
    for name, split in (
        ("interruptions", interruptions(facts, p)),
        ("breaches", breaches(facts, p)),
        ("substance_tests", substance_tests(facts, p)),
    ):
        out[name] = sum(n for k, n in split.items() if k != "lab_analysis")
        out.update({f"{name}:{k}": n for k, n in split.items()})
    return out


def derive(
    added: Mapping[str, float],
    population: Sequence[tuple[date, int]],
    prison_day_cents: int,
) -> dict[str, float | int | None]:
    """The shown figures from the additive ones (live and retained added together) and the
    daily population of the live caseload."""
    days = added.get("serving_days", 0)
    total = added.get("_cost_cents", 0)
    per_day = None if days == 0 else total / days
    costed = added.get("_completed_costed", 0)
    with_length = added.get("_imposed_with_length", 0)
    shown: dict[str, float | int | None] = {
        k: (int(v) if float(v).is_integer() else v)
        for k, v in added.items()
        if not k.startswith("_") and ":" not in k
    }
    shown |= {
        "reports_per_sentence": _ratio(
            added.get("reports_requested", 0), added.get("sentences_imposed", 0), 2
        ),
        "average_length_days": None
        if not with_length
        else round(added.get("_imposed_length_days", 0) / with_length, 1),
        "people_monitored": population[-1][1] if population else 0,
        "average_daily_population": round(days / len(population), 2) if population else None,
        "visit_rate": _ratio(added.get("visits", 0), added.get("visit_target", 0), 2),
        "cost_total": _eur(total),
        "cost_per_person_day": _eur(per_day),
        "cost_per_completed": None
        if not costed
        else _eur(added.get("_completed_cost_cents", 0) / costed),
        "prison_day_cost": _eur(prison_day_cents),
        "saving_per_person_day": None if per_day is None else _eur(prison_day_cents - per_day),
    }
    return shown


def breakdowns(added: Mapping[str, float]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, value in sorted(added.items()):
        if ":" in key:
            figure, part = key.split(":", 1)
            out.setdefault(figure, {})[part] = int(value)
    return out


def add(*parts: Mapping[str, float]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for part in parts:
        for key, value in part.items():
            total[key] += value
    return {k: round(v, 3) for k, v in total.items()}
