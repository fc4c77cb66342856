"""The monitored travel ban (PKL ch. 2; R100–R113): its decision.

Imposing a ban opens the case, the order, the zones (the area, the home for a locality
obligation, the forbidden areas), the schedule the engine enforces (presence only inside the
locality window), hands over the device (R100) and opens the deadline tasks: 72 h to court and
7 days to the hearing for a provisional decision (R111), 60 days to charges (R118).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from valvo.domain.cases.ban_content import (
    Authority,
    BanContent,
    CopyDelivery,
    Decider,
    Ground,
    Obligation,
    PassportStatus,
    SentenceKind,
    Stage,
    check_content,
    check_decider,
    under_18,
)
from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.travel_ban import impose as impose_ban
from valvo.domain.law.calendar import parse_clock
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import DEFAULT_POLICY_NAME, get_policy
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE
from valvo.services import registry
from valvo.services.cases.common import (
    TRAVEL_BAN,
    choice,
    instant_not_in_future,
    lawful,
    open_task,
    record_decision,
    today,
)
from valvo.services.cases.reports import open_case
from valvo.services.cases.schedule import compile_schedule
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

DELIVERIES = tuple(CopyDelivery)  # PKL 2:9; R113


def content_from(data: Mapping[str, Any]) -> BanContent:
    """The decision's content from plain values (an API body)."""
    raw = data.get("locality_window")
    window = None
    if raw is not None:
        window = lawful(
            lambda: LocalityWindow(
                parse_clock(str(raw["start"]), "locality_window.start"),
                parse_clock(str(raw["end"]), "locality_window.end"),
                raw.get("justification"),
            )
        )
    return BanContent(
        offence=str(data["offence"]),
        max_penalty_months=int(data["max_penalty_months"]),
        grounds=tuple(choice(Ground, g, "grounds") for g in data["grounds"]),
        probable_cause=bool(data["probable_cause"]),
        instead_of_arrest_or_remand=bool(data["instead_of_arrest_or_remand"]),
        area=str(data["area"]),
        forbidden_areas=tuple(str(a) for a in data.get("forbidden_area_names", ())),
        permitted_exits=tuple(str(e) for e in data.get("permitted_exits", ())),
        obligations=tuple(
            choice(Obligation, o, "obligations") for o in data.get("obligations", ())
        ),
        obligation_details=data.get("obligation_details"),
        locality_window=window,
    )


