"""Device health: silence, low battery, tamper, clock drift, jamming, home-unit power, and a
moving tracker that stops giving fixes (possible shielding). These are not absences: a home
unit that loses power or goes quiet says nothing about where the person is."""

from __future__ import annotations

from datetime import datetime

from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.rules.events import Evaluation, end, explain, instant, start, when
from valvo.domain.rules.ruleset import GPS_TRACKER, RuleSet
from valvo.domain.rules.state import SubjectState
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

# Tracker alarm flag → (condition, kind). The condition closes on a message without the flag.
_FLAGGED = {
    v.ALARM_STRAP: ("tamper:strap", AlarmKind.STRAP_TAMPER),
    v.ALARM_CASE: ("tamper:case", AlarmKind.CASE_TAMPER),
    v.ALARM_JAMMING: ("gps:jamming", AlarmKind.GPS_JAMMING),
}
# Home-unit event → (condition, kind, True to open / False to close).
_EVENTS = {
    v.STRAP_OPENED: ("tamper:strap", AlarmKind.STRAP_TAMPER, True),
    v.STRAP_CLOSED: ("tamper:strap", AlarmKind.STRAP_TAMPER, False),
    v.CASE_OPENED: ("tamper:case", AlarmKind.CASE_TAMPER, True),
    v.CASE_CLOSED: ("tamper:case", AlarmKind.CASE_TAMPER, False),
    v.MAINS_LOST: ("power:home_unit", AlarmKind.HOME_UNIT_POWER_LOST, True),
    v.MAINS_RESTORED: ("power:home_unit", AlarmKind.HOME_UNIT_POWER_LOST, False),
}
_TEXT = {
    AlarmKind.STRAP_TAMPER: ("the strap was opened or cut", "hihna avattiin tai katkaistiin"),
    AlarmKind.CASE_TAMPER: ("the device case was opened", "laitteen kotelo avattiin"),
    AlarmKind.GPS_JAMMING: ("the device detected jamming", "laite havaitsi häirintää"),
    AlarmKind.SOS_PRESSED: ("its SOS button was pressed", "sen hätäpainiketta painettiin"),
    AlarmKind.HOME_UNIT_POWER_LOST: (
        "the home unit lost mains power (running on battery)",
        "kotiyksikön verkkovirta katkesi (toimii akulla)",
    ),
}


NO_LOCATION_KEY = "gps:no_location"


def silence_key(device: str) -> str:
    return f"device:{device}:silent"


def on_message(
    result: Evaluation, ruleset: RuleSet, obs: Observation, tag_events: bool = True
) -> None:
    """Everything a message says about its device's health (``tag_events`` False: the message
    is about a foreign tag, whose strap events are not the person's)."""
    state = result.state
    device = obs.device_id
    previous = state.device_seen.get(device)
    if previous is None or obs.received_at > previous:
        state.device_seen[device] = obs.received_at
    end(result, silence_key(device), obs.received_at)
    evidence = () if obs.seq is None else (obs.seq,)
    _flags(result, ruleset, obs, evidence)
    event = obs.attributes.get(v.EVENT) if obs.kind is ObservationKind.DEVICE_EVENT else None
    if tag_events and isinstance(event, str) and event in _EVENTS:
        key, kind, opens = _EVENTS[event]
        if opens:
            start(result, key, kind, obs.device_time, _flag_text(ruleset, kind, obs), evidence)
        else:
            end(result, key, obs.device_time)
    _battery(result, ruleset, obs, evidence)
    _clock(result, ruleset, obs, evidence)


def _flags(
    result: Evaluation, ruleset: RuleSet, obs: Observation, evidence: tuple[int, ...]
) -> None:
    if obs.kind not in (
        ObservationKind.POSITION,
        ObservationKind.ALARM,
        ObservationKind.STATUS,
        ObservationKind.HEARTBEAT,
    ):
        return
    if v.ALARM_SOS in obs.alarms:  # each press is its own call for help, never left open
        kind = AlarmKind.SOS_PRESSED
        key = f"device:{obs.device_id}:sos"
        instant(result, key, kind, obs.device_time, _flag_text(ruleset, kind, obs), evidence)
    for flag, (key, kind) in _FLAGGED.items():
        if flag in obs.alarms:
            start(result, key, kind, obs.device_time, _flag_text(ruleset, kind, obs), evidence)
        elif kind is not AlarmKind.STRAP_TAMPER or obs.kind is ObservationKind.POSITION:
            # A tracker's strap alarm closes only on a routine report that no longer carries it.
            end(result, key, obs.device_time)


def _flag_text(ruleset: RuleSet, kind: AlarmKind, obs: Observation) -> Explanation:
    en, fi = _TEXT[kind]
    return explain(
        ruleset,
        f"health.{kind.value}",
        f"At {when(obs.device_time)} device {obs.device_id} reported that {en}.",
        f"{when(obs.device_time)} laite {obs.device_id} ilmoitti, että {fi}.",
        device=obs.device_id,
    )


