"""Replay reproduces: the engine's breaches, however it batched them, are produced again from
the stored observations; a recorded breach that the rules no longer produce is reported."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import fix
from valvo import bootstrap
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.services.telemetry import LogEntry


def record_a_day(valvo: Valvo, clock: FakeClock, device: str) -> None:
    """In and out of the protected address four times, fixes a minute apart, the engine
    looking at irregular moments."""
    worker = valvo.engine_worker()
    start = clock.now
    for minute in range(60):
        east = 1000 if (minute // 6) % 2 else 0  # six minutes inside, six outside
        at = start + timedelta(minutes=minute)
        valvo.observation_log().append(
            [LogEntry(fix(at, east_m=east, device=device), "osmand", b"r", None, None)]
        )
        if minute % 7 == 3:
            worker.step(at + timedelta(seconds=13))
    worker.step(start + timedelta(hours=2))


def test_replay_reproduces_the_recorded_breaches(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(
        valvo,
        "replay-1",
        weekly=[{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}],
    )
    record_a_day(valvo, clock, "replay-1")
    report = valvo.replay(
        person.subject_id,
        clock.now - timedelta(hours=1),
        clock.now + timedelta(hours=3),
        now=clock.now + timedelta(hours=3),
    )
    assert report.identical, report.as_dict()
    assert len(report.reproduced) >= 5  # five entries into the zone (grouped or not) reproduced
    assert report.observations == 60


def test_replay_reports_a_recorded_alarm_the_rules_do_not_produce(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, "replay-2")
    record_a_day(valvo, clock, "replay-2")
    with valvo.db.begin() as conn:  # the evidence behind the first alarm goes missing
        conn.execute(delete(t.observations).where(t.observations.c.seq <= 10))
    report = valvo.replay(
        person.subject_id,
        clock.now - timedelta(hours=1),
        clock.now + timedelta(hours=3),
        now=clock.now + timedelta(hours=3),
    )
    assert not report.identical
    assert report.missing


def test_replay_to_the_future_counts_no_breach_that_is_not_yet_due(
    valvo: Valvo, clock: FakeClock
) -> None:
    """The engine looked just after the last fix; the tracker's silence falls due 10 minutes
    later, which has not come yet: replaying to tomorrow must not call it extra."""
    person = register_person(valvo, "replay-4")
    worker = valvo.engine_worker()
    for _ in range(3):
        entry = LogEntry(fix(clock.now, device="replay-4"), "osmand", b"r", None, None)
        valvo.observation_log().append([entry])
        worker.step(clock.advance(minutes=1))
    report = valvo.replay(
        person.subject_id,
        clock.now - timedelta(hours=1),
        clock.now + timedelta(days=1),
        now=clock.now,
    )
    assert report.identical, report.as_dict()
    assert report.evaluated_to == clock.now
    assert report.observations == 3


def test_replay_command_prints_json_and_exits_0_when_identical(
    valvo: Valvo, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    person = register_person(valvo, "replay-3")
    record_a_day(valvo, clock, "replay-3")
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VALVO_DATA_DIR", str(tmp_path))
    window = [
        (clock.now - timedelta(hours=1)).isoformat(),
        (clock.now + timedelta(hours=3)).isoformat(),
    ]
    clock.advance(hours=3)  # the command runs after the engine's last step, on Valvo's clock
    build = bootstrap.build
    monkeypatch.setattr(bootstrap, "build", lambda: build(clock=clock))
    result = CliRunner().invoke(
        app,
        [
            *("replay", "--subject", person.subject_id, "--from", window[0], "--to", window[1]),
            *("--purpose", "checking the engine"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["identical"] is True
    bad = CliRunner().invoke(
        app, ["replay", "--subject", person.subject_id, "--from", "yesterday", "--to", window[1]]
    )
    assert bad.exit_code == 2
