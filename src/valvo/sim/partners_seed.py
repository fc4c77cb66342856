"""The demo's partner registry: two centres (Helsinki and Tampere) with their partners,
agreements, networks, meetings, places and people, seeded through the real use cases, with
the gaps the dashboards should show (see ``partners_seed_data``).

``seed_partners(valvo, now)`` is what ``valvo demo`` calls; it does nothing when the registry is
already there, and returns what it made, including the demo partner contact's login.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.bootstrap import Valvo
from valvo.domain.partners.plan_windows import Session
from valvo.domain.schedule import local_to_utc, zone
from valvo.services.partners import outside, plans, portal, projects, records
from valvo.services.partners.kinds import KINDS
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.sim import partners_seed_data as d

ACTOR = "seed"
PARTNER_LOGIN = ("kierratys", "paikka-demo-2026")  # the place contact of the Helsinki centre
PARTNER_PLACE = "pl-kierratys-hki"
# The demo people's weekly sessions at the partner contact's place (open Monday to Friday).
PLACE_SESSIONS = (
    tuple(Session(d, time(8), time(12)) for d in range(5)),
    tuple(Session(d, time(12), time(16)) for d in (0, 2, 4)),
    tuple(Session(d, time(9), time(15)) for d in (1, 3)),
)
DAY_KEYS = (
    "valid_from",
    "valid_to",
    "last_verified_on",
    "held_on",
    "starts_on",
    "review_on",
    "due",
    "due_on",
    "checked_on",
    "next_check_on",
    "last_met_on",
    "accredited_on",
)


def _dated(value: Any, today: date) -> Any:
    """Day offsets (ints) in the seed data become ISO dates relative to ``today``."""
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if key in DAY_KEYS and isinstance(item, int):
                out[key] = (today + timedelta(days=item)).isoformat()
            elif key == "starts_at" and isinstance(item, int):
                local = datetime.combine(today + timedelta(days=item), time(13))
                out[key] = local_to_utc(local, zone("Europe/Helsinki")).isoformat()
            else:
                out[key] = _dated(item, today)
        return out
    if isinstance(value, list):
        return [_dated(v, today) for v in value]
    return value


def _make(uow: PartnersUnitOfWork, now: datetime, kind: str, rows: list[dict[str, Any]]) -> int:
    for row in rows:
        records.create(uow, ACTOR, now, KINDS[kind], _dated(row, now.date()))
    return len(rows)


def seed_partners(valvo: Valvo, now: datetime) -> dict[str, Any]:
    with SqlPartnersUnitOfWork(valvo.db) as uow:
        if uow.partners.get("partner_units", d.ES) is not None:
            return {"created": 0, "partner_login": PARTNER_LOGIN}
        created = 0
        for kind, rows in (
            ("units", d.UNITS),
            ("area-mappings", d.AREAS),
            ("partners", d.PARTNERS),
            ("successions", d.SUCCESSIONS),
            ("agreements", d.AGREEMENTS),
            ("networks", d.NETWORKS),
            ("network-members", d.MEMBERS),
            ("obligations", d.OBLIGATIONS),
            ("meetings", d.MEETINGS),
            ("places", d.PLACES),
            ("quality-criteria", d.CRITERIA),
            ("directory", d.DIRECTORY),
            ("services", d.SERVICES),
            ("outside-persons", d.PEOPLE),
            ("events", d.EVENTS),
        ):
            created += _make(uow, now, kind, rows)
        for kind, rows in d.FOLLOW_UP:
            created += _make(uow, now, kind, rows)
        _evaluation(uow, now)
        _admit_ville(uow, now)
        _projects(uow, now)
        portal.create_contact_user(
            uow,
            valvo.hasher,
            ACTOR,
            now,
            place_id="pl-kierratys-hki",
            username=PARTNER_LOGIN[0],
            password=PARTNER_LOGIN[1],
        )
        uow.commit()
    return {"created": created, "partner_login": PARTNER_LOGIN}


def _evaluation(uow: PartnersUnitOfWork, now: datetime) -> None:
    """Helsinki evaluated last year's service-place work; Tampere did not (S54)."""
    records.create(
        uow,
        ACTOR,
        now,
        KINDS["place-evaluations"],
        {
            "centre_id": d.ES,
            "year": now.year - 1,
            "fulfilment": {"Q1": "fulfilled", "Q2": "partly", "Q3": "fulfilled"},
            "development_targets": ["Ohjaajien perehdytys"],
            "next_year_plan": "Perehdytetään uudet ohjaajat; kaksi uutta paikkaa Itä-Helsinkiin.",
        },
    )


def _admit_ville(uow: PartnersUnitOfWork, now: datetime) -> None:
    """The volunteer has everything recorded; the project worker has nothing (S68)."""
    day = now.date() - timedelta(days=60)
    steps = (
        (
            outside.record_clearance,
            {"type": "supo_basic", "done_on": day.isoformat(), "result": "no_remarks"},
        ),
        (outside.record_induction, {"unit_id": "u-hki-vankila", "inducted_on": day.isoformat()}),
        (outside.record_pledge, {"signed_on": day.isoformat()}),
        (
            outside.record_decision,
            {
                "unit_id": "u-hki-vankila",
                "verdict": "admit",
                "decided_on": day.isoformat(),
                "decided_by": "Johtaja",
            },
        ),
    )
    for step, data in steps:
        step(uow, ACTOR, now, "op-ville", data)


def _projects(uow: PartnersUnitOfWork, now: datetime) -> None:
    """A running project whose semi-annual review is overdue, and an ineligible application."""
    for data in d.PROJECTS:
        projects.submit(uow, ACTOR, now, data)
    projects.recommend(
        uow,
        ACTOR,
        now,
        "pr-polku",
        {"verdict": "recommend", "statement": "Tukee vapautumisen polkuja."},
    )
    projects.decide(
        uow,
        ACTOR,
        now,
        "pr-polku",
        {"verdict": "approve", "decided_by": "Apulaisjohtaja", "reference": "12/2025"},
    )
    started = now.date() - timedelta(days=240)
    projects.start(
        uow,
        ACTOR,
        now,
        "pr-polku",
        {"started_on": started.isoformat(), "responsible_person": "Tiina Toivonen"},
    )


def seed_partner_sessions(valvo: Valvo, now: datetime) -> int:
    """Put the demo partner contact's place into the plans of the first demo people serving a
    monitoring sentence (by name), so its contact has sessions to confirm on a first login on a
    weekday; nothing when the place already has people. Returns how many plans it changed."""
    with SqlPartnersUnitOfWork(valvo.db) as uow:
        if uow.partners.get("partner_places", PARTNER_PLACE) is None:
            return 0
        if uow.partners.find(plans.ASSIGNMENTS, place_id=PARTNER_PLACE):
            return 0
        orders = [
            o
            for o in uow.registry.find("orders", status="active")
            if o["type"] == "monitoring_sentence"
        ]
        names = {o["id"]: _name(uow, str(o["subject_id"])) for o in orders}
        chosen = sorted(orders, key=lambda o: (names[o["id"]], o["id"]))[: len(PLACE_SESSIONS)]
        for order, sessions in zip(chosen, PLACE_SESSIONS, strict=False):
            plans.choose_place(
                uow,
                ACTOR,
                now,
                place_id=PARTNER_PLACE,
                order_id=str(order["id"]),
                sessions=sessions,
                travel_minutes=30,
            )
        uow.commit()
    return len(chosen)


def _name(uow: PartnersUnitOfWork, subject_id: str) -> str:
    subject = uow.registry.get("subjects", subject_id)
    return str(subject["name"]) if subject else ""