def impose(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    decided_by: str,
    decided_at: datetime,
    content: BanContent,
    provisional: bool,
    prosecutor_notified_at: datetime | None,
    court: str | None,
    heard_in_person_at: datetime | None,
    copy_delivery: str,
    device_identifier: str,
    device_protocol: str,
    passport_status: str,
    passport_surrendered_on: Any = None,
    term_ends_at: datetime | None = None,
    birth_date: Any = None,
    subject_id: str | None = None,
    subject_name: str | None = None,
    region: str | None = None,
    area_geometry: Mapping[str, Any] | None = None,
    home_geometry: Mapping[str, Any] | None = None,
    forbidden_geometries: Sequence[Mapping[str, Any]] = (),
    timezone: str = DEFAULT_TIMEZONE,
    policy: str = DEFAULT_POLICY_NAME,
    stage: str | None = None,
    prosecutor_took_over: bool = False,
    prosecutor_demanded: bool = False,
    remanded: bool = False,
    sentence_kind: str | None = None,
) -> dict[str, Any]:
    """R100–R113, R120: a lawful decision by the right authority at the case's stage (the
    prosecutor notified first when the police decide), with a device, heard in person."""
    instant_not_in_future(now, decided_at, "decided_at")
    if prosecutor_notified_at is not None:
        instant_not_in_future(now, prosecutor_notified_at, "prosecutor_notified_at")
    decider = choice(Decider, decided_by, "decided_by")
    locality = Obligation.LOCALITY in content.obligations
    law = lawful(lambda: get_policy(policy))
    lawful(lambda: check_content(content, law))
    authority = Authority(
        decider=decider,
        stage=choice(Stage, stage, "stage") if stage else default_stage(decider),
        prosecutor_notified_at=prosecutor_notified_at,
        prosecutor_took_over=prosecutor_took_over,
        prosecutor_demanded=prosecutor_demanded,
        remanded=remanded,
        sentence=None if sentence_kind is None else choice(SentenceKind, sentence_kind, "sentence"),
    )
    lawful(
        lambda: check_decider(
            authority,
            locality=locality,
            provisional=provisional,
            decided_at=decided_at,
            indefinite=term_ends_at is None,
        )
    )
    if provisional and not (court or "").strip():
        raise InvalidInput(
            "court_missing: a provisional decision names the court it is brought to (PKL 2:9)"
        )
    if heard_in_person_at is None:
        raise InvalidInput("hearing_missing: the suspect is heard in person (PKL 2:8, R112)")
    if heard_in_person_at > decided_at:
        raise InvalidInput(
            "heard_after_decision: the suspect is heard in person before the ban is decided, "
            "not after (PKL 2:8, R112)"
        )
    if copy_delivery not in DELIVERIES:
        raise InvalidInput("copy_delivery: a copy is given in person or sent by post (R113)")
    passport = choice(PassportStatus, passport_status, "passport_status")
    if (passport is PassportStatus.SURRENDERED) != (passport_surrendered_on is not None):
        raise InvalidInput("passport_date: a surrendered passport has its date, no other (R108)")
    if locality and home_geometry is None:
        raise InvalidInput("home_missing: a locality obligation needs the dwelling's place")
    charged = authority.stage in (Stage.CHARGED, Stage.JUDGMENT)
    ban = lawful(
        lambda: impose_ban(
            decided_at,
            device=device_identifier,
            policy=law,
            locality_window=content.locality_window,
            provisional=provisional,
            timezone=timezone,
            term_ends_at=term_ends_at,
        )
    )
    case = open_case(
        uow,
        actor,
        now,
        case_type=TRAVEL_BAN,
        status=ban.status.value,
        subject_id=subject_id,
        subject_name=subject_name,
        region=region,
        timezone=timezone,
        policy=policy,
    )
    order = registry.create_order(
        uow,
        actor,
        now,
        subject_id=case["subject_id"],
        type=TRAVEL_BAN,
        starts_at=decided_at,
        ends_at=term_ends_at,
        timezone=timezone,
    )
    case["order_id"] = order["id"]
    uow.cases.update("cases", case["id"], {"order_id": order["id"]})
    add_zones(
        uow, actor, now, order["id"], content, area_geometry, home_geometry, forbidden_geometries
    )
    device = _device(uow, actor, now, device_identifier, device_protocol, case["subject_id"])
    window = content.locality_window
    uow.cases.insert(
        "travel_bans",
        {
            "case_id": case["id"],
            "offence": content.offence,
            "max_penalty_months": content.max_penalty_months,
            "grounds": [g.value for g in content.grounds],
            "area": content.area,
            "forbidden_areas": list(content.forbidden_areas),
            "permitted_exits": list(content.permitted_exits),
            "obligations": [o.value for o in content.obligations],
            "obligation_details": content.obligation_details,
            "locality_start": None if window is None else f"{window.start:%H:%M}",
            "locality_end": None if window is None else f"{window.end:%H:%M}",
            "locality_justification": None if window is None else window.justification,
            "decided_by": decider.value,
            "prosecutor_notified": prosecutor_notified_at is not None,
            "prosecutor_notified_at": prosecutor_notified_at,
            "prosecutor_took_over": prosecutor_took_over,
            "prosecutor_demanded": prosecutor_demanded,
            "decision_stage": authority.stage.value,
            "sentence_kind": None if authority.sentence is None else authority.sentence.value,
            # PKL 2:16: a convicted person's ban lasts until enforcement or a higher court.
            "convicted_at": decided_at if authority.stage is Stage.JUDGMENT else None,
            # After charges (PKL 2:6.2) no 60-day lapse runs (PKL 2:14).
            "charges_at": decided_at if charged else None,
            "provisional": provisional,
            "court": court,
            "heard_in_person_at": heard_in_person_at,
            "copy_delivery": copy_delivery,
            "device_id": device["id"],
            "passport_status": passport.value,
            "passport_surrendered_on": passport_surrendered_on,
            "birth_date": birth_date,
            "under_18": under_18(birth_date, today(case, decided_at), law),
            "decided_at": decided_at,
            "term_ends_at": term_ends_at,
        },
    )
    compile_schedule(uow, case, actor, now, "travel ban imposed")
    deadlines = ban.deadlines(law)
    if not charged:
        open_task(uow, case["id"], DeadlineKind.CHARGES, deadlines.charges_deadline, now)
    for kind, due in (
        (DeadlineKind.COURT_REFERRAL, deadlines.court_referral_deadline),
        (DeadlineKind.COURT_HEARING, deadlines.court_hearing_deadline),
    ):
        if due is not None:  # a provisional locality-obligation decision (R111)
            open_task(uow, case["id"], kind, due, now)
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="travel_ban_provisional" if provisional else "travel_ban_imposed",
        decided_by=decider.value,
        decided_at=decided_at,
        court=court,
        status=ban.status.value,
    )
    return case


