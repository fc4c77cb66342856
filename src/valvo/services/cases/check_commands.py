"""Identity checks of phone monitoring (R38) and sweat patches (R67) as commands for the
message bus. The supervisor's steps on a case are guarded by the case's rule (the work
permission of its type, within the user's scope) and answered with the section the case page
shows; the operator's check outcome is found through the person (within the user's scope) and
raises its alarm through the desk's intake, published after the commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar

from valvo.services.alarm_commands import alarm_changed
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.cases import identity_checks, sweat_patches
from valvo.services.cases.access import guard


@dataclass(frozen=True, kw_only=True)
class CheckStep(Command):
    """A supervisor's step on case ``case_id`` (identity checks or sweat patches)."""

    role: str
    case_id: str


@dataclass(frozen=True, kw_only=True)
class ConfigureIdentityChecks(CheckStep):
    active: bool
    methods: Sequence[str] = ()
    random_per_day: int = 0
    at_presence_start: bool = False
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class ConfigurePatches(CheckStep):
    change_days: int
    lab_percent: int


@dataclass(frozen=True, kw_only=True)
class ApplyPatch(CheckStep):
    code: str
    applied_at: datetime
    applied_by: str


@dataclass(frozen=True, kw_only=True)
class RemovePatch(CheckStep):
    patch_id: str
    removed_at: datetime
    removed_by: str
    removal: str


@dataclass(frozen=True, kw_only=True)
class RecordPatchResult(CheckStep):
    patch_id: str
    result: str
    substance: str | None = None
    laboratory: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordIdentityCheck(Command):
    """The operator's outcome of a check of the person ``subject_id`` (R38)."""

    unit: ClassVar[str] = "partners"  # the alarm desk's intake on the same transaction
    subject_id: str
    trigger: str
    method: str
    outcome: str
    due_at: datetime | None = None
    knows_voice: bool = False
    note: str | None = None


def _arguments(command: Command) -> dict[str, Any]:
    return {f.name: getattr(command, f.name) for f in fields(command) if f.name not in _SKIP}


_SKIP = frozenset({"actor", "at", "role"})


def _step(service: Callable[..., object], section: Callable[..., dict[str, Any]]) -> Handler:
    def handle(command: CheckStep, uow: Any) -> dict[str, Any]:
        with uow:
            guard(uow, command.role, command.case_id, work=True)
            service(uow, command.actor, command.at, **_arguments(command))
            answer = section(uow, command.case_id, command.at)
            uow.commit()
        return answer

    return handle


def record_identity_check(command: RecordIdentityCheck, uow: Any) -> dict[str, Any]:
    with uow:
        row = identity_checks.record(uow, command.actor, command.at, **_arguments(command))
        for alarm in row.pop("_alarms", []):
            uow.emit(alarm_changed(uow, alarm))
        uow.commit()
    return row


HANDLERS: dict[type[Command], Handler] = {
    ConfigureIdentityChecks: _step(identity_checks.configure, identity_checks.section),
    ConfigurePatches: _step(sweat_patches.configure, sweat_patches.section),
    ApplyPatch: _step(sweat_patches.apply_patch, sweat_patches.section),
    RemovePatch: _step(sweat_patches.remove_patch, sweat_patches.section),
    RecordPatchResult: _step(sweat_patches.record_result, sweat_patches.section),
    RecordIdentityCheck: record_identity_check,
}
