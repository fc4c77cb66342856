"""Identity checks of a person monitored by phone (R38; 7.1.3; rules in
``domain/cases/identity_checks``).

The case's supervisor configures them (``configure``): the methods, random checks a day
within required presence, a check when presence begins. The day's checks are computed from
the configuration's recorded seed and the order's plan (``planned``), never stored until
worked, so the plan is the same whenever it is asked and a changed plan changes it. The
operator records a check's outcome from the desk (``record``); a failed or unanswered check
raises an ``identity_check_failed`` alarm through the alarm desk's intake in the same
transaction. A passed check verifies presence for four hours (``verified``); otherwise the
phone's location is location only, never the person's presence (R38)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from valvo.domain.alarms.alarm import AlarmKind, Explanation
from valvo.domain.cases import identity_checks as rules
from valvo.domain.cases.identity_checks import IdentityConfig, PlannedCheck, Trigger
from valvo.domain.person import week
from valvo.domain.rules.events import BreachStarted
from valvo.domain.schedule import zone
from valvo.domain.schedule.local_time import local_date, local_day_start
from valvo.domain.schedule.weekly import Schedule
from valvo.services.cases.common import lawful, load_case, new_id, record_step
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork
from valvo.services.registry import parse_schedule

CONFIGS, CHECKS = "case_identity_configs", "case_identity_checks"
_NAMESPACE = uuid.UUID("0b7f1c52-7d1e-4f0e-9c38-38a1d3e2f067")
DESK_LOOK_BACK = timedelta(hours=24)
_ENDED = ("completed", "converted", "ended", "revoked", "lapsed")


def configure(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    active: bool,
    methods: Sequence[str] = (),
    random_per_day: int = 0,
    at_presence_start: bool = False,
    reason: str | None = None,
) -> dict[str, Any]:
    """R38: the case's identity checks from now on (a new row replaces the one before, which
    stays); ``active`` false switches them off. A fresh seed is drawn and recorded."""
    case = load_case(uow, case_id)
    seed = rules.new_seed(os.urandom(16))
    if active:
        config = lawful(
            lambda: rules.check_config(list(methods), random_per_day, at_presence_start, seed)
        )
        values = {
            "methods": [m.value for m in config.methods],
            "random_per_day": config.random_per_day,
            "at_presence_start": config.at_presence_start,
        }
    else:
        values = {"methods": [], "random_per_day": 0, "at_presence_start": False}
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "version": uow.cases.next_number(CONFIGS, "version", case_id),
        "active": active,
        **values,
        "seed": seed,
        "reason": (reason or "").strip() or None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(CONFIGS, row)
    details = {"config_id": row["id"], "active": active, **values}
    record_step(uow, case, actor, now, "identity_checks_configured", details)
    return row


def current(uow: UnitOfWork, case_id: str) -> dict[str, Any] | None:
    """The configuration in force (the newest), if it is switched on."""
    rows = uow.cases.find(CONFIGS, case_id=case_id)
    latest = max(rows, key=lambda r: r["version"], default=None)
    return latest if latest is not None and latest["active"] else None


def _config(row: Mapping[str, Any]) -> IdentityConfig:
    return IdentityConfig(
        tuple(rules.Method(m) for m in row["methods"]),
        int(row["random_per_day"]),
        bool(row["at_presence_start"]),
        str(row["seed"]),
    )


def _schedule(uow: UnitOfWork, case: Mapping[str, Any]) -> Schedule | None:
    """The order's plan in force (None: no order, or it has ended). An order with no plan
    has no absences: required presence all day."""
    order_id = case.get("order_id")
    order = None if order_id is None else uow.registry.get("orders", str(order_id))
    if order is None or order.get("status") == "ended":
        return None
    versions = uow.registry.find("schedules", order_id=order["id"])
    if not versions:
        return parse_schedule(str(order["timezone"]), [], [])
    row = max(versions, key=lambda s: s["version"])
    return parse_schedule(row["timezone"], row["weekly"], row["one_off"], row["version"])


def check_id(case_id: str, trigger: str, due_at: datetime) -> str:
    """A planned check's id, the same whenever it is computed (and once worked, its row's)."""
    return str(uuid.uuid5(_NAMESPACE, f"{case_id}|{trigger}|{due_at.isoformat()}"))


def planned(
    uow: UnitOfWork, case: Mapping[str, Any], config: Mapping[str, Any], day: date
) -> list[PlannedCheck]:
    """The checks of the case's local ``day`` under ``config`` (none before the configuration
    was made, none once the case ended)."""
    if case["status"] in _ENDED:
        return []
    schedule = _schedule(uow, case)
    if schedule is None:
        return []
    tz = zone(schedule.timezone)
    start = local_day_start(day, tz)
    (today,) = week(schedule, start + timedelta(hours=12), days=1)
    presence = [(s.start, s.end) for s in today.spans if s.purpose is None]
    checks = rules.plan_day(_config(config), day, tz, presence, start)
    return [c for c in checks if c.due_at >= config["created_at"]]  # none before it was set


def _item(
    case: Mapping[str, Any],
    subject: Mapping[str, Any] | None,
    config: Mapping[str, Any],
    check: PlannedCheck,
    done: Mapping[str, Any] | None,
    now: datetime,
) -> dict[str, Any]:
    state = "done" if done else ("overdue" if check.due_at < now - rules.EARLY else "open")
    if not done and check.due_at > now + rules.EARLY:
        state = "upcoming"
    return {
        "id": check_id(str(case["id"]), check.trigger.value, check.due_at),
        "case_id": case["id"],
        "case_number": case.get("number"),
        "subject_id": case["subject_id"],
        "subject_name": None if subject is None else subject["name"],
        "trigger": check.trigger.value,
        "due_at": check.due_at,
        "methods": list(config["methods"]),
        "state": state,
        "outcome": None if done is None else done["outcome"],
        "method": None if done is None else done["method"],
        "performed_by": None if done is None else done["performed_by"],
        "performed_at": None if done is None else done["performed_at"],
        "alarm_id": None if done is None else done["alarm_id"],
    }


def desk(uow: UnitOfWork, now: datetime) -> list[dict[str, Any]]:
    """The operators' list: every configured case's checks of its local today, and those of
    yesterday not worked within the last 24 hours (a check missed in the evening stays on the
    desk overnight), within the unit of work's scope; overdue and open first, by due time."""
    items: list[dict[str, Any]] = []
    by_case: dict[str, dict[str, Any]] = {}
    for row in uow.cases.find(CONFIGS):
        newest = by_case.get(row["case_id"])
        if newest is None or row["version"] > newest["version"]:
            by_case[row["case_id"]] = row
    for case_id, config in by_case.items():
        case = uow.cases.get("cases", case_id)
        if case is None or not config["active"]:
            continue
        subject = uow.registry.get("subjects", str(case["subject_id"]))
        day = local_date(now, zone(str(case["timezone"])))
        done = {(r["trigger"], r["due_at"]): r for r in uow.cases.find(CHECKS, case_id=case_id)}
        for on in (day - timedelta(days=1), day):
            for check in planned(uow, case, config, on):
                worked = done.get((check.trigger.value, check.due_at))
                if on == day or (worked is None and check.due_at >= now - DESK_LOOK_BACK):
                    items.append(_item(case, subject, config, check, worked, now))
    order = {"overdue": 0, "open": 1, "upcoming": 2, "done": 3}
    return sorted(items, key=lambda i: (order[i["state"]], i["due_at"], str(i["subject_name"])))


