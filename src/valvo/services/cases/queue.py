"""The prosecutor's and the court's queue (issue 15 item 6): what the cases they may see ask
of them, the missed and soonest first. Built from what the case data already holds:

- the open legal deadlines (``deadlines.open_deadlines``: referral to court, hearing, charges,
  a provisional interruption, the ban's lapse...), due soon warning and missed escalating;
- the monitoring-sentence reports requested by a prosecutor or a court (§4, R8) and where each
  stands: being written, or written and waiting for the court's sentence;
- breaches referred for a decision (§16, R83, R84): waiting for the prosecutor's decision,
  or brought to court and waiting for the court's ruling;
- the person's pending petitions on a travel ban (PKL 2:12, 2:13; R116, R117): a review for the
  court, a change for the ban's decider;
- the official's pending requests to extend a ban (PKL 2:14; R118), for the court: hear the
  person, then decide, before the ban lapses at the 60 days.

``body`` (prosecutor | court | None for everyone, an administrator) keeps to the items that
body acts on; deadlines are shown to both (a ban's deadlines bind the prosecutor and the court)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from valvo.services.cases.ban_petitions import FILED, petitions_of
from valvo.services.cases.ban_state import load_ban
from valvo.services.cases.common import TRAVEL_BAN, policy_of
from valvo.services.cases.deadlines import open_deadlines
from valvo.services.cases.labels import Label
from valvo.services.ports import UnitOfWork

KINDS = {
    "deadline": Label("deadline", "Deadline", "Määräaika"),
    "report": Label("report", "Report request", "Selvityspyyntö"),
    "referral": Label("referral", "Breach referral", "Rikkomusilmoitus"),
    "petition": Label("petition", "Petition on a travel ban", "Matkustuskieltoa koskeva pyyntö"),
    "extension": Label(
        "extension", "Request to extend a travel ban", "Matkustuskiellon jatkopyyntö"
    ),
}

_ASKED = {
    "report_writing": Label(
        "report_writing",
        "Report being written by the Criminal Sanctions Agency",
        "Rikosseuraamuslaitos laatii selvitystä",
    ),
    "report_ready": Label(
        "report_ready",
        "Report ready: the sentence is to be decided",
        "Selvitys valmis: rangaistuksesta päätettävä",
    ),
    "prosecutor_decision": Label(
        "prosecutor_decision",
        "Decide whether to bring the breach to court",
        "Päätä, saatetaanko rikkomus tuomioistuimeen",
    ),
    "petition_review": Label(
        "petition_review",
        "Review the travel ban on the person's petition: hear the official, then lift or keep "
        "it (PKL 2:13)",
        "Tutki matkustuskielto kieltoon määrätyn pyynnöstä: kuule virkamiestä ja kumoa tai "
        "pidä voimassa (PKL 2:13)",
    ),
    "petition_change": Label(
        "petition_change",
        "The person asks to change the travel ban: decide the change (PKL 2:12)",
        "Kieltoon määrätty vaatii matkustuskiellon muuttamista: päätä muutoksesta (PKL 2:12)",
    ),
    "extension_request": Label(
        "extension_request",
        "The official asks to extend the ban: hear the person, then decide before it lapses "
        "(PKL 2:14)",
        "Virkamies pyytää kiellon jatkamista: kuule kieltoon määrättyä ja päätä ennen kuin "
        "kielto raukeaa (PKL 2:14)",
    ),
    "court_decision": Label(
        "court_decision",
        "Rule on the breach: convert or continue",
        "Ratkaise rikkomus: muunto tai jatkaminen",
    ),
}


def _item(
    case: dict[str, Any],
    kind: str,
    asked: Label,
    due_at: datetime | None,
    since: date | datetime | None,
    *,
    escalation: int = 0,
    stage: Label | None = None,
) -> dict[str, Any]:
    label = KINDS[kind]
    return {
        "kind": kind,
        "kind_en": label.en,
        "kind_fi": label.fi,
        "case_id": case["id"],
        "case_number": case.get("number"),
        "case_type": case["type"],
        "subject_name": case.get("subject_name") or "",
        "asked_en": asked.en,
        "asked_fi": asked.fi,
        "due_at": due_at,
        "since": since,
        "escalation": escalation,
        "stage": stage.value if stage else None,
        "stage_en": stage.en if stage else None,
        "stage_fi": stage.fi if stage else None,
        "timezone": case.get("timezone"),
        "link": f"/cases#case/{case['id']}",
    }


def decision_queue(
    uow: UnitOfWork, now: datetime, case_types: Sequence[str], body: str | None
) -> list[dict[str, Any]]:
    """The queue: missed deadlines first, then by due date, undated requests last (oldest
    first). Only cases the unit of work's scope sees (region and the restricted rule)."""
    cases = {c["id"]: c for c in uow.cases.caseload(case_types, None, None)}
    items: list[dict[str, Any]] = []
    for task in open_deadlines(uow, now, case_types):
        case = cases.get(task["case_id"])
        if case is None:
            continue
        stage = Label(task["stage"], task["stage_en"], task["stage_fi"])
        asked = Label(task["kind"], task["label_en"], task["label_fi"])
        items.append(
            _item(
                case,
                "deadline",
                asked,
                task["due_at"],
                None,
                escalation=task["escalation"],
                stage=stage,
            )
        )
    for report in uow.cases.find("case_reports"):
        case = cases.get(report["case_id"])
        if case is None or case["status"] not in ("report_requested", "reported"):
            continue
        if body is not None and report["requester"] != body:
            continue
        ready = report["completed_on"] is not None
        asked = _ASKED["report_ready" if ready else "report_writing"]
        items.append(_item(case, "report", asked, None, report["requested_on"]))
    decisions = uow.cases.find("case_decisions")
    for breach in uow.cases.find("case_breaches", status="referred"):
        case = cases.get(breach["case_id"])
        if case is None:
            continue
        mine = [d["kind"] for d in decisions if d["breach_id"] == breach["id"]]
        if not any(k.startswith("prosecutor_") for k in mine):
            waiting = "prosecutor_decision"
        elif "prosecutor_to_court" in mine and not any(k.startswith("court_") for k in mine):
            waiting = "court_decision"
        else:
            continue
        if body is not None and waiting != f"{body}_decision":
            continue
        items.append(_item(case, "referral", _ASKED[waiting], None, breach["occurred_at"]))
    for case_id, petition in _pending_petitions(uow, cases):
        if body is not None and petition["decides"] != body:
            continue
        asked = _ASKED[f"petition_{petition['kind']}"]
        items.append(_item(cases[case_id], "petition", asked, None, petition["filed_at"]))
    if body in (None, "court"):
        items.extend(_pending_extensions(uow, cases, now))
    return sorted(items, key=_urgency)