def _battery(
    result: Evaluation, ruleset: RuleSet, obs: Observation, evidence: tuple[int, ...]
) -> None:
    level = obs.battery_pct
    backup = obs.attributes.get(v.BACKUP_BATTERY_PCT)
    if level is None and isinstance(backup, int | float):
        level = float(backup)
    if level is None:
        return
    result.state.device_battery[obs.device_id] = level
    t = ruleset.thresholds
    key = f"device:{obs.device_id}:battery"
    if level < t.low_battery_pct:
        explanation = explain(
            ruleset,
            "health.low_battery",
            f"Device {obs.device_id} reported {level:.0f} % battery at {when(obs.device_time)} "
            f"(limit {t.low_battery_pct:.0f} %).",
            f"Laite {obs.device_id} ilmoitti akun varaukseksi {level:.0f} % "
            f"{when(obs.device_time)} (raja {t.low_battery_pct:.0f} %).",
            device=obs.device_id,
            battery_pct=level,
        )
        start(result, key, AlarmKind.LOW_BATTERY, obs.device_time, explanation, evidence)
    elif level >= t.battery_recovered_pct:
        end(result, key, obs.device_time)


def _clock(
    result: Evaluation, ruleset: RuleSet, obs: Observation, evidence: tuple[int, ...]
) -> None:
    ahead = obs.device_time - obs.received_at
    key = f"device:{obs.device_id}:clock"
    limit = ruleset.thresholds.max_clock_ahead
    if ahead > limit:
        explanation = explain(
            ruleset,
            "health.clock_drift",
            f"Device {obs.device_id} stamped a message {ahead.total_seconds():.0f} s ahead of "
            f"the time it was received ({when(obs.received_at)}).",
            f"Laitteen {obs.device_id} aikaleima oli {ahead.total_seconds():.0f} s "
            f"vastaanottoaikaa ({when(obs.received_at)}) edellä.",
            device=obs.device_id,
            ahead_s=ahead.total_seconds(),
        )
        start(result, key, AlarmKind.CLOCK_DRIFT, obs.received_at, explanation, evidence)
    elif ahead <= limit / 2:
        end(result, key, obs.received_at)


def on_no_fix(result: Evaluation, ruleset: RuleSet, obs: Observation) -> None:
    """A tracker talking without a usable fix: after a while of movement, possible shielding."""
    state = result.state
    device = ruleset.device(obs.device_id)
    fix = state.last_fix
    if device is None or device.kind != GPS_TRACKER or fix is None or fix.received_at is None:
        return
    if not state.moving or state.rf_in_range is True:
        return
    gap = obs.received_at - fix.received_at
    if gap < ruleset.thresholds.no_location_after:
        return
    explanation = explain(
        ruleset,
        "health.no_location",
        f"Device {obs.device_id} was moving at its last fix ({when(fix.time)}) and has kept "
        f"reporting without a position for {gap.total_seconds() / 60:.0f} min: the device may "
        f"be shielded.",
        f"Laite {obs.device_id} liikkui viimeisimmän sijainnin aikaan ({when(fix.time)}) ja on "
        f"raportoinut ilman sijaintia {gap.total_seconds() / 60:.0f} min: laite voi olla suojattu.",
        device=obs.device_id,
        last_fix_time=fix.time.isoformat(),
        gap_s=gap.total_seconds(),
    )
    start(
        result,
        NO_LOCATION_KEY,
        AlarmKind.NO_LOCATION,
        obs.received_at,
        explanation,
        () if obs.seq is None else (obs.seq,),
    )


def check_silence(result: Evaluation, ruleset: RuleSet, at: datetime) -> None:
    state = result.state
    for device in ruleset.devices:
        seen = state.device_seen.get(device.identifier)
        if seen is None or at - seen < device.silence_after:
            continue
        due = seen + device.silence_after
        explanation = explain(
            ruleset,
            "health.silence",
            f"Device {device.identifier} ({device.kind}) has sent nothing since {when(seen)}; "
            f"it is expected to report within {device.silence_after.total_seconds() / 60:.0f} min.",
            f"Laite {device.identifier} ({device.kind}) ei ole lähettänyt mitään {when(seen)} "
            f"jälkeen; sen pitäisi raportoida "
            f"{device.silence_after.total_seconds() / 60:.0f} minuutin välein.",
            device=device.identifier,
            last_seen=seen.isoformat(),
            silence_after_s=device.silence_after.total_seconds(),
        )
        start(result, silence_key(device.identifier), AlarmKind.DEVICE_SILENT, due, explanation)


def next_silence(ruleset: RuleSet, state: SubjectState, after: datetime) -> datetime | None:
    """The first instant after ``after`` at which a device heard before falls silent."""
    found: datetime | None = None
    for device in ruleset.devices:
        seen = state.device_seen.get(device.identifier)
        if seen is not None:
            due = seen + device.silence_after
            if due > after and (found is None or due < found):
                found = due
    return found