def default_stage(decider: Decider) -> Stage:
    """The stage a decision is taken at when none is named: the prosecutor's after the
    investigation was transferred, otherwise during it (PKL 2:6)."""
    return Stage.WITH_PROSECUTOR if decider is Decider.PROSECUTOR else Stage.INVESTIGATION


def add_zones(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    order_id: str,
    content: BanContent,
    area: Mapping[str, Any] | None,
    home: Mapping[str, Any] | None,
    forbidden: Sequence[Mapping[str, Any]],
    *,
    valid_from: datetime | None = None,
) -> None:
    """The rules the engine enforces: stay in the area; at home in the window; keep out
    (from ``valid_from`` when a change takes effect later, R116)."""
    if area is not None:
        registry.add_zone(
            uow,
            actor,
            now,
            order_id=order_id,
            name=content.area,
            kind="inclusion",
            geometry=area["geometry"],
            radius_m=area.get("radius_m"),
            valid_from=valid_from,
        )
    if home is not None:
        registry.add_zone(
            uow,
            actor,
            now,
            order_id=order_id,
            name="Dwelling (locality obligation)",
            kind="inclusion",
            geometry=home["geometry"],
            radius_m=home.get("radius_m"),
            presence_only=True,
            valid_from=valid_from,
        )
    for index, zone in enumerate(forbidden):
        name = zone.get("name") or (
            content.forbidden_areas[index] if index < len(content.forbidden_areas) else "Forbidden"
        )
        registry.add_zone(
            uow,
            actor,
            now,
            order_id=order_id,
            name=str(name),
            kind="exclusion",
            geometry=zone["geometry"],
            radius_m=zone.get("radius_m"),
            valid_from=valid_from,
        )


def _device(
    uow: UnitOfWork, actor: str, now: datetime, identifier: str, protocol: str, subject_id: str
) -> dict[str, Any]:
    """R100, PKL 2:10: the device handed over with the decision, registered if new."""
    device = uow.registry.device_by_identifier(identifier.strip())
    if device is None:  # into the person's region, where the assignment below finds it
        person = uow.registry.get("subjects", subject_id)
        device = registry.register_device(
            uow,
            actor,
            now,
            identifier=identifier,
            protocol=protocol,
            kind="gps_tracker",
            region=person["region"] if person else None,
        )
    current = uow.registry.active_assignment_of_device(device["id"])
    if current is None:
        registry.assign_device(uow, actor, now, device_id=device["id"], subject_id=subject_id)
    elif current["subject_id"] != subject_id:
        raise Conflict(f"device {identifier} is with another person")
    return device
