"""Travel-ban routes (PKL ch. 2): the decision, the court, charges, extension, revocation and
lapse; violations, warnings served with proof, the passport."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, status

from valvo.services.cases import travel_bans
from valvo.services.cases.ban_commands import (
    BringCharges,
    ChangeBan,
    ChangeMainHearing,
    ConvictionBan,
    CourtDecidesBan,
    DecideBanComplaint,
    DecideBanPetition,
    EndConvictionBan,
    ExtendBan,
    FileBanComplaint,
    FileBanPetition,
    HearOnBanExtension,
    ImposeTravelBan,
    LapseBan,
    RecordBanViolation,
    ReferBanToCourt,
    RequestBanExtension,
    RevokeBan,
    ServeBanWarning,
    SetMainHearing,
    UpdatePassport,
)
from valvo.web.api.cases.access import App, BanDecider, BanWorker, Decider, decided_by, run
from valvo.web.api.cases.schemas import (
    AtBody,
    BanChangeCreate,
    BanCourtDecisionCreate,
    CaseDetailRead,
    ComplaintCreate,
    ComplaintDecisionCreate,
    ConvictionCreate,
    ConvictionEndCreate,
    CourtReferralCreate,
    ExtensionCreate,
    ExtensionHearingCreate,
    MainHearingChange,
    MainHearingCreate,
    PassportUpdate,
    PetitionCreate,
    PetitionDecisionCreate,
    RevocationCreate,
    TravelBanCreate,
    ViolationCreate,
    WarningServiceCreate,
)

router = APIRouter()


@router.post("/cases/travel-bans", response_model=CaseDetailRead, status_code=201)
def impose(body: TravelBanCreate, who: BanDecider, valvo: App) -> dict[str, Any]:
    """The decision (PKL 2:2–2:10): provisional by the police or the prosecutor, or the
    court's; a device always (R100)."""
    decider = decided_by(who, ("police", "prosecutor", "court"), body.decided_by)
    data = body.model_dump()
    data["forbidden_area_names"] = [
        a.name or f"#{i + 1}" for i, a in enumerate(body.forbidden_areas)
    ]
    return run(
        valvo,
        who,
        ImposeTravelBan,
        decided_by=decider,
        decided_at=body.decided_at,
        content=travel_bans.content_from(data),
        provisional=body.provisional,
        prosecutor_notified_at=notified_at(body),
        prosecutor_took_over=body.prosecutor_took_over,
        stage=body.stage,
        prosecutor_demanded=body.prosecutor_demanded,
        remanded=body.remanded,
        sentence_kind=body.sentence_kind,
        court=body.court,
        heard_in_person_at=body.heard_in_person_at,
        copy_delivery=body.copy_delivery,
        device_identifier=body.device_identifier,
        device_protocol=body.device_protocol,
        passport_status=body.passport_status,
        passport_surrendered_on=body.passport_surrendered_on,
        term_ends_at=body.term_ends_at,
        birth_date=body.birth_date,
        subject_id=body.subject_id,
        subject_name=body.subject_name,
        region=body.region,
        area_geometry=None if body.area_geometry is None else body.area_geometry.model_dump(),
        home_geometry=None if body.home is None else body.home.model_dump(),
        forbidden_geometries=[a.model_dump() for a in body.forbidden_areas],
        timezone=body.timezone,
        policy=body.policy,
    )


@router.post("/cases/{case_id}/court-referral", response_model=CaseDetailRead)
def court_referral(
    case_id: str, body: CourtReferralCreate, who: BanWorker, valvo: App
) -> dict[str, Any]:
    """R111(a): the provisional decision reaches the court within 72 hours."""
    return run(valvo, who, ReferBanToCourt, case_id=case_id, happened_at=body.at, court=body.court)


@router.post("/cases/{case_id}/court-decision", response_model=CaseDetailRead)
def court_decision(
    case_id: str, body: BanCourtDecisionCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """R111(b), R119: the court confirms the provisional ban or refuses it."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        CourtDecidesBan,
        case_id=case_id,
        happened_at=body.at,
        confirmed=body.confirmed,
        court=body.court,
        suspect_heard=body.suspect_heard,
    )


def notified_at(body: TravelBanCreate) -> datetime | None:
    """R110: the notification is recorded by its time; ``prosecutor_notified`` alone is not
    a record of it."""
    if body.prosecutor_notified and body.prosecutor_notified_at is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "prosecutor_notified_at: say when the prosecutor was notified (PKL 2:6, R110)",
        )
    return body.prosecutor_notified_at


@router.post("/cases/{case_id}/conviction", response_model=CaseDetailRead)
def conviction(case_id: str, body: ConvictionCreate, who: Decider, valvo: App) -> dict[str, Any]:
    """R120 (PKL 2:16): at the judgment the court keeps the ban in force, until enforcement
    begins, only for unconditional prison; otherwise the ban ends with the judgment."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        ConvictionBan,
        case_id=case_id,
        happened_at=body.at,
        sentence=body.sentence,
        continues=body.continues,
        court=body.court,
    )


