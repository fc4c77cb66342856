"""Run a scenario as the engine would (batches a minute apart) and score it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from valvo.domain.alarms import AlarmKind
from valvo.domain.rules import BreachStarted, SubjectState, evaluate
from valvo.sim.scenarios import Scenario

# Health conditions a quiet stretch at the end of a scenario may legitimately raise, which say
# nothing about the behaviour under test (the scenario simply stops sending).
_TRAILING_SILENCE = {AlarmKind.DEVICE_SILENT}


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    noise: bool
    false_alarms: int
    expected: int
    detected_on_time: int
    worst_delay_s: float | None

    @property
    def detection_rate(self) -> float | None:
        return None if not self.expected else self.detected_on_time / self.expected


def play(scenario: Scenario, batch: timedelta = timedelta(minutes=1)) -> list[BreachStarted]:
    """Feed the stream in received-time batches and look once per batch, like the engine."""
    state = SubjectState(scenario.ruleset.subject_id)
    ordered = sorted(scenario.observations, key=lambda o: (o.received_at, o.seq or 0))
    breaches: list[BreachStarted] = []
    cursor = ordered[0].received_at if ordered else scenario.end
    index = 0
    while cursor <= scenario.end:
        chunk = []
        while index < len(ordered) and ordered[index].received_at <= cursor:
            chunk.append(ordered[index])
            index += 1
        result = evaluate(state, chunk, scenario.ruleset, cursor)
        breaches += [e for e in result.events if isinstance(e, BreachStarted)]
        cursor += batch
    return breaches


def score(scenario: Scenario) -> Score:
    breaches = play(scenario)
    expected_kinds = {e.kind for e in scenario.expected}
    unexpected = [
        b
        for b in breaches
        if b.kind not in expected_kinds and not _trailing_silence(scenario, b.kind, b.occurred_at)
    ]
    on_time, worst = 0, None
    for expected in scenario.expected:
        hits = [b for b in breaches if b.kind is expected.kind]
        if hits and hits[0].occurred_at <= expected.by:
            on_time += 1
            delay = (hits[0].occurred_at - expected.by).total_seconds()
            worst = delay if worst is None else max(worst, delay)
    return Score(
        scenario.name, scenario.noise, len(unexpected), len(scenario.expected), on_time, worst
    )


def _trailing_silence(scenario: Scenario, kind: AlarmKind, at: datetime) -> bool:
    last = max((o.received_at for o in scenario.observations), default=scenario.end)
    return kind in _TRAILING_SILENCE and at > last
