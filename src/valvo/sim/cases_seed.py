"""Demo cases, so each demo account has work on its first login: the people whose simulated
behaviour raises alarms (intruders, curfew breakers) serve a monitoring sentence (a desk alarm
resolved as a genuine breach finds their open case); one person has a report requested (the
supervisor writes it; prosecutor and court see the deadline), one has a completed report waiting
for the court's judgment, and one (a stay-at-home) is under a provisional travel ban decided by
the police.

Everything goes through the case use cases, dated in the past relative to ``now`` as the steps
would have happened. ``seed_cases`` skips a person who already has a case, so it can run on
every ``valvo demo`` start.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from valvo.bootstrap import Valvo
from valvo.domain.cases.sentencing import CommunityServiceBar, SentencingGrounds
from valvo.domain.security import LOCAL_ZONE
from valvo.services.cases import plans, reports, representatives, sentences, travel_bans
from valvo.services.ports import UnitOfWork
from valvo.sim.seed import Persona, SimPerson, _offset

COURT = "Helsingin käräjäoikeus"
ALARM_RAISERS = (Persona.INTRUDER, Persona.CURFEW_BREAKER)
REPORT = {
    "suspect_consents": True,
    "dwelling_assessment": "Own rented flat, suitable; electricity and mobile coverage",
    "circumstances_assessment": "Employed, stable relationship; able to complete",
    "activity_place": "Warehouse work, Mon–Fri 08–16",
    "movement_needs": "Bus to work, 30 minutes each way",
    "existing_work_or_study": "Warehouse work",
    "statement_justified": True,
    "statement": "Keeping the job supports social coping.",
    "substance_assessment": "Alcohol use moderate; no treatment need",
    "home_visit_by": "supervisor",
}
PLAN_ITEMS = {
    "abode": "Own flat",
    "activity": "Warehouse work 40 h a week; bus 30 min each way",
    "monitoring": "GPS ankle tag",
    "abode_timing": "At home at all times outside the schedule",
    "movement": "Only the routes to work and the shop on Saturdays",
    "support": "Meetings with the supervisor every Monday",
    "personal_time": "Saturday 10–12 shopping",
    "other": "None",
}


def seed_cases(valvo: Valvo, people: list[SimPerson], now: datetime) -> int:
    """Open the demo's cases (see the module); returns how many were opened."""
    today = now.astimezone(LOCAL_ZONE).date()
    plan: list[tuple[SimPerson, str]] = [
        (p, "serving") for p in people if p.persona in ALARM_RAISERS
    ]
    calm = [p for p in people if p.persona is Persona.HOMEBODY]
    south = [p for p in calm if p.region == "Etelä-Suomi"]
    west = [p for p in calm if p.region != "Etelä-Suomi"]
    plan += [(p, "report_requested") for p in south[:1]]
    plan += [(p, "reported") for p in (west or south[1:])[:1]]
    plan += [(p, "travel_ban") for p in south[1:2]]
    opened = 0
    with valvo.uow() as uow:
        for person, state in plan:
            subject_id = _subject_of(uow, person)
            if subject_id is None or uow.cases.find("cases", subject_id=subject_id):
                continue
            if state == "travel_ban":
                _travel_ban(uow, now, person, subject_id)
            else:
                _sentence(uow, now, today, person, subject_id, state)
            opened += 1
        uow.commit()
    return opened


def _subject_of(uow: UnitOfWork, person: SimPerson) -> str | None:
    device = uow.registry.device_by_identifier(person.device)
    assignment = None if device is None else uow.registry.active_assignment_of_device(device["id"])
    return None if assignment is None else str(assignment["subject_id"])


