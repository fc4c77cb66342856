"""Which steps a case's state allows now, and to whom: the case page offers only these.

Each step is asked of the domain's state machine as it would be asked by the step itself (a dry
run of ``MonitoringSentence`` with today's date), so the page and the API decide alike; a step
whose refusal depends only on what the user will type (a missing report item, a date) is still
offered and the API's answer says what is wrong. Each action names the case's work permission
(``work``) or the deciding body (``by``): the list is cut to what the asking role may do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.breach import BreachKind
from valvo.domain.cases.complaints import COMPLAINABLE
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.domain.cases.serving import InterruptionReason
from valvo.domain.cases.travel_ban import BanStatus, CourtHearing, TravelBan
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy
from valvo.domain.security import Permission, allows
from valvo.services.cases.access import WORK

Action = dict[str, Any]
_OPEN_BREACH = ("open", "heard")
_BREACH_SENTENCE = {Status.PLAN_CONFIRMED, Status.ENFORCING, Status.INTERRUPTED}
_SERIOUS = tuple(k for k in BreachKind if k is not BreachKind.MINOR)
# The steps that stop at the state, not at the user's input, when the domain refuses them.
_STATE_CODES = frozenset(
    {
        "wrong_state",
        "not_started",
        "not_sentenced",
        "not_yet_served",
        "court_decision_required",
        "conversion_without_referral",
        "not_a_serious_breach",
        "hearing_required",
    }
)


def _allowed(step: Callable[[], object]) -> bool:
    """The domain takes the step (or refuses it only for what the user is about to enter)."""
    try:
        step()
    except CaseError as exc:
        return exc.code not in _STATE_CODES
    except LawInputError:
        return True
    return True


def _passes(step: Callable[[], object]) -> bool:
    try:
        step()
    except (CaseError, LawInputError):
        return False
    return True


def sentence_actions(
    sentence: MonitoringSentence,
    day: date,
    policy: LawPolicy,
    release: date | None,
    detail: Mapping[str, Any],
) -> list[Action]:
    """Every step the monitoring sentence allows on ``day`` (before any role is asked)."""
    status = sentence.status
    actions: list[Action] = []

    def add(name: str, **extra: Any) -> None:
        actions.append({"action": name, "by": "work", **extra})

    if status is Status.REPORT_REQUESTED:
        add("report")
        add("complete_report")
    if status is Status.REPORTED:
        actions.append({"action": "sentence", "by": "court"})
    if status is Status.SENTENCED or (status in _BREACH_SENTENCE and detail.get("plans")):
        add("plan")
    if status is Status.PLAN_CONFIRMED:
        add("install_devices")
    if status in (Status.ENFORCING, Status.PLAN_CONFIRMED):
        add("exemption")
    if _passes(lambda: sentence.interrupt(InterruptionReason.IMPEDIMENT, day)):
        add("interrupt")
    if status is Status.INTERRUPTED and _allowed(lambda: sentence.resume(day, policy)):
        current = sentence.interruptions[-1].reason
        if current is not InterruptionReason.LAB_CONFIRMATION:
            add("resume", reason=current.value)
    if status in (Status.ENFORCING, Status.INTERRUPTED):
        add("visit")
        add("substance_test")
    for test in detail.get("substance_tests") or ():
        if test.get("lab_requested_at") is not None and test.get("lab_result") is None:
            add("lab_result", test_id=test["id"])
    if status in _BREACH_SENTENCE:
        add("open_breach")
    actions += _breach_actions(sentence, day, detail)
    if release is not None and _passes(lambda: sentence.complete(day, release)):
        add("complete", release_date=release)
    return actions


def _breach_actions(
    sentence: MonitoringSentence, day: date, detail: Mapping[str, Any]
) -> list[Action]:
    actions: list[Action] = []
    decisions = detail.get("decisions") or ()
    for breach in detail.get("breaches") or ():
        bid = breach["id"]

        def add(name: str, by: str = "work", **extra: Any) -> None:
            actions.append({"action": name, "by": by, "breach_id": bid, **extra})  # noqa: B023

        if breach["status"] in _OPEN_BREACH:
            if breach.get("heard_on") is None:
                add("hearing")
            elif _passes(lambda: sentence.warn(day, convict_heard=True)):
                add("warning")
            if _passes(lambda: sentence.interrupt(InterruptionReason.PROVISIONAL, day)):
                add("provisional_interruption")
            kinds = [
                k.value
                for k in _SERIOUS
                if _passes(lambda k=k: sentence.refer_to_court(k, day))  # type: ignore[misc]
                and (k is not BreachKind.WARNING_NOT_HEEDED or sentence.warnings)
            ]
            if kinds:
                add("referral", kinds=kinds)
            add("clear")
        mine = [d for d in decisions if d.get("breach_id") == bid]
        if breach["status"] == "referred":
            if breach.get("heard_on") is None:
                add("hearing")
            if not any(d["kind"].startswith("prosecutor_") for d in mine):
                add("prosecutor_decision", by="prosecutor")
            brought = any(d["kind"] == "prosecutor_to_court" for d in mine)
            if brought and not any(d["kind"].startswith("court_") for d in mine):
                add("court_decision", by="court")
    return actions


_OPEN_BAN = (BanStatus.PROVISIONAL, BanStatus.IN_FORCE, BanStatus.EXTENDED)


def ban_actions(ban: TravelBan, now: datetime, policy: LawPolicy) -> list[Action]:
    """Every step the travel ban allows at ``now`` (PKL 2:9-2:18), by the body whose it is."""
    actions: list[Action] = []

    def add(name: str, by: str = "work", **extra: Any) -> None:
        actions.append({"action": name, "by": by, **extra})

    effective = ban.status_at(now, policy)
    if ban.referred_at is None and _passes(lambda: ban.refer_to_court(now)):
        add("court_referral")
    heard = CourtHearing.IN_PERSON  # what the court types; the state decides the offer
    if _passes(lambda: ban.court_decides(now, confirmed=True, suspect_heard=heard)):
        add("ban_court_decision", by="court")
    if ban.charges_at is None and _passes(lambda: ban.bring_charges(now, policy)):
        add("charges", by="prosecutor")
    if _passes(lambda: ban.request_extension(now, policy)):
        add("extension_request")
    # R118 (PKL 2:14.2): on a pending request the court hears the person, then decides; the
    # decision is offered before the hearing too, where the court is told to hear first.
    if ban.extension_pending and effective in (BanStatus.IN_FORCE, BanStatus.PROVISIONAL):
        if ban.extension_hearing is None:
            add("extension_hearing", by="court")
        add("extension", by="court")
    if effective in _OPEN_BAN:
        add("violation")
        add("passport")
        add("revocation", by="decider")
    if effective is BanStatus.LAPSED and ban.status is not BanStatus.LAPSED:
        add("lapse")
    return actions


def ban_law_actions(
    ban: TravelBan,
    row: Mapping[str, Any],
    petitions: Sequence[Mapping[str, Any]],
    now: datetime,
    policy: LawPolicy,
) -> list[Action]:
    """The suspect's petitions (PKL 2:12, 2:13; R116, R117), the change of a ban (R116) and a
    convicted person's ban (PKL 2:16; R120), each offered only when the law allows it now."""
    found: list[Action] = []
    open_now = ban.status_at(now, policy) in _OPEN_BAN
    locality = "locality" in row["obligations"]
    pending = {p["kind"] for p in petitions if p["outcome"] is None}
    if open_now:
        # R116: the deciding authority, the court whenever a locality obligation is in force.
        found.append(
            {"action": "ban_change", "by": _body("court" if locality else row["decided_by"])}
        )
        if "change" not in pending:
            found.append({"action": "petition_change", "by": "decider"})
        reviewable = not locality and row["decided_by"] != "court" and ban.charges_at is None
        if reviewable and "review" not in pending:
            found.append({"action": "petition_review", "by": "court"})  # it reaches the court
    for p in petitions:
        if p["outcome"] is None:
            found.append(
                {
                    "action": f"petition_{p['kind']}_decision",
                    "by": _body(p["decides"]),
                    "petition_id": p["id"],
                    "filed_at": p["filed_at"],
                }
            )
    if ban.charges_at is not None and ban.convicted_at is None and open_now:
        found.append({"action": "conviction", "by": "court"})
    if ban.convicted_at is not None and ban.status in _OPEN_BAN:
        found.append({"action": "conviction_end_enforcement", "by": "work"})
        found.append({"action": "conviction_end_order", "by": "court"})
    return found


