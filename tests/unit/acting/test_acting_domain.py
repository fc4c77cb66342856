"""The pure parts of acting on the person: call entries are checked, every main alarm kind has
its checklist and a tick counts only under the version in force, a command's status at a time
(expired, failed) and the frames the gateway sends match the protocols' documented vectors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from valvo.domain.acting import calls, checklists
from valvo.domain.acting.commands import (
    EXPIRES_AFTER,
    REPLY_WITHIN,
    CommandRefused,
    command_text,
    kinds_for,
    status_at,
)
from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.alarm import AlarmKind, AlarmTransitionError, Explanation, Severity
from valvo.gateway.commands import encode
from valvo.sim.gt06_device import parse_command
from valvo.sim.teltonika_device import parse_codec12_command

NOW = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)
VECTORS = Path("/work/shared/protocols")


def test_a_call_needs_a_known_outcome_a_number_and_whom_it_reaches() -> None:
    assert calls.call_details("reached", " 040 123 ", "Mother") == {
        "outcome": "reached",
        "number": "040 123",
        "callee": "Mother",
    }
    for outcome, number, callee in (
        ("busy", "040", "x"),
        ("reached", "", "x"),
        ("reached", "0401; DROP", "x"),
        ("reached", "040", ""),
    ):
        with pytest.raises(calls.CallError):
            calls.call_details(outcome, number, callee)


@pytest.mark.parametrize(
    ("kind", "version"),
    [
        (AlarmKind.LEFT_DURING_PRESENCE, "curfew-1"),
        (AlarmKind.NOT_BACK_AFTER_ABSENCE, "curfew-1"),
        (AlarmKind.EXCLUSION_ZONE_ENTERED, "exclusion-1"),
        (AlarmKind.STRAP_TAMPER, "tamper-1"),
        (AlarmKind.LOW_BATTERY, "battery-1"),
        (AlarmKind.DEVICE_SILENT, "signal-1"),
        (AlarmKind.SOS_PRESSED, "general-1"),
    ],
)
def test_each_main_kind_has_its_checklist_in_both_languages(kind: AlarmKind, version: str) -> None:
    checklist = checklists.checklist_for(kind)
    assert checklist.version == version
    assert all(s.text_en and s.text_fi and s.text_en != s.text_fi for s in checklist.steps)
    assert len({s.key for s in checklist.steps}) == len(checklist.steps)


def test_progress_counts_ticks_of_the_version_in_force_only() -> None:
    trail = [
        {
            "action": "step_done",
            "actor": "olli",
            "at": NOW,
            "details": {"version": "curfew-1", "step": "call_person"},
        },
        {
            "action": "step_done",
            "actor": "old",
            "at": NOW,
            "details": {"version": "curfew-0", "step": "call_abode"},
        },
        {"action": "note", "actor": "olli", "at": NOW, "details": {}},
    ]
    steps = checklists.progress(AlarmKind.LEFT_DURING_PRESENCE, trail)
    assert [(s["key"], s["done_by"]) for s in steps][:3] == [
        ("call_person", "olli"),
        ("locate_now", None),
        ("call_abode", None),
    ]
    assert "call_person" not in checklists.unticked(steps)
    with pytest.raises(ValueError, match="not a step"):
        checklists.step_of(AlarmKind.LEFT_DURING_PRESENCE, "call_police")


def _alarm() -> Alarm:
    return Alarm.raise_new(
        id="a1",
        subject_id="s1",
        kind=AlarmKind.LEFT_DURING_PRESENCE,
        severity=Severity.HIGH,
        condition_key="presence:home",
        occurred_at=NOW,
        now=NOW,
        explanation=Explanation("left home", "poistui kotoa", "presence", 1),
    )


def test_calls_and_ticks_are_trail_entries_and_a_resolved_alarm_takes_no_tick() -> None:
    alarm = _alarm()
    alarm.take_pending()
    alarm.log_call("olli", NOW, calls.call_details("voicemail", "040", "person"), "left word")
    alarm.tick_step("olli", NOW, "curfew-1", "call_person")
    entries = alarm.take_pending()
    assert [(e.action.value, e.from_status, e.to_status) for e in entries] == [  # type: ignore[union-attr]
        ("call", alarm.status, alarm.status),
        ("step_done", alarm.status, alarm.status),
    ]
    alarm.resolve("olli", NOW, "authorised_absence")
    with pytest.raises(AlarmTransitionError):
        alarm.tick_step("olli", NOW, "curfew-1", "call_abode")


def test_a_command_expires_unsent_and_fails_unanswered() -> None:
    expires = NOW + EXPIRES_AFTER
    assert status_at("queued", expires, None, NOW) == ("queued", None)
    assert status_at("queued", expires, None, expires)[0] == "expired"
    assert status_at("sent", expires, NOW, NOW + REPLY_WITHIN - timedelta(seconds=1))[0] == "sent"
    assert status_at("sent", expires, NOW, NOW + REPLY_WITHIN) == (
        "failed",
        "no answer from the device",
    )
    assert status_at("acknowledged", expires, NOW, NOW + timedelta(hours=1))[0] == "acknowledged"


def test_only_protocols_with_a_command_channel_take_commands() -> None:
    assert kinds_for("gt06") == ["locate", "fast_reporting"]
    assert kinds_for("teltonika") == ["locate"]
    assert kinds_for("osmand") == []
    assert command_text("gt06", "locate") == "WHERE#"
    with pytest.raises(CommandRefused, match="takes no commands"):
        command_text("osmand", "locate")
    with pytest.raises(CommandRefused, match="does not take"):
        command_text("teltonika", "fast_reporting")
    with pytest.raises(ValueError, match="takes no commands"):
        encode("osmand", "x", 1)


def _encoder_vector(protocol: str, command: str) -> dict[str, object]:
    for line in (VECTORS / f"{protocol}.jsonl").read_text().splitlines():
        vector = json.loads(line)
        if vector["layer"] == "encoder" and vector["expect"].get("command") == command:
            return dict(vector)
    raise AssertionError(f"no {protocol} encoder vector {command}")


def test_the_frames_sent_match_the_documented_encoder_vectors() -> None:
    gt06 = _encoder_vector("gt06", "engineStop")
    assert encode("gt06", "Relay,1#", 0) == bytes.fromhex(str(gt06["raw"]))
    assert parse_command(encode("gt06", "WHERE#", 7)) == ((7).to_bytes(4, "big"), "WHERE#")
    teltonika = _encoder_vector("teltonika", "custom")
    assert encode("teltonika", "setdigout 11", 1) == bytes.fromhex(str(teltonika["raw"]))
    assert parse_codec12_command(encode("teltonika", "getgps", 1)) == "getgps"