@router.post("/cases/{case_id}/conviction/end", response_model=CaseDetailRead)
def conviction_end(
    case_id: str, body: ConvictionEndCreate, who: BanDecider, valvo: App
) -> dict[str, Any]:
    """R120 (PKL 2:16): the police record that enforcement of the prison sentence began; a
    higher court's order is the court's."""
    allowed = ("police",) if body.reason == "enforcement_started" else ("court",)
    decided_by(
        who, allowed, body.decided_by or (allowed[0] if who.role == "administrator" else None)
    )
    return run(
        valvo,
        who,
        EndConvictionBan,
        case_id=case_id,
        happened_at=body.at,
        reason=body.reason,
        court=body.court,
    )


@router.post("/cases/{case_id}/petitions", response_model=CaseDetailRead, status_code=201)
def petition(case_id: str, body: PetitionCreate, who: BanDecider, valvo: App) -> dict[str, Any]:
    """R117 (PKL 2:13.2), R116 (PKL 2:12): the person's petition for the court's review of a
    ban without a locality obligation, or for a change, recorded as it reaches the body that
    decides it; it waits in that body's queue."""
    return run(
        valvo,
        who,
        FileBanPetition,
        case_id=case_id,
        kind=body.kind,
        happened_at=body.at,
        grounds=body.grounds,
    )


@router.post("/cases/{case_id}/petitions/{petition_id}/decision", response_model=CaseDetailRead)
def petition_decision(
    case_id: str, petition_id: str, body: PetitionDecisionCreate, who: BanDecider, valvo: App
) -> dict[str, Any]:
    """R117: the court lifts the ban wholly or in part, or rejects the petition, having heard
    the official entitled to arrest; R116: a change petition declined by its authority."""
    decider = decided_by(who, ("police", "prosecutor", "court"), body.decided_by)
    return run(
        valvo,
        who,
        DecideBanPetition,
        case_id=case_id,
        petition_id=petition_id,
        happened_at=body.at,
        outcome=body.outcome,
        decided_by=decider,
        official_heard=body.official_heard,
        details=body.details,
        court=body.court,
    )


@router.post("/cases/{case_id}/charges", response_model=CaseDetailRead)
def charges(case_id: str, body: AtBody, who: Decider, valvo: App) -> dict[str, Any]:
    """R118: the prosecutor brings charges within 60 days; the ban stays."""
    decided_by(who, ("prosecutor",), "prosecutor" if who.role == "administrator" else None)
    return run(valvo, who, BringCharges, case_id=case_id, happened_at=body.at)


@router.post("/cases/{case_id}/extension-request", response_model=CaseDetailRead)
def extension_request(case_id: str, body: AtBody, who: BanWorker, valvo: App) -> dict[str, Any]:
    """R118 (PKL 2:14): the official asks the court to extend, within the 60 days."""
    return run(valvo, who, RequestBanExtension, case_id=case_id, happened_at=body.at)


@router.post("/cases/{case_id}/extension-hearing", response_model=CaseDetailRead)
def extension_hearing(
    case_id: str, body: ExtensionHearingCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """R118 (PKL 2:14.2): before deciding the request the court gives the person the
    opportunity to be heard: heard, or given it and not using it, with the time."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        HearOnBanExtension,
        case_id=case_id,
        happened_at=body.at,
        hearing=body.hearing,
        court=body.court,
    )


@router.post("/cases/{case_id}/extension", response_model=CaseDetailRead)
def extension(case_id: str, body: ExtensionCreate, who: Decider, valvo: App) -> dict[str, Any]:
    """R118 (PKL 2:14): the court extends the ban until ``until`` or refuses, only after the
    person's hearing (``extension_hearing_missing`` otherwise) and while the ban is in force."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        ExtendBan,
        case_id=case_id,
        happened_at=body.at,
        until=body.until,
        court=body.court,
        granted=body.granted,
    )


@router.post("/cases/{case_id}/revocation", response_model=CaseDetailRead)
def revocation(case_id: str, body: RevocationCreate, who: BanDecider, valvo: App) -> dict[str, Any]:
    """R117: revoked at once by the deciding authority when its conditions cease."""
    decider = decided_by(who, ("police", "prosecutor", "court"), body.decided_by)
    return run(
        valvo,
        who,
        RevokeBan,
        case_id=case_id,
        happened_at=body.at,
        decided_by=decider,
        reason=body.reason,
    )


