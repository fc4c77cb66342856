"""Run a scenario as the engine would (batches a minute apart) and score it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from valvo.domain.alarms import Alarm, AlarmKind, incidents
from valvo.domain.alarms.intake import take_in
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import BreachStarted, Event, RuleSet, SubjectState, evaluate
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


def play_batches(
    scenario: Scenario, batch: timedelta = timedelta(minutes=1), ruleset: RuleSet | None = None
) -> list[tuple[datetime, list[Event]]]:
    """Feed the stream in received-time batches and look once per batch, like the engine:
    each batch's instant and the events it produced (``ruleset``: instead of the scenario's)."""
    rules = ruleset or scenario.ruleset
    state = SubjectState(rules.subject_id)
    ordered = sorted(scenario.observations, key=lambda o: (o.received_at, o.seq or 0))
    batches: list[tuple[datetime, list[Event]]] = []
    cursor = ordered[0].received_at if ordered else scenario.end
    index = 0
    while cursor <= scenario.end:
        chunk = []
        while index < len(ordered) and ordered[index].received_at <= cursor:
            chunk.append(ordered[index])
            index += 1
        batches.append((cursor, evaluate(state, chunk, rules, cursor).events))
        cursor += batch
    return batches


def play(scenario: Scenario, batch: timedelta = timedelta(minutes=1)) -> list[BreachStarted]:
    """The breaches the engine would report, in order."""
    return [
        e
        for _, events in play_batches(scenario, batch)
        for e in events
        if isinstance(e, BreachStarted)
    ]


def alarms_of(scenario: Scenario, flap_window: timedelta) -> tuple[list[Alarm], int]:
    """The alarms the engine's intake makes of the scenario's breaches with the thresholds'
    flap window set to ``flap_window`` (nobody works them, so a condition that ends within the
    self-clear grace closes itself), and how many breaches there were. Each new alarm is placed
    in its person's incident as the engine's intake places it (``alarm.incident_id``)."""
    rules = scenario.ruleset
    rules = replace(rules, thresholds=replace(rules.thresholds, flap_window=flap_window))
    policy = IntakePolicy()
    known: dict[str, Alarm] = {}
    breaches = 0
    for now, events in play_batches(scenario, ruleset=rules):
        breaches += sum(isinstance(e, BreachStarted) for e in events)
        intake = take_in(events, list(known.values()), {}, policy, now)
        for alarm in intake.alarms:
            alarm.take_pending()
            if alarm.id in intake.new_ids:  # placed in an incident as the engine's intake does
                alarm.incident_id = incidents.place(alarm, known.values())
            known[alarm.id] = alarm
    return list(known.values()), breaches


def score(scenario: Scenario) -> Score:
    breaches = play(scenario)
    expected_kinds = {e.kind for e in scenario.expected}
    unexpected = [
        b
        for b in breaches
        if b.kind not in expected_kinds and not _trailing_silence(scenario, b.kind, b.occurred_at)
    ]
    on_time, worst = 0, None
    used: set[int] = set()  # each breach detects one expected breach (a repeat is its own)
    for expected in scenario.expected:
        hits = [b for b in breaches if b.kind is expected.kind and id(b) not in used]
        if hits:
            used.add(id(hits[0]))
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