def _body(decider: str) -> str:
    """The ``by`` of a step for a deciding body: the police act with their work permission
    (they do not hold the deciding permission), the prosecutor and the court as themselves."""
    return "work" if decider == "police" else decider


def complaint_actions(
    decisions: Sequence[Mapping[str, Any]], complaints: Sequence[Mapping[str, Any]]
) -> list[Action]:
    """R121, R142 (PKL 2:17): a complaint may be recorded against each court decision that
    confirmed or extended the ban, at any time; each pending complaint awaits the court."""
    found: list[Action] = [
        {
            "action": "complaint",
            "by": "court",
            "decision_id": d["id"],
            "decided_at": d["decided_at"],
        }
        for d in decisions
        if d["kind"] in COMPLAINABLE
    ]
    found += [
        {
            "action": "complaint_decision",
            "by": "court",
            "complaint_id": c["id"],
            "filed_at": c["filed_at"],
            "urgent": True,
        }
        for c in complaints
        if c["outcome"] is None
    ]
    return found


def main_hearing_actions(
    ban: TravelBan, hearing_at: datetime | None, now: datetime, policy: LawPolicy
) -> list[Action]:
    """R119 (PKL 2:15): once charges are brought the court sets the main hearing; a set one
    it may cancel or postpone, deciding then whether the ban continues."""
    if ban.charges_at is None or ban.status_at(now, policy) not in _OPEN_BAN:
        return []
    if ban.convicted_at is not None:  # the judgment was given: the hearing is over (PKL 2:16)
        return []
    if hearing_at is None:
        return [{"action": "main_hearing", "by": "court"}]
    return [{"action": "main_hearing_change", "by": "court", "hearing_at": hearing_at}]