@router.post("/cases/{case_id}/changes", response_model=CaseDetailRead, status_code=201)
def change(case_id: str, body: BanChangeCreate, who: BanDecider, valvo: App) -> dict[str, Any]:
    """R116 (PKL 2:12): the deciding authority changes the content or the duration; the
    domain checks it is the ban's decider (the court for a locality obligation)."""
    decider = decided_by(who, ("police", "prosecutor", "court"), body.decided_by)
    fields = body.model_fields_set
    content: dict[str, Any] = {
        name: getattr(body, name)
        for name in ("permitted_exits", "obligations", "obligation_details")
        if name in fields and getattr(body, name) is not None
    }
    if "obligation_details" in fields and body.obligation_details is None:
        content["obligation_details"] = None
    if "locality_window" in fields:
        window = body.locality_window
        content["locality_window"] = None if window is None else window.model_dump()
    return run(
        valvo,
        who,
        ChangeBan,
        case_id=case_id,
        decided_by=decider,
        happened_at=body.at,
        reason_kind=body.reason_kind,
        reason=body.reason,
        demanded_by_suspect=body.demanded_by_suspect,
        heard_at=body.heard_at,
        content=content,
        new_forbidden_areas=[a.model_dump() for a in body.new_forbidden_areas],
        home_geometry=None if body.home is None else body.home.model_dump(),
        term_ends_at=body.term_ends_at,
        indefinite=body.indefinite,
        area_geometry=None if body.area is None else body.area.model_dump(),
        removed_forbidden_areas=list(body.removed_forbidden_areas),
        effective_from=body.effective_from,
    )


@router.post("/cases/{case_id}/lapse", response_model=CaseDetailRead)
def lapse(case_id: str, who: BanWorker, valvo: App) -> dict[str, Any]:
    """R118: record that the ban ceased by law (60 days without charges, or its term)."""
    return run(valvo, who, LapseBan, case_id=case_id)


@router.post("/cases/{case_id}/violations", response_model=CaseDetailRead, status_code=201)
def violation(case_id: str, body: ViolationCreate, who: BanWorker, valvo: App) -> dict[str, Any]:
    """R122: the category and the response of a police officer entitled to arrest."""
    return run(valvo, who, RecordBanViolation, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/violations/{violation_id}/warning", response_model=CaseDetailRead)
def serve_warning(
    case_id: str, violation_id: str, body: WarningServiceCreate, who: BanWorker, valvo: App
) -> dict[str, Any]:
    """R123: served by a police officer, with proof."""
    return run(
        valvo, who, ServeBanWarning, case_id=case_id, violation_id=violation_id, **body.model_dump()
    )


@router.put("/cases/{case_id}/passport", response_model=CaseDetailRead)
def passport(case_id: str, body: PassportUpdate, who: BanWorker, valvo: App) -> dict[str, Any]:
    """R108 (PKL 2:4)."""
    return run(valvo, who, UpdatePassport, case_id=case_id, status=body.status, on=body.on)


@router.post("/cases/{case_id}/complaints", response_model=CaseDetailRead, status_code=201)
def complaint(case_id: str, body: ComplaintCreate, who: Decider, valvo: App) -> dict[str, Any]:
    """R121, R142 (PKL 2:17): the complaint of the person under the ban against the court's
    decision, recorded as it reaches the court; no time limit, flagged urgent."""
    return run(
        valvo,
        who,
        FileBanComplaint,
        case_id=case_id,
        happened_at=body.at,
        complainant=body.complainant,
        decision_id=body.decision_id,
        grounds=body.grounds,
    )


@router.post("/cases/{case_id}/complaints/{complaint_id}/decision", response_model=CaseDetailRead)
def complaint_decision(
    case_id: str, complaint_id: str, body: ComplaintDecisionCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """R121: the higher court decides the complaint; the urgent flag clears (R142)."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        DecideBanComplaint,
        case_id=case_id,
        complaint_id=complaint_id,
        happened_at=body.at,
        outcome=body.outcome,
        court=body.court,
        reasoning=body.reasoning,
    )


@router.post("/cases/{case_id}/main-hearing", response_model=CaseDetailRead)
def main_hearing(case_id: str, body: MainHearingCreate, who: Decider, valvo: App) -> dict[str, Any]:
    """R119 (PKL 2:15): the court sets the main hearing; the ban is valid until it."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        SetMainHearing,
        case_id=case_id,
        happened_at=body.at,
        hearing_at=body.hearing_at,
        court=body.court,
    )


@router.post("/cases/{case_id}/main-hearing/change", response_model=CaseDetailRead)
def main_hearing_change(
    case_id: str, body: MainHearingChange, who: Decider, valvo: App
) -> dict[str, Any]:
    """R119 (PKL 2:15): cancelled or postponed; the court must decide whether the ban
    continues, and a ban not continued ends."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        ChangeMainHearing,
        case_id=case_id,
        happened_at=body.at,
        change=body.change,
        ban_continues=body.ban_continues,
        court=body.court,
        new_hearing_at=body.new_hearing_at,
    )
