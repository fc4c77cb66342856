"""The dashboards: what is missing, overdue or stale (S8, S9, S17, S20, S21, S54, S63, S71, S85).

Every figure is computed from the stored records and ``today``; nothing is cached, so a record
fixed a moment ago disappears from the list at once.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from valvo.domain.partners.agreements import Agreement
from valvo.domain.partners.checklists import missing_by_centre, national_checklist
from valvo.domain.partners.engagement import Event, centres_without_yearly_event
from valvo.domain.partners.meetings import (
    Obligation,
    add_months,
    obligation_status,
    overdue_actions,
)
from valvo.domain.partners.networks import Member, Network, missing_representation, stale_contacts
from valvo.domain.partners.quality import Evaluation, quality_gaps
from valvo.services.partners.kinds import (
    AGREEMENT,
    EVENT,
    MEETING,
    MEMBER,
    NETWORK,
    OBLIGATION,
)
from valvo.services.partners.outside import record_of
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.projects import next_review
from valvo.services.partners.records import Kind, jsonable


def _read(kind: Kind, uow: PartnersUnitOfWork, row: dict[str, Any]) -> Any:
    return kind.read({k: row[k] for k in kind.fields if k in row}, uow)


def _centres(uow: PartnersUnitOfWork) -> dict[str, str]:
    return {r["id"]: r["name"] for r in uow.partners.find("partner_units", type="centre")}


def missing_agreements(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    """S8 and S9: national items not in force; per centre, the local items missing."""
    rows = uow.partners.find(AGREEMENT.table)
    agreements: dict[str, Agreement] = {r["id"]: _read(AGREEMENT, uow, r) for r in rows}
    centres = _centres(uow)
    national = national_checklist(agreements, today)
    local = missing_by_centre(agreements, centres, today)
    overdue = [
        {"id": i, "title": a.title, "review_on": a.review_on, "level": a.level}
        for i, a in agreements.items()
        if a.review_overdue(today)
    ]
    return {
        "national": [asdict(r) for r in national],
        "national_missing": sum(r.missing for r in national),
        "centres": [
            {"centre_id": cid, "centre": centres[cid], "missing": [asdict(r) for r in items]}
            for cid, items in local.items()
        ],
        "local_missing": sum(len(v) for v in local.values()),
        "review_overdue": overdue,
    }


def overdue_meetings(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    """S20: recurring meeting obligations and networks past their interval; overdue actions."""
    meetings = {r["id"]: (r, _read(MEETING, uow, r)) for r in uow.partners.find(MEETING.table)}
    centres = _centres(uow)
    obligations = []
    for row in uow.partners.find(OBLIGATION.table):
        obligation: Obligation = _read(OBLIGATION, uow, row)
        held = [m for r, m in meetings.values() if r["obligation_id"] == row["id"]]
        status = obligation_status(obligation, held, today)
        obligations.append(
            {
                "id": row["id"],
                "title": obligation.title,
                "counterpart": obligation.counterpart,
                "centre": centres.get(obligation.centre_id or "", "national"),
                "frequency_months": obligation.frequency_months,
                **jsonable(status),
            }
        )
    networks = []
    for row in uow.partners.find(NETWORK.table):
        network: Network = _read(NETWORK, uow, row)
        if network.frequency_months is None:
            continue
        held_on = [
            m.held_on
            for r, m in meetings.values()
            if r["network_id"] == row["id"] and m.held_on <= today
        ]
        last = max(held_on) if held_on else None
        due = add_months(last or row["created_at"].date(), network.frequency_months)
        networks.append(
            {
                "id": row["id"],
                "name": network.name,
                "last_held": last,
                "due_on": due,
                "overdue": today > due,
                "days_overdue": max(0, (today - due).days),
            }
        )
    actions = [
        {"meeting_id": mid, "meeting": meetings[mid][1].title, **jsonable(action)}
        for mid, action in overdue_actions({k: m for k, (_, m) in meetings.items()}, today)
    ]
    return {
        "obligations": sorted(obligations, key=lambda o: (not o["overdue"], o["due_on"])),
        "obligations_overdue": sum(o["overdue"] for o in obligations),
        "networks": networks,
        "networks_overdue": sum(n["overdue"] for n in networks),
        "actions_overdue": actions,
    }


def stale(uow: PartnersUnitOfWork, today: date, stale_after_days: int = 365) -> dict[str, Any]:
    """S17: contact persons missing, unreachable or not verified within the year; S21: the
    standing groups' missing representation."""
    member_rows = {r["id"]: r for r in uow.partners.find(MEMBER.table)}
    members: dict[str, Member] = {i: _read(MEMBER, uow, r) for i, r in member_rows.items()}
    networks = {r["id"]: r for r in uow.partners.find(NETWORK.table)}
    orgs = {r["id"]: r["name"] for r in uow.partners.find("partner_organisations")}
    units = {r["id"]: r for r in uow.partners.find("partner_units")}
    contacts = []
    for member_id, problems in stale_contacts(members, today, stale_after_days):
        m = members[member_id]
        contacts.append(
            {
                "id": member_id,
                "network": networks[m.network_id]["name"],
                "organisation": orgs.get(m.organisation_id or "")
                or units.get(m.unit_id or "", {}).get("name", ""),
                "contact_name": m.contact_name,
                "last_verified_on": m.last_verified_on,
                "problems": list(problems),
            }
        )
    representation = []
    for network_id, row in networks.items():
        network: Network = _read(NETWORK, uow, row)
        missing = missing_representation(
            network,
            [m for m in members.values() if m.network_id == network_id],
            {u: str(r["type"]) for u, r in units.items()},
        )
        if missing:
            representation.append(
                {
                    "network_id": network_id,
                    "network": network.name,
                    "missing": [units[u]["name"] for u in missing],
                }
            )
    return {"contacts": contacts, "stale_count": len(contacts), "representation": representation}


