"""The follow-up dashboard (S14, S15, S58, S64, S72, S97, S99, S100): what is overdue or
missing among the follow-up, governance and outreach records, computed from the stored records
and ``today`` like the other dashboards."""

from __future__ import annotations

from datetime import date
from typing import Any

from valvo.domain.partners.follow_up import (
    ComplianceCheck,
    ReferralPractice,
    ServiceMap,
    missing_referrals,
)
from valvo.domain.partners.governance import (
    CriteriaVersion,
    Goal,
    InstructionVersion,
    Programme,
    current_versions,
)
from valvo.domain.partners.outreach import InternationalRelation, nordic_overdue
from valvo.services.partners.kinds_follow_up import (
    COMPLIANCE_CHECK,
    CRITERIA_VERSION,
    GOAL,
    INSTRUCTION,
    INTERNATIONAL,
    PROGRAMME,
    REFERRAL_PRACTICE,
    SERVICE_MAP,
)
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import Kind

# The documents every expert by experience receives (S72, L2909-2935).
FOR_EXPERTS = ("outside_worker_instruction", "opas_muurien_maailmaan")


def _all(uow: PartnersUnitOfWork, kind: Kind) -> list[tuple[dict[str, Any], Any]]:
    return [
        (r, kind.read({k: r[k] for k in kind.fields if k in r}, uow))
        for r in uow.partners.find(kind.table)
    ]


def follow_up(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    centres = {r["id"]: r["name"] for r in uow.partners.find("partner_units", type="centre")}
    return {
        "compliance": _compliance(uow, today),
        "referrals": _referrals(uow, today, centres),
        "service_maps": _service_maps(uow, today, centres),
        "criteria": _criteria(uow, today),
        "instructions": _instructions(uow, today),
        "programmes_unaccredited": [
            {"id": r["id"], "name": p.name, "accreditation_valid_to": p.accreditation_valid_to}
            for r, p in _all(uow, PROGRAMME)
            if isinstance(p, Programme) and p.unaccredited_in_use(today)
        ],
        "goal_reports_overdue": [
            {"id": r["id"], "title": g.title, "level": g.level, "due_on": due}
            for r, g in _all(uow, GOAL)
            if isinstance(g, Goal) and (due := g.report_due(today)) is not None
        ],
        "nordic_meetings_overdue": [
            {"id": id, "name": rel.name, "topic": rel.topic, "last_met_on": rel.last_met_on}
            for id, rel in nordic_overdue(
                [
                    (r["id"], x)
                    for r, x in _all(uow, INTERNATIONAL)
                    if isinstance(x, InternationalRelation)
                ],
                today,
            )
        ],
    }


def _compliance(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    """S14: follow-up actions past their date; checks whose next check is overdue (the latest
    check of each agreement or process only)."""
    checks = [(r, c) for r, c in _all(uow, COMPLIANCE_CHECK) if isinstance(c, ComplianceCheck)]
    actions = [
        {
            "check_id": r["id"],
            "title": c.title,
            "action": a.text,
            "owner": a.owner,
            "due_on": a.due_on,
        }
        for r, c in checks
        for a in c.overdue_actions(today)
    ]
    latest: dict[tuple[str | None, str | None, str | None], tuple[dict[str, Any], Any]] = {}
    for r, c in sorted(checks, key=lambda rc: rc[1].checked_on):
        latest[(c.agreement_id, c.process, c.unit_id or c.centre_id)] = (r, c)
    due = [
        {"id": r["id"], "title": c.title, "next_check_on": c.next_check_on}
        for r, c in latest.values()
        if c.check_overdue(today)
    ]
    return {"actions_overdue": actions, "checks_overdue": due}


def _referrals(uow: PartnersUnitOfWork, today: date, centres: dict[str, str]) -> dict[str, Any]:
    """S15: centres without a practice with social/health or employment services."""
    practices = [p for _, p in _all(uow, REFERRAL_PRACTICE) if isinstance(p, ReferralPractice)]
    missing = []
    for centre_id, name in sorted(centres.items(), key=lambda c: c[1]):
        gaps = missing_referrals(practices, centre_id, today)
        if gaps:
            missing.append({"centre_id": centre_id, "centre": name, "missing": gaps})
    overdue = [
        {"id": r["id"], "name": p.name, "review_on": p.review_on}
        for r, p in _all(uow, REFERRAL_PRACTICE)
        if isinstance(p, ReferralPractice) and p.review_on is not None and p.review_on < today
    ]
    return {"centres_missing": missing, "review_overdue": overdue}


def _service_maps(uow: PartnersUnitOfWork, today: date, centres: dict[str, str]) -> dict[str, Any]:
    """S58: maps past their review date; centres without a map."""
    maps = [(r, m) for r, m in _all(uow, SERVICE_MAP) if isinstance(m, ServiceMap)]
    return {
        "overdue": [
            {
                "id": r["id"],
                "name": m.name,
                "centre": centres.get(m.centre_id, m.centre_id),
                "owner": m.owner,
                "review_on": m.review_on,
            }
            for r, m in maps
            if m.overdue(today)
        ],
        "centres_without": [
            {"centre_id": c, "centre": n}
            for c, n in sorted(centres.items(), key=lambda c: c[1])
            if not any(m.centre_id == c for _, m in maps)
        ],
    }


def _criteria(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    """S64: the version in force, and whether its review is overdue."""
    versions = [(r, v) for r, v in _all(uow, CRITERIA_VERSION) if isinstance(v, CriteriaVersion)]
    current = [(r, v) for r, v in versions if v.validity.holds_on(today)]
    if not current:
        return {"in_force": None, "review_overdue": False}
    r, v = current[0]
    return {
        "in_force": {"id": r["id"], "version": v.version, "review_on": v.review_on},
        "review_overdue": v.review_on is not None and v.review_on < today,
    }


def _instructions(uow: PartnersUnitOfWork, today: date) -> dict[str, Any]:
    """S72: current versions past review; experts by experience without the current version
    of the documents they receive."""
    versions = [
        (str(r["id"]), v) for r, v in _all(uow, INSTRUCTION) if isinstance(v, InstructionVersion)
    ]
    current = current_versions(versions, today)
    experts = {r["id"]: r["name"] for r in uow.partners.find("partner_experts")}
    undelivered = []
    for document in FOR_EXPERTS:
        if document not in current:
            continue
        id, version = current[document]
        reached = {d.recipient_id for d in version.deliveries if d.recipient_kind == "expert"}
        missing = [{"id": e, "name": n} for e, n in sorted(experts.items()) if e not in reached]
        if missing:
            undelivered.append(
                {
                    "instruction_id": id,
                    "document": document,
                    "version": version.version,
                    "experts": missing,
                }
            )
    return {
        "current": [
            {"id": id, "document": d, "version": v.version, "published_on": v.published_on}
            for d, (id, v) in sorted(current.items())
        ],
        "review_overdue": [
            {"id": id, "name": v.name, "review_on": v.review_on}
            for id, v in current.values()
            if v.review_overdue(today)
        ],
        "not_delivered": undelivered,
    }
