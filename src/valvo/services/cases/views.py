"""Read models of the case work: the caseload and one case with everything the supervisor (or
the police officer) works from, with the dates the law computes from it at ``now``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.complaints import urgent_pending
from valvo.domain.cases.deadlines import WITHOUT_DELAY_DAYS, DeadlineKind
from valvo.domain.cases.lapse import RULE as LAPSE_RULE
from valvo.domain.cases.lapse import sentence_lapse
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.domain.cases.sentence_plan import work_or_study_flag
from valvo.domain.cases.travel_ban import BanStatus
from valvo.domain.law.errors import LawInputError
from valvo.services.cases import actions, adjudication, device_visits
from valvo.services.cases.ban_complaints import complaints_of
from valvo.services.cases.ban_hearings import main_hearing_at
from valvo.services.cases.ban_petitions import petitions_of
from valvo.services.cases.ban_state import load_ban
from valvo.services.cases.common import SENTENCE, TRAVEL_BAN, load_case, policy_of, today
from valvo.services.cases.deadlines import assessed
from valvo.services.cases.representatives import register
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.cases.sentences import release_date
from valvo.services.cases.visit_frequency import case_frequency
from valvo.services.ports import UnitOfWork

_SERVING = {Status.ENFORCING, Status.INTERRUPTED, Status.COMPLETED, Status.CONVERTED}
# PKL 2:4 (R108): the ban's states in which no passport may be issued.
BARRING = frozenset({BanStatus.PROVISIONAL, BanStatus.IN_FORCE, BanStatus.EXTENDED})


def caseload(
    uow: UnitOfWork,
    now: datetime,
    case_types: Sequence[str],
    status: str | None = None,
    region: str | None = None,
) -> list[dict[str, Any]]:
    rows = uow.cases.caseload(case_types, status, region)
    reported = uow.cases.open_person_reports([row["id"] for row in rows]) if rows else {}
    for row in rows:
        row["effective_status"] = _effective_status(uow, row, now)
        row["open_person_reports"] = reported.get(row["id"], 0)  # the person's own page
    adjudication.caseload_totals(uow, rows)  # issue 15 item 4: the running totals
    return rows


def _effective_status(uow: UnitOfWork, case: dict[str, Any], now: datetime) -> str:
    """A ban lapses by law when its time runs out, whether or not anyone recorded it."""
    if case["type"] == SENTENCE:
        return str(case["status"])
    _, ban = load_ban(uow, case["id"])
    return ban.status_at(now, policy_of(case)).value


def case_detail(
    uow: UnitOfWork, case_id: str, now: datetime, role: str | None = None
) -> dict[str, Any]:
    """The case; ``actions``: the steps its state allows now that ``role`` may take (all of
    them without a role); ``documents``: the documents it has the content for."""
    case = load_case(uow, case_id)
    subject = uow.registry.get("subjects", case["subject_id"]) or {}
    detail: dict[str, Any] = {
        **case,
        "subject_name": subject.get("name"),
        "effective_status": _effective_status(uow, case, now),
        "timeline": uow.cases.find("case_events", case_id=case_id),
        "deadlines": [
            assessed(task, now) for task in uow.cases.find("deadline_tasks", case_id=case_id)
        ],
        "decisions": uow.cases.find("case_decisions", case_id=case_id),
        "breaches": uow.cases.find("case_breaches", case_id=case_id),
        "exemptions": uow.cases.find("case_exemptions", case_id=case_id),
    }
    if case["type"] == SENTENCE:
        detail.update(_sentence_detail(uow, case, now, detail))
        # Issue 15 item 4: each breach's decision and time, the totals against §14.
        totals = adjudication.case_totals(uow, case, detail["breaches"])
        detail["computed"]["violation_totals"] = totals
        detail["_actions"] += adjudication.actions(case, detail["breaches"])
        device_visits.name_visitors(uow, detail["visits"])  # R39, R40: who visited
    else:
        detail.update(_ban_detail(uow, case, now))
    detail["actions"] = actions.for_role(detail.pop("_actions", []), role, case["type"])
    return detail


def _sentence_detail(
    uow: UnitOfWork, case: dict[str, Any], now: datetime, base: dict[str, Any]
) -> dict[str, Any]:
    case_id = case["id"]
    _, sentence = load_sentence(uow, case_id)
    row = uow.cases.get("sentences", case_id) or {}
    day = today(case, now)
    policy = policy_of(case)
    computed: dict[str, Any] = {"today": day}
    if sentence.enforceable_on is not None:
        computed["completion_deadline"] = sentence.completion_deadline(day, policy)
        computed.update(_without_delay(sentence, day))
    lapse = sentence_lapse(sentence, policy)
    if lapse is not None:  # R93: shown while enforcement has not begun
        computed["lapse"] = {
            "years": lapse.years,
            "last_day_to_begin": lapse.last_day_to_begin,
            "lapses_on": lapse.lapses_on,
            "lapsed": day >= lapse.lapses_on,
            "rule": LAPSE_RULE,
        }
    if sentence.status in _SERVING and sentence.serving_start is not None:
        computed["served_days"] = sentence.served_days(
            min(day, sentence.ended_on) if sentence.ended_on else day
        )
        try:
            computed["end_date"] = sentence.end_date(day)
            computed["release_date"] = release_date(row, sentence, day, policy)
        except LawInputError:
            pass
        computed["overdue_interruption"] = sentence.overdue_interruption(day, policy)
    supervision = uow.cases.find("case_supervision", case_id=case_id)
    people = {
        s["supervisor_id"]: uow.cases.get("supervisors", s["supervisor_id"]) for s in supervision
    }
    visits = uow.cases.find("case_visits", case_id=case_id)
    report = uow.cases.get("case_reports", case_id)
    plans = uow.cases.find("case_plans", case_id=case_id)
    detail = {
        "sentence": row,
        "report": report,
        "co_residents": uow.cases.find("case_co_residents", case_id=case_id),
        "plans": plans,
        "interruptions": uow.cases.find("case_interruptions", case_id=case_id),
        "supervision": [{**s, "person": people[s["supervisor_id"]]} for s in supervision],
        "visits": visits,
        "assistant_fees_cents": _assistant_fees(visits, people),
        "substance_tests": uow.cases.find("case_substance_tests", case_id=case_id),
        "wanted_notices": uow.cases.find("case_wanted_notices", case_id=case_id),
        "joined_sentences": uow.cases.find("case_joined_sentences", case_id=case_id),
        "travel_claims": uow.cases.find("case_travel_claims", case_id=case_id),
        "contacts": uow.cases.find("case_contacts", case_id=case_id),
        "abodes": uow.cases.find("case_abodes", case_id=case_id),  # R29: the newest in force
        "prescriptions": uow.cases.find("case_prescriptions", case_id=case_id),  # R65
        "sample_orders": uow.cases.find("case_sample_orders", case_id=case_id),  # R61
        "police_assistance": uow.cases.find("case_police_assistance", case_id=case_id),
        "intoxication_observations": uow.cases.find(
            "case_intoxication_observations", case_id=case_id
        ),
        "computed": computed,
    }
    computed["visit_frequency"] = case_frequency(uow, case, visits, now)  # R53
    people = register(uow, case, now)  # R57
    detail["representatives"] = people["representatives"]
    computed["guardian_missing"] = people["guardian_missing"]
    existing = (report or {}).get("existing_work_or_study")
    flag = work_or_study_flag(existing, plans[-1]["content"] if plans else None)
    if flag is not None:  # R27: the report's work or study place, for the activity obligation
        computed["work_or_study"] = {"place": existing, "flag": flag}
    steps = {**detail, "breaches": base["breaches"], "decisions": base["decisions"]}
    release = computed.get("release_date")
    detail["_actions"] = actions.sentence_actions(sentence, day, policy, release, steps)
    detail["documents"] = actions.sentence_documents(steps)
    return detail


def _without_delay(sentence: MonitoringSentence, day: date) -> dict[str, Any]:
    """R19, R69 (§6, §7.1): how long the plan took (or has been waiting) since the sentence
    became enforceable, and whether the plan or the start is late by the practice threshold."""
    plan_days = WITHOUT_DELAY_DAYS[DeadlineKind.PLAN_PREPARATION]
    start_days = WITHOUT_DELAY_DAYS[DeadlineKind.ENFORCEMENT_START]
    return {
        "plan_elapsed_days": sentence.plan_elapsed_days(day),
        "plan_pending": sentence.plan_confirmed_on is None,
        "plan_overdue": sentence.plan_overdue(day, plan_days),
        "plan_threshold_days": plan_days,
        "start_overdue": sentence.start_overdue(day, start_days),
        "start_threshold_days": start_days,
    }


def _assistant_fees(visits: list[dict[str, Any]], people: dict[str, dict[str, Any] | None]) -> int:
    """R56: assistants are paid per visit made (reference: 10 € a visit)."""
    total = 0
    for visit in visits:
        person = people.get(visit["visitor_id"] or "")
        if visit["visited_at"] is not None and person and person["kind"] == "assistant":
            total += int(person["fee_per_visit_cents"] or 0)
    return total


def _ban_detail(uow: UnitOfWork, case: dict[str, Any], now: datetime) -> dict[str, Any]:
    _, ban = load_ban(uow, case["id"])
    policy = policy_of(case)
    deadlines = ban.deadlines(policy)
    complaints = complaints_of(uow, case["id"])  # R121
    petitions = petitions_of(uow, case["id"])  # R116, R117
    decisions = uow.cases.find("case_decisions", case_id=case["id"])
    row = uow.cases.get("travel_bans", case["id"])
    assert row is not None
    return {
        "complaints": complaints,
        "petitions": petitions,
        "_actions": [
            *actions.ban_actions(ban, now, policy),
            *actions.ban_law_actions(ban, row, petitions, now, policy),
            *actions.complaint_actions(decisions, complaints),
            *actions.main_hearing_actions(ban, main_hearing_at(uow, case["id"]), now, policy),
        ],
        "travel_ban": row,
        "ban_changes": uow.cases.find("travel_ban_changes", case_id=case["id"]),
        "violations": uow.cases.find("ban_violations", case_id=case["id"]),
        "computed": {
            "charges_deadline": deadlines.charges_deadline,
            "court_referral_deadline": deadlines.court_referral_deadline,
            "court_hearing_deadline": deadlines.court_hearing_deadline,
            "lapses_at": ban.lapses_at(policy),
            # PKL 2:4 (R108): no passport is issued while the ban is in force.
            "passport_issuing_barred": ban.status_at(now, policy) in BARRING,
            "missed_deadlines": list(ban.missed_deadlines(now, policy)),
            # R142 (PKL 2:17): complaints are handled urgently; the court sees them flagged.
            "urgent_complaints": urgent_pending(complaints),
            # R119 (PKL 2:15): the ban is valid until the main hearing unless it ends earlier.
            "main_hearing_at": main_hearing_at(uow, case["id"]),
            # R125 (RL 6:13): travel-ban time is credited against a later sentence only when
            # the policy says RL 6:13 was amended to allow it.
            "ban_time_credited": policy.ban_time_credited,
        },
    }


def passport_bars(
    uow: UnitOfWork, actor: str, now: datetime, region: str | None
) -> list[dict[str, Any]]:
    """PKL 2:4 (R108): the people no passport may be issued to now (a travel ban in force), for
    the passport-issuing side; the read names people, so it is audited."""
    rows = [
        {
            "case_id": row["id"],
            "number": row["number"],
            "subject_id": row["subject_id"],
            "subject_name": row["subject_name"],
            "status": row["effective_status"],
        }
        for row in caseload(uow, now, [TRAVEL_BAN], None, region)
        if row["effective_status"] in BARRING
    ]
    uow.audit.record(
        at=now,
        actor=actor,
        action="passport_bars_read",
        target_type="travel_bans",
        target_id=None,
        details={"people": len(rows)},
    )
    return rows