def _open_case(uow: UnitOfWork, subject_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The person's case whose checks are configured (else their newest open case)."""
    if uow.registry.get("subjects", subject_id) is None:
        raise NotFound(f"subject {subject_id} does not exist")
    cases = [c for c in uow.cases.find("cases", subject_id=subject_id) if c["status"] not in _ENDED]
    if not cases:
        raise NotFound(f"subject {subject_id} has no open case to record a check on")
    configured = [(c, current(uow, str(c["id"]))) for c in cases]
    with_config = [(c, cfg) for c, cfg in configured if cfg is not None]
    if with_config:
        return with_config[-1]
    return max(cases, key=lambda c: c["created_at"]), None


def record(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    subject_id: str,
    trigger: str,
    method: str,
    outcome: str,
    due_at: datetime | None = None,
    knows_voice: bool = False,
    note: str | None = None,
) -> dict[str, Any]:
    """The outcome of a planned check (``trigger`` random or presence_start, with its
    ``due_at``) or of one started by hand (``manual``, now). A failed or unanswered check
    raises the ``identity_check_failed`` alarm; the row keeps its id."""
    case, config = _open_case(uow, subject_id)
    try:
        kind = Trigger(trigger)
    except ValueError:
        allowed = ", ".join(t.value for t in Trigger)
        raise InvalidInput(f"trigger: {trigger!r} is not one of {allowed}") from None
    if kind is Trigger.MANUAL:
        due = now.replace(microsecond=0)
    else:
        if due_at is None:
            raise InvalidInput("due_at_missing: a planned check names its due time")
        if config is None:
            raise Conflict("not_configured: the person's case has no identity checks")
        day = local_date(due_at, zone(str(case["timezone"])))
        plan = {(p.trigger, p.due_at) for p in planned(uow, case, config, day)}
        if (kind, due_at) not in plan:
            raise InvalidInput("not_planned: no such check is planned for the person")
        due = due_at
    chosen, result, text = lawful(
        lambda: rules.check_outcome(
            None if config is None else _config(config),
            method=method,
            outcome=outcome,
            knows_voice=knows_voice,
            note=note,
            due_at=None if kind is Trigger.MANUAL else due,
            now=now,
        )
    )
    key = check_id(str(case["id"]), kind.value, due)
    if uow.cases.get(CHECKS, key) is not None:
        raise Conflict("check_recorded: this check's outcome is already recorded")
    row: dict[str, Any] = {
        "id": key,
        "case_id": case["id"],
        "config_id": None if config is None else config["id"],
        "trigger": kind.value,
        "due_at": due,
        "method": chosen.value,
        "outcome": result.value,
        "knows_voice": knows_voice,
        "note": text,
        "performed_at": now,
        "performed_by": actor,
        "alarm_id": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(CHECKS, row)
    if result in rules.ALARMING:
        event = failed_check(case, row)
        alarms = uow.alarm_intake.take_in([event], now)  # type: ignore[attr-defined]
        raised = [a for a in alarms if a.condition_key == event.condition_key]
        if raised:
            row["alarm_id"] = raised[0].id
            uow.cases.update(CHECKS, key, {"alarm_id": raised[0].id})
        row["_alarms"] = raised
    details = {
        "check_id": key,
        "trigger": kind.value,
        "method": chosen.value,
        "outcome": result.value,
        "alarm_id": row["alarm_id"],
    }
    record_step(uow, case, actor, now, "identity_check", details)
    return row


def failed_check(case: Mapping[str, Any], row: Mapping[str, Any]) -> BreachStarted:
    """The alarm desk's breach for a failed or unanswered check (one alarm per check)."""
    # The instant as ISO 8601: the console writes it in the reader's language and zone.
    when = row["performed_at"].isoformat()
    method_en = {"voice": "voice", "questions": "personal questions", "video": "video link"}
    method_fi = {
        "voice": "ääni",
        "questions": "henkilökohtaiset kysymykset",
        "video": "videoyhteys",
    }
    what_en = "no answer" if row["outcome"] == "no_answer" else "the person was not identified"
    what_fi = "ei vastausta" if row["outcome"] == "no_answer" else "henkilöä ei tunnistettu"
    return BreachStarted(
        subject_id=str(case["subject_id"]),
        kind=AlarmKind.IDENTITY_CHECK_FAILED,
        condition_key=f"{rules.RULE}:{row['id']}",
        occurred_at=row["performed_at"],
        explanation=Explanation(
            text_en=(
                f"Identity check at {when} by {method_en[row['method']]}: {what_en}. "
                "The phone's location does not show the person is there (R38)."
            ),
            text_fi=(
                f"Henkilöllisyyden tarkistus {when} ({method_fi[row['method']]}): {what_fi}. "
                "Puhelimen sijainti ei osoita henkilön olevan paikalla."
            ),
            rule=rules.RULE,
            ruleset_version=rules.RULE_VERSION,
            details={
                "check_id": row["id"],
                "case_id": case["id"],
                "trigger": row["trigger"],
                "due_at": row["due_at"].isoformat(),
                "method": row["method"],
                "outcome": row["outcome"],
                "performed_by": row["performed_by"],
                "note": row["note"],
            },
        ),
        evidence_seqs=(),
    )


def section(uow: UnitOfWork, case_id: str, now: datetime) -> dict[str, Any]:
    """The case page's view: the configuration in force and before, today's checks, the
    checks worked, and whether presence is verified now."""
    case = load_case(uow, case_id)
    configs = uow.cases.find(CONFIGS, case_id=case_id)
    config = current(uow, case_id)
    worked = uow.cases.find(CHECKS, case_id=case_id)
    subject = uow.registry.get("subjects", str(case["subject_id"]))
    today: list[dict[str, Any]] = []
    if config is not None:
        day = local_date(now, zone(str(case["timezone"])))
        done = {(r["trigger"], r["due_at"]): r for r in worked}
        today = [
            _item(case, subject, config, c, done.get((c.trigger.value, c.due_at)), now)
            for c in planned(uow, case, config, day)
        ]
    verified = rules.verified_at(((r["performed_at"], r["outcome"]) for r in worked), now)
    return {
        "case_id": case_id,
        "subject_id": case["subject_id"],
        "config": None if config is None else _unseeded(config),
        "configs": [_unseeded(c) for c in configs],
        "today": today,
        "checks": sorted(worked, key=lambda r: r["performed_at"], reverse=True),
        "verified_at": verified,
        "verified_for_hours": rules.VERIFIED_FOR.total_seconds() / 3600,
        "limits": {"max_random_per_day": rules.MAX_RANDOM_PER_DAY},
    }


def _unseeded(row: Mapping[str, Any]) -> dict[str, Any]:
    """A configuration as the page shows it: the seed stays in the table (who could read it
    could foresee the random times)."""
    return {k: v for k, v in row.items() if k != "seed"}
