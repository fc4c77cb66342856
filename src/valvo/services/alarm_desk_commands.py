"""The desk's commands around the queue (periodic review, the shift-handover log) and their
handlers: each decides with ``services.alarm_desk`` in its own transaction, emits a
:class:`FeedNotice` the consoles follow, and commits; the message bus publishes it after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from valvo.services import alarm_desk
from valvo.services.alarm_commands import ALARM_WORK
from valvo.services.bus.events import FeedNotice
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command


@dataclass(frozen=True, kw_only=True)
class ReadReviewQueue(Command):
    """The periodic-review queue; the read is audited. ``interval``: the review interval."""

    interval: timedelta
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ConfirmReview(Command):
    until: datetime
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class AddShiftNote(Command):
    text: str
    region: str | None = None


def read_review_queue(cmd: ReadReviewQueue, uow: Any) -> dict[str, Any]:
    with uow:
        queue = alarm_desk.review_queue(uow, cmd.at, cmd.interval)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="review_queue",
            target_id=None,
            purpose=ALARM_WORK,
            peer=cmd.peer,
            details={"count": len(queue["alarms"])},
        )
        uow.commit()
    return queue


def confirm_review(cmd: ConfirmReview, uow: Any) -> dict[str, Any]:
    with uow:
        review = alarm_desk.confirm_review(uow, cmd.actor, cmd.at, cmd.until, cmd.note)
        uow.emit(FeedNotice(message={"type": "review", "id": review["id"]}))
        uow.commit()
    return review


def add_shift_note(cmd: AddShiftNote, uow: Any) -> dict[str, Any]:
    with uow:
        note = alarm_desk.add_shift_note(uow, cmd.actor, cmd.at, cmd.text, cmd.region)
        message = {"type": "shift_note", "id": note["id"], "region": note.get("region")}
        uow.emit(FeedNotice(message=message))
        uow.commit()
    return note


HANDLERS: dict[type[Command], Handler] = {
    ReadReviewQueue: read_review_queue,
    ConfirmReview: confirm_review,
    AddShiftNote: add_shift_note,
}
