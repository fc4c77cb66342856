"""Identity checks of phone monitoring (R38; 7.1.3) and sweat patches (R67; 5.2).

``/cases/{case_id}/identity-checks``: the case's supervisor (the work permission of its type)
configures the checks and reads them; ``/identity-checks`` is the operators' list of the day's
checks in their scope, and ``/subjects/{subject_id}/identity-checks`` records an outcome
(``alarms:work``; a failed or unanswered check raises an alarm on the desk).
``/cases/{case_id}/sweat-patches``: the sentence's supervisor records patches, removals and
the laboratory's results."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import AwareDatetime, Field

from valvo.domain.cases.identity_checks import MAX_NOTE, MAX_RANDOM_PER_DAY
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.cases import check_commands as c
from valvo.services.cases import identity_checks, sweat_patches
from valvo.services.cases.access import guard
from valvo.web.access import scope_of
from valvo.web.api.cases.access import App, CaseWorker, SentenceWorker, require_any
from valvo.web.schemas import Strict

router = APIRouter()
DeskWorker = Annotated[Principal, Depends(require_any(Permission.WORK_ALARMS))]


def _step(valvo: Any, who: Principal, command: type[c.CheckStep], **fields: Any) -> Any:
    asked = command(actor=who.username, at=valvo.clock(), role=who.role, **fields)
    return valvo.bus.handle(asked, scope_of(who))


# --- identity checks (R38) -------------------------------------------------------------------


@router.get("/cases/{case_id}/identity-checks")
def case_identity_checks(case_id: str, who: CaseWorker, valvo: App) -> dict[str, Any]:
    """The configuration, today's checks, the checks worked, and whether presence is verified."""
    with valvo.uow(scope_of(who)) as uow:
        guard(uow, who.role, case_id, work=True)
        return identity_checks.section(uow, case_id, valvo.clock())


class IdentityConfigSet(Strict):
    """``methods``: voice, questions, video; random checks a day (0–6) within required
    presence and the calling hours; a check when required presence begins."""

    active: bool
    methods: list[Literal["voice", "questions", "video"]] = Field(default=[], max_length=3)
    random_per_day: int = Field(default=0, ge=0, le=MAX_RANDOM_PER_DAY)
    at_presence_start: bool = False
    reason: str | None = Field(default=None, max_length=2000)


@router.put("/cases/{case_id}/identity-checks/config")
def configure_identity_checks(
    case_id: str, body: IdentityConfigSet, who: CaseWorker, valvo: App
) -> dict[str, Any]:
    """R38: the case's identity checks from now on (the one before is kept)."""
    answer: dict[str, Any] = _step(
        valvo, who, c.ConfigureIdentityChecks, case_id=case_id, **body.model_dump()
    )
    return answer


@router.get("/identity-checks")
def desk_identity_checks(who: DeskWorker, valvo: App) -> list[dict[str, Any]]:
    """The day's identity checks of the people in the operator's scope, overdue and open
    first."""
    with valvo.uow(scope_of(who)) as uow:
        return identity_checks.desk(uow, valvo.clock())


class IdentityCheckRecord(Strict):
    """A planned check (``trigger`` random or presence_start with its ``due_at``) or one
    started by hand (``manual``); ``knows_voice``: the operator knows the person's voice."""

    trigger: Literal["random", "presence_start", "manual"]
    due_at: AwareDatetime | None = None
    method: Literal["voice", "questions", "video"]
    outcome: Literal["passed", "failed", "no_answer"]
    knows_voice: bool = False
    note: str | None = Field(default=None, max_length=MAX_NOTE)


@router.post("/subjects/{subject_id}/identity-checks", status_code=201)
def record_identity_check(
    subject_id: str, body: IdentityCheckRecord, who: DeskWorker, valvo: App
) -> dict[str, Any]:
    """R38: the outcome; failed or no answer raises an ``identity_check_failed`` alarm."""
    command = c.RecordIdentityCheck(
        actor=who.username, at=valvo.clock(), subject_id=subject_id, **body.model_dump()
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


# --- sweat patches (R67) ---------------------------------------------------------------------


@router.get("/cases/{case_id}/sweat-patches")
def case_sweat_patches(case_id: str, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """The configuration, every patch with its draw and result, and an overdue change."""
    with valvo.uow(scope_of(who)) as uow:
        guard(uow, who.role, case_id, work=True)
        return sweat_patches.section(uow, case_id, valvo.clock())


class PatchConfigSet(Strict):
    change_days: int = Field(ge=1, le=14)
    lab_percent: int = Field(ge=1, le=100)


@router.put("/cases/{case_id}/sweat-patches/config")
def configure_patches(
    case_id: str, body: PatchConfigSet, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """How often the patch is changed and what share of removed patches is analysed."""
    answer: dict[str, Any] = _step(
        valvo, who, c.ConfigurePatches, case_id=case_id, **body.model_dump()
    )
    return answer


class PatchApply(Strict):
    code: str = Field(max_length=60)
    applied_at: AwareDatetime
    applied_by: str = Field(max_length=200)


@router.post("/cases/{case_id}/sweat-patches", status_code=201)
def apply_patch(case_id: str, body: PatchApply, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """R67: a patch applied; its change falls due on the deadline monitor."""
    answer: dict[str, Any] = _step(valvo, who, c.ApplyPatch, case_id=case_id, **body.model_dump())
    return answer


class PatchRemove(Strict):
    removed_at: AwareDatetime
    removed_by: str = Field(max_length=200)
    removal: Literal["intact", "tampered"]


@router.post("/cases/{case_id}/sweat-patches/{patch_id}/removal")
def remove_patch(
    case_id: str, patch_id: str, body: PatchRemove, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """R67: removed intact (drawn for the laboratory) or tampered (a breach)."""
    answer: dict[str, Any] = _step(
        valvo, who, c.RemovePatch, case_id=case_id, patch_id=patch_id, **body.model_dump()
    )
    return answer


class PatchResult(Strict):
    result: Literal["positive", "negative"]
    substance: str | None = Field(default=None, max_length=100)
    laboratory: str | None = Field(default=None, max_length=200)


@router.post("/cases/{case_id}/sweat-patches/{patch_id}/lab-result")
def patch_result(
    case_id: str, patch_id: str, body: PatchResult, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """R67: the laboratory's result of a drawn patch, a ``sweat_patch`` substance test."""
    answer: dict[str, Any] = _step(
        valvo, who, c.RecordPatchResult, case_id=case_id, patch_id=patch_id, **body.model_dump()
    )
    return answer