def sentence_documents(detail: Mapping[str, Any]) -> list[Action]:
    """The documents the case has the content for (a warning once one was given, a report to
    the prosecutor once a breach was referred)."""
    docs: list[Action] = [{"kind": "report"}]
    if detail.get("plans"):
        docs.append({"kind": "plan"})
    for breach in detail.get("breaches") or ():
        if breach.get("response") == "written_warning":
            docs.append({"kind": "warning", "breach_id": breach["id"]})
        if breach.get("response") == "court_referral":
            docs.append({"kind": "breach_report", "breach_id": breach["id"]})
    for row in detail.get("intoxication_observations") or ():
        docs.append({"kind": "intoxication_observation", "observation_id": row["id"]})
    return docs


def for_role(actions: Sequence[Action], role: str | None, case_type: str) -> list[Action]:
    """The actions ``role`` may take: a worker's steps need the case type's work permission,
    a decision is the deciding body's (an administrator records any)."""
    if role is None:
        return list(actions)
    admin = role == "administrator"
    works = allows(role, WORK[case_type])
    decides = allows(role, Permission.DECIDE_CASES)

    def may(by: str) -> bool:
        if by == "work":
            return works
        if by == "decider":  # a police officer, a prosecutor or a court (PKL 2:13)
            return works or decides
        return decides and (admin or role == by)

    return [a for a in actions if may(a["by"])]
