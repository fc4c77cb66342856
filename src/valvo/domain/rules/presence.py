"""The abode obligation over time: RF presence with grace, and GPS when there is no home unit.

Required presence comes from the weekly plan. A person away (tag out of range, or last fix
outside the home zone) for ``presence_grace`` of continuous required presence is in breach:
- away when required presence began → *not back after an authorised absence* (monitoring
  sentence) or *late arrival* (a travel ban's locality window);
- left after it began → *left during required presence*.
RF flicker shorter than the grace raises nothing. An authorised absence beginning ends the
breach. Home-unit power or communication loss is reported by the health rules, not as absence.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import Placement, ZoneKind
from valvo.domain.rules.events import Evaluation, end, explain, start, when
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import SubjectState
from valvo.domain.rules.zones import zone_key

RF_KEY = "presence:rf"
LOOK_BACK = timedelta(days=8)  # how far the presence rules look back, and ahead for a change


def presence_since(ruleset: RuleSet, at: datetime) -> datetime | None:
    """When the stretch of required presence that covers ``at`` began (None if not required).

    Looks back at most eight days; a plan with no absence in that time began "long ago"."""
    schedule = ruleset.schedule
    if not schedule.requires_presence(at):
        return None
    began = at - LOOK_BACK
    edge = schedule.next_change(began)
    while edge is not None and edge <= at:
        if schedule.requires_presence(edge):
            began = edge
        edge = schedule.next_change(edge)
    return began


def check_at(result: Evaluation, ruleset: RuleSet, at: datetime) -> None:
    """Apply the presence rules at instant ``at`` (called at every deadline)."""
    began = presence_since(ruleset, at)
    if began is None:
        end(result, RF_KEY, at)
        for zone in ruleset.zones:
            if zone.active_during_required_presence_only:
                end(result, zone_key(zone), at)
        return
    grace = ruleset.thresholds.presence_grace
    if ruleset.has_home_unit:
        _check_rf(result, ruleset, at, began, grace)
    else:
        _check_gps(result, ruleset, at, began, grace)


def catch_up_rf(result: Evaluation, ruleset: RuleSet, since: datetime, until: datetime) -> None:
    """Late home-unit data: the RF presence verdict at ``since`` and at every presence deadline
    in (``since``, ``until``], the span the other rules were already evaluated over. Only the
    RF condition is judged here, and a breach that began after an instant is not ended there
    (the late report describes an earlier moment)."""
    at = since
    while at <= until:
        began = presence_since(ruleset, at)
        opened = result.state.open_conditions.get(RF_KEY)
        if began is not None:
            _check_rf(result, ruleset, at, began, ruleset.thresholds.presence_grace)
        elif opened is not None and opened <= at:
            end(result, RF_KEY, at)
        due = next_deadline(ruleset, result.state, at)
        if due is None:
            return
        at = due


def _away_kind(ruleset: RuleSet, away_since: datetime, began: datetime) -> AlarmKind:
    if away_since > began:
        return AlarmKind.LEFT_DURING_PRESENCE
    if ruleset.order_type == "travel_ban":
        return AlarmKind.LATE_ARRIVAL
    return AlarmKind.NOT_BACK_AFTER_ABSENCE


def _check_rf(
    result: Evaluation, ruleset: RuleSet, at: datetime, began: datetime, grace: timedelta
) -> None:
    state = result.state
    if state.rf_in_range is not False or state.rf_changed_at is None:
        return
    away_from = max(state.rf_changed_at, began)
    if at - away_from < grace:
        return
    kind = _away_kind(ruleset, state.rf_changed_at, began)
    en = (
        f"The tag has been out of the home unit's range since {when(state.rf_changed_at)}; "
        f"required presence {'began' if began > state.rf_changed_at else 'was in force'} at "
        f"{when(began)} and the grace of {grace.total_seconds() / 60:.0f} min ended at "
        f"{when(away_from + grace)}."
    )
    fi = (
        f"Nilkkapanta on ollut kotiyksikön kantaman ulkopuolella {when(state.rf_changed_at)} "
        f"alkaen; läsnäolovelvollisuus alkoi {when(began)} ja "
        f"{grace.total_seconds() / 60:.0f} minuutin armonaika päättyi {when(away_from + grace)}."
    )
    explanation = explain(
        ruleset,
        "presence.rf",
        en,
        fi,
        away_since=state.rf_changed_at.isoformat(),
        presence_since=began.isoformat(),
        grace_s=grace.total_seconds(),
    )
    start(result, RF_KEY, kind, away_from + grace, explanation)


def _check_gps(
    result: Evaluation, ruleset: RuleSet, at: datetime, began: datetime, grace: timedelta
) -> None:
    """No home unit: the last fix decides, once required presence has lasted the grace."""
    state = result.state
    fix = state.last_fix
    if fix is None or at - began < grace or fix.time > began:
        return  # fixes after the start are judged one by one by the zone rules
    for zone in ruleset.zones:
        if zone.kind is not ZoneKind.INCLUSION or not zone.active_during_required_presence_only:
            continue
        if state.placements.get(zone.id) is not Placement.OUTSIDE:
            continue
        due = began + grace
        en = (
            f"Required presence began at {when(began)}, but the last fix, at {when(fix.time)} "
            f"(accuracy ±{fix.accuracy_m or 0:.0f} m), was outside the zone '{zone.name}' and "
            f"no fix inside it came within the grace of {grace.total_seconds() / 60:.0f} min."
        )
        fi = (
            f"Läsnäolovelvollisuus alkoi {when(began)}, mutta viimeisin sijainti "
            f"{when(fix.time)} oli alueen '{zone.name}' ulkopuolella eikä alueelta saatu "
            f"sijaintia {grace.total_seconds() / 60:.0f} minuutin armonajassa."
        )
        explanation = explain(
            ruleset,
            "presence.gps",
            en,
            fi,
            zone_id=zone.id,
            presence_since=began.isoformat(),
            last_fix_time=fix.time.isoformat(),
            grace_s=grace.total_seconds(),
        )
        evidence = () if fix.seq is None else (fix.seq,)
        start(
            result, zone_key(zone), _away_kind(ruleset, fix.time, began), due, explanation, evidence
        )


def next_deadline(ruleset: RuleSet, state: SubjectState, after: datetime) -> datetime | None:
    """The first instant after ``after`` at which the presence rules may change their verdict:
    a change of required presence, the end of the grace after required presence began, or
    after the tag left the home unit's range."""
    schedule = ruleset.schedule
    grace = ruleset.thresholds.presence_grace
    found: datetime | None = None
    horizon = after + LOOK_BACK
    edge = schedule.next_change(after - grace)
    while edge is not None and edge <= horizon:
        if edge > after:  # the next change; a grace beginning there ends later still
            if found is None or edge < found:
                found = edge
            break
        if edge + grace > after and schedule.requires_presence(edge):
            due = edge + grace
            if found is None or due < found:
                found = due
        edge = schedule.next_change(edge)
    changed = state.rf_changed_at
    if state.rf_in_range is False and changed is not None and changed + grace > after:
        due = changed + grace
        if found is None or due < found:
            found = due
    return found