def other_gaps(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    """S54 quality evaluations, S85 yearly events, S63 project reviews, S71 re-opened
    admissions, and attendance outcomes nobody has acted on."""
    centres = _centres(uow)
    codes = [str(r["code"]) for r in uow.partners.find("partner_quality_criteria")]
    evaluations = (
        [Evaluation.read(r, codes) for r in uow.partners.find("partner_place_evaluations")]
        if codes
        else []
    )
    year = today.year - 1
    gaps = quality_gaps(centres, evaluations, year)
    events = [_read(EVENT, uow, r) for r in uow.partners.find(EVENT.table)]
    no_event = centres_without_yearly_event(
        centres, [e for e in events if isinstance(e, Event)], today.year
    )
    reviews = []
    for row in uow.partners.find("partner_projects", stage="running"):
        due = next_review(row)
        if due is not None and due < today:
            reviews.append({"id": row["id"], "name": row["name"], "due_on": due})
    reopened = []
    for row in uow.partners.find("partner_outside_persons"):
        record = record_of(row)
        latest = max((d.decided_on for d in record.decisions), default=None)
        if latest is not None and any(i >= latest for i in record.incidents):
            reopened.append({"id": row["id"], "name": row["name"]})
    outcomes = [
        {
            "id": r["id"],
            "session_date": r["session_date"],
            "outcome": r["outcome"],
            "action": r["action"],
            "place_name": r.get("place_name"),
            "text_en": r.get("text_en"),
            "text_fi": r.get("text_fi"),
        }
        for r in uow.partners.find("partner_attendance_outcomes")
        if r["action"] in ("alarm", "breach_record")
        and not (r["linked_alarm_id"] or r["linked_breach_id"])
    ]
    return {
        "quality_year": year,
        "quality": [{**asdict(g), "centre": centres[g.centre_id]} for g in gaps],
        "yearly_event_year": today.year,
        "without_yearly_event": [{"centre_id": c, "centre": centres[c]} for c in no_event],
        "project_reviews_overdue": reviews,
        "admissions_reopened": reopened,
        "attendance_to_act_on": outcomes,
    }
