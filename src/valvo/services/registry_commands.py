"""The registry's commands: register a person, an order, a device, an assignment, a zone or a
plan (each decided and audited by ``services.registry``), and the audited reads of its rows.
``fields`` holds what the form or body gave, as ``services.registry`` takes it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from valvo.services import registry, registry_changes
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import NotFound


@dataclass(frozen=True, kw_only=True)
class RegistryWrite(Command):
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CreateSubject(RegistryWrite):
    pass


@dataclass(frozen=True, kw_only=True)
class CreateOrder(RegistryWrite):
    pass


@dataclass(frozen=True, kw_only=True)
class SetSchedule(RegistryWrite):
    """``fields``: order_id, weekly, one_off, reason."""


@dataclass(frozen=True, kw_only=True)
class RegisterDevice(RegistryWrite):
    """``fields`` include the region the device belongs to (the registering user's)."""


@dataclass(frozen=True, kw_only=True)
class AssignDevice(RegistryWrite):
    pass


@dataclass(frozen=True, kw_only=True)
class AddZone(RegistryWrite):
    pass


@dataclass(frozen=True, kw_only=True)
class SetRfRange(RegistryWrite):
    """``fields``: device_id, rf_range_m (R34)."""


@dataclass(frozen=True, kw_only=True)
class EndZone(RegistryWrite):
    """``fields``: zone_id, valid_to (R116)."""


@dataclass(frozen=True, kw_only=True)
class EditSubject(RegistryWrite):
    """``fields``: subject_id and the fields to change."""


@dataclass(frozen=True, kw_only=True)
class EndOrder(RegistryWrite):
    """``fields``: order_id, reason, ends_at (optional)."""


@dataclass(frozen=True, kw_only=True)
class EndAssignment(RegistryWrite):
    """``fields``: assignment_id, reason."""


@dataclass(frozen=True, kw_only=True)
class SwapDevice(RegistryWrite):
    """``fields``: assignment_id, device_id (the new one), reason."""


@dataclass(frozen=True, kw_only=True)
class EditZone(RegistryWrite):
    """``fields``: zone_id and name, kind, geometry (with radius_m) to change."""


@dataclass(frozen=True, kw_only=True)
class EditDevice(RegistryWrite):
    """``fields``: device_id, model."""


@dataclass(frozen=True, kw_only=True)
class ReadRows(Command):
    """The rows of ``table`` the reader's scope holds, matching ``filters``; audited."""

    table: str
    filters: Mapping[str, Any] = field(default_factory=dict)
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadRow(Command):
    """One row of ``table``, ``what`` it is (the audit's target type and the 404's word)."""

    table: str
    what: str
    id: str
    peer: str | None = None


_DECIDE: dict[type[RegistryWrite], Callable[..., dict[str, Any]]] = {
    CreateSubject: registry.create_subject,
    CreateOrder: registry.create_order,
    SetSchedule: registry.set_schedule,
    RegisterDevice: registry.register_device,
    AssignDevice: registry.assign_device,
    AddZone: registry.add_zone,
    EndZone: registry.end_zone,
    SetRfRange: registry.set_rf_range,
    EditSubject: registry_changes.edit_subject,
    EndOrder: registry_changes.end_order,
    EndAssignment: registry_changes.end_assignment,
    SwapDevice: registry_changes.swap_device,
    EditZone: registry_changes.edit_zone,
    EditDevice: registry_changes.edit_device,
}


def register(cmd: RegistryWrite, uow: Any) -> dict[str, Any]:
    with uow:
        row = _DECIDE[type(cmd)](uow, cmd.actor, cmd.at, **cmd.fields)
        uow.commit()
    return row


def read_rows(cmd: ReadRows, uow: Any) -> list[dict[str, Any]]:
    with uow:
        rows: list[dict[str, Any]] = uow.registry.find(cmd.table, **cmd.filters)
        given = {k: v for k, v in cmd.filters.items() if v is not None}
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type=cmd.table,
            target_id=None,
            peer=cmd.peer,
            details={"count": len(rows), **given},
        )
        uow.commit()
    return rows


def read_row(cmd: ReadRow, uow: Any) -> dict[str, Any]:
    with uow:
        row: dict[str, Any] | None = uow.registry.get(cmd.table, cmd.id)
        if row is None:
            raise NotFound(f"{cmd.what} {cmd.id} does not exist")
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type=cmd.what,
            target_id=cmd.id,
            peer=cmd.peer,
        )
        uow.commit()
    return row


HANDLERS: dict[type[Command], Handler] = {
    **{kind: register for kind in _DECIDE},
    ReadRows: read_rows,
    ReadRow: read_row,
}