def _sentence(
    uow: UnitOfWork, now: datetime, today: date, person: SimPerson, subject_id: str, state: str
) -> None:
    """Requested 40 days ago, reported 33 days ago, sentenced 26 days ago; the plan is confirmed
    and the devices installed today (the use cases date those steps by ``now``)."""
    back = today - timedelta(days=2 if state == "report_requested" else 40)
    # The open request is the court's, the others the prosecutor's: each has one in its queue.
    requester = "court" if state == "report_requested" else "prosecutor"
    case = reports.request_report(
        uow, requester, now, requester=requester, requested_on=back, subject_id=subject_id
    )
    case_id = case["id"]
    if state == "report_requested":
        return
    values: dict[str, Any] = {**REPORT, "suspect_heard_on": back, "home_visit_on": back}
    reports.update_report(uow, "supervisor", now, case_id=case_id, values=values)
    reports.complete_report(uow, "supervisor", now, case_id=case_id, on=today - timedelta(days=33))
    if state == "reported":
        return
    grounds = SentencingGrounds(
        community_service_bar=CommunityServiceBar.EARLIER_COMMUNITY_SERVICE,
        promotes_social_coping=True,
        special_obstacle=None,
        obligations_orderable=True,
        can_cope=True,
        replaced_prison_days=60,
        court=COURT,
    )
    sentences.sentence(
        uow,
        "court",
        now,
        case_id=case_id,
        length_days=60,
        sentenced_on=today - timedelta(days=26),
        enforceable_on=today - timedelta(days=12),
        grounds=grounds,
        under_21=False,
        prison_within_lookback=False,
    )
    start = today  # the plan is confirmed now (its row carries the day), serving starts now
    weekly = [
        {"weekday": day, "start": "08:00", "end": "16:00", "purpose": "activity"}
        for day in range(5)
    ] + [{"weekday": 5, "start": "10:00", "end": "12:00", "purpose": "personal"}]
    content = {
        "timezone": "Europe/Helsinki",
        "start": start.isoformat(),
        "end": (start + timedelta(days=85)).isoformat(),
        "items": dict(PLAN_ITEMS),
        "weekly": weekly,
        "one_off": [],
    }
    plans.save_plan(
        uow,
        "supervisor",
        now,
        case_id=case_id,
        content=content,
        convict_heard_on=today - timedelta(days=11),
    )
    device = uow.registry.device_by_identifier(person.device)
    assert device is not None
    sentences.install_devices(
        uow,
        "supervisor",
        now,
        case_id=case_id,
        device_ids=[device["id"]],
        installed_at=now,
    )
    # Someone the desk can call about the person (the alarm shows them): who lives with them.
    key = sum(person.device.encode())
    representatives.add_representative(
        uow,
        "supervisor",
        now,
        case_id=case_id,
        kind="co_resident",
        name=f"{('Pirjo', 'Marja', 'Sari', 'Timo')[key % 4]} {person.name.split()[-1]}",
        phone=f"+358 50 2{key % 100:02d} {key * 37 % 10_000:04d}",
    )


def _travel_ban(uow: UnitOfWork, now: datetime, person: SimPerson, subject_id: str) -> None:
    """A provisional ban decided by the police two days ago: stay in Greater Helsinki (a wide
    square around the home), at home from 22:00 to 06:00, report weekly."""
    decided_at = now - timedelta(days=2)
    ring = [
        list(_offset(person.home, dx * 15000, dy * 15000))
        for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))
    ]
    content = travel_bans.content_from(
        {
            "offence": "Aggravated fraud (RL 36:2)",
            "max_penalty_months": 48,
            "grounds": ["flight_or_evasion"],
            "probable_cause": True,
            "instead_of_arrest_or_remand": True,
            "area": "Greater Helsinki",
            "obligations": ["locality", "reporting"],
            "locality_window": {"start": "22:00", "end": "06:00"},
            "obligation_details": "Report to Pasila police station every Monday at 10:00",
        }
    )
    travel_bans.impose(
        uow,
        "police",
        now,
        decided_by="police",
        decided_at=decided_at,
        content=content,
        provisional=True,
        prosecutor_notified_at=decided_at,
        court=COURT,
        heard_in_person_at=decided_at,
        copy_delivery="in_person",
        device_identifier=person.device,
        device_protocol="osmand",
        passport_status="surrendered",
        passport_surrendered_on=decided_at.astimezone(LOCAL_ZONE).date(),
        subject_id=subject_id,
        area_geometry={"geometry": {"type": "Polygon", "coordinates": [ring]}},
        home_geometry={
            "geometry": {"type": "Point", "coordinates": list(person.home)},
            "radius_m": 150,
        },
    )
