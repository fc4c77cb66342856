"""Versioned thresholds (noise control, issue 20): list the revisions, draft one from the
values in force, edit the draft, publish it with the instant it takes effect. Published
revisions never change. The rules are ``domain/rules/threshold_revisions.py``; every step is
audited, and publishing tells the engines to recompile the rule sets of the order type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from valvo.domain.registry_choices import OrderType
from valvo.domain.rules.threshold_revisions import (
    LIMITS,
    ThresholdError,
    check_editable,
    check_publish,
    effective_at,
    revision_from,
    thresholds_from,
)
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict, InvalidInput, NotFound

MAX_NOTE = 500


@dataclass(frozen=True, kw_only=True)
class ListThresholds(Command):
    order_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class DraftThresholds(Command):
    order_type: str
    values: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class EditThresholds(Command):
    revision_id: str
    values: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class PublishThresholds(Command):
    revision_id: str
    effective_from: datetime


def _order_type(value: str) -> str:
    if value not in {t.value for t in OrderType}:
        known = ", ".join(t.value for t in OrderType)
        raise InvalidInput(f"order_type: {value!r} is not an order type ({known})")
    return value


def _note(value: str) -> str:
    note = value.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"note is longer than {MAX_NOTE} characters")
    return note


def _checked(values: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``values`` applied, as stored (``Thresholds.as_dict``); InvalidInput names
    the value that is wrong."""
    try:
        return thresholds_from({**base, **values}).as_dict()
    except ThresholdError as exc:
        raise InvalidInput(str(exc)) from exc


def _answer(row: dict[str, Any], now: datetime, rows: list[dict[str, Any]]) -> dict[str, Any]:
    current = effective_at(
        [revision_from(r) for r in rows if r["order_type"] == row["order_type"]],
        row["order_type"],
        now,
    )
    return {**row, "in_force": current is not None and current.id == row["id"]}


def _revision(uow: Any, revision_id: str, lock: bool = False) -> dict[str, Any]:
    try:
        number = int(revision_id)
    except ValueError:
        number = -1
    row = uow.thresholds.get(number, lock=lock) if number > 0 else None
    if row is None:
        raise NotFound(f"threshold revision {revision_id} does not exist")
    return dict(row)


def list_revisions(cmd: ListThresholds, uow: Any) -> dict[str, Any]:
    order_type = None if cmd.order_type is None else _order_type(cmd.order_type)
    with uow:
        rows = uow.thresholds.all()
        shown = [r for r in rows if order_type is None or r["order_type"] == order_type]
        return {
            "revisions": [_answer(r, cmd.at, rows) for r in shown],
            "limits": {
                name: {"low": x.low, "high": x.high, "integer": x.integer}
                for name, x in LIMITS.items()
            },
        }


def draft(cmd: DraftThresholds, uow: Any) -> dict[str, Any]:
    order_type = _order_type(cmd.order_type)
    note = _note(cmd.note)
    with uow:
        rows = uow.thresholds.all(order_type)
        current = effective_at([revision_from(r) for r in rows], order_type, cmd.at)
        base: dict[str, Any] = next(
            (r["thresholds"] for r in rows if current and r["id"] == current.id), {}
        )
        values = _checked(cmd.values, base)
        revision_id = uow.thresholds.add_draft(order_type, values, note, cmd.at, cmd.actor)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="thresholds_drafted",
            target_type="threshold_revision",
            target_id=str(revision_id),
            details={"order_type": order_type, "values": values},
        )
        answer = _answer(uow.thresholds.get(revision_id), cmd.at, uow.thresholds.all())
        uow.commit()
        return answer


def edit(cmd: EditThresholds, uow: Any) -> dict[str, Any]:
    with uow:
        row = _revision(uow, cmd.revision_id, lock=True)
        try:
            check_editable(revision_from(row))
        except ThresholdError as exc:
            raise Conflict(str(exc)) from exc
        values = _checked(cmd.values, row["thresholds"])
        note = row["note"] if cmd.note is None else _note(cmd.note)
        uow.thresholds.edit_draft(row["id"], values, note, cmd.at, cmd.actor)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="thresholds_edited",
            target_type="threshold_revision",
            target_id=str(row["id"]),
            details={"order_type": row["order_type"], "values": values},
        )
        answer = _answer(uow.thresholds.get(row["id"]), cmd.at, uow.thresholds.all())
        uow.commit()
        return answer


def publish(cmd: PublishThresholds, uow: Any) -> dict[str, Any]:
    with uow:
        row = _revision(uow, cmd.revision_id, lock=True)
        others = [revision_from(r) for r in uow.thresholds.all(row["order_type"])]
        try:
            check_publish(revision_from(row), cmd.effective_from, cmd.at, others)
        except ThresholdError as exc:
            conflict = "published" in str(exc) or "already takes effect" in str(exc)
            raise (Conflict if conflict else InvalidInput)(str(exc)) from exc
        uow.thresholds.publish(row["id"], cmd.effective_from, cmd.at, cmd.actor)
        people = uow.thresholds.note_rule_changes(
            row["order_type"], f"thresholds revision {row['id']} published", cmd.at
        )
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="thresholds_published",
            target_type="threshold_revision",
            target_id=str(row["id"]),
            details={
                "order_type": row["order_type"],
                "effective_from": cmd.effective_from.isoformat(),
                "people": people,
            },
        )
        answer = _answer(uow.thresholds.get(row["id"]), cmd.at, uow.thresholds.all())
        uow.commit()
        return answer


HANDLERS: dict[type[Command], Handler] = {
    ListThresholds: list_revisions,
    DraftThresholds: draft,
    EditThresholds: edit,
    PublishThresholds: publish,
}