def _pending_extensions(
    uow: UnitOfWork, cases: dict[str, dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """R118 (PKL 2:14): a request the court has not decided, while the ban is still in force;
    due when the ban would lapse."""
    items = []
    asked_for = {
        row["case_id"]
        for row in uow.cases.find("travel_bans")
        if row["extension_requested_at"] is not None
        and row["extended_until"] is None
        and row["extension_refused_at"] is None
    }
    for case_id in sorted(asked_for & set(cases)):
        case = cases[case_id]
        if case["type"] != TRAVEL_BAN or case["status"] not in ("provisional", "in_force"):
            continue
        _, ban = load_ban(uow, case_id)
        law = policy_of(case)
        if not ban.extension_pending or ban.status_at(now, law).value == "lapsed":
            continue
        asked = _ASKED["extension_request"]
        items.append(
            _item(case, "extension", asked, ban.lapses_at(law), ban.extension_requested_at)
        )
    return items


def _pending_petitions(
    uow: UnitOfWork, cases: dict[str, dict[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """R116, R117: the petitions filed on the visible travel bans and not yet decided."""
    with_petitions = {e["case_id"] for e in uow.cases.find("case_events", kind=FILED)}
    return [
        (case_id, petition)
        for case_id in sorted(with_petitions & set(cases))
        for petition in petitions_of(uow, case_id)
        if petition["outcome"] is None
    ]


def _urgency(item: dict[str, Any]) -> tuple[int, int, str, str, str]:
    due = item["due_at"]
    since = item["since"]
    return (
        -item["escalation"],
        0 if due is not None else 1,
        due.isoformat() if due is not None else "",
        since.isoformat() if since is not None else "",
        item["case_id"],
    )
