"""The message bus publishes what a handler emitted once, only after the handler committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import pytest

from valvo.domain.security import EVERYTHING, Scope
from valvo.services.bus.events import FeedNotice
from valvo.services.bus.messagebus import EventCollector, MessageBus, UnknownCommand
from valvo.services.bus.messages import Command, Event

AT = datetime(2030, 1, 1, tzinfo=UTC)


class FakeUow:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.events = EventCollector()
        self.committed = False

    def __enter__(self) -> FakeUow:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.events.discard_pending()

    def commit(self) -> None:
        self.committed = True
        self.events.release_on_commit()

    def emit(self, event: Event) -> None:
        self.events.emit(event)

    def collect_events(self) -> list[Event]:
        return self.events.collect_events()


@dataclass(frozen=True, kw_only=True)
class Note(Command):
    text: str
    commit: bool = True
    fail: bool = False


def handle_note(cmd: Note, uow: FakeUow) -> str:
    with uow:
        uow.emit(FeedNotice(message={"type": "note", "text": cmd.text, "scope": uow.scope.region}))
        if cmd.fail:
            raise ValueError("refused")
        if cmd.commit:
            uow.commit()
    return cmd.text.upper()


def make_bus() -> tuple[MessageBus, list[dict[str, object]]]:
    published: list[dict[str, object]] = []
    bus = MessageBus(
        {"core": FakeUow}, lambda e: published.append(e.feed_message()), {Note: handle_note}
    )
    return bus, published


def test_a_committed_handler_s_events_are_published_once_with_its_result() -> None:
    bus, published = make_bus()
    assert bus.handle(Note(actor="op", at=AT, text="hi"), Scope("Etelä-Suomi")) == "HI"
    assert published == [{"type": "note", "text": "hi", "scope": "Etelä-Suomi"}]


def test_nothing_is_published_when_the_handler_did_not_commit_or_raised() -> None:
    bus, published = make_bus()
    bus.handle(Note(actor="op", at=AT, text="draft", commit=False), EVERYTHING)
    with pytest.raises(ValueError, match="refused"):
        bus.handle(Note(actor="op", at=AT, text="bad", fail=True), EVERYTHING)
    assert published == []


def test_a_command_without_a_handler_is_refused_by_name() -> None:
    bus, _ = make_bus()

    @dataclass(frozen=True, kw_only=True)
    class Unknown(Command):
        pass

    with pytest.raises(UnknownCommand, match="Unknown"):
        bus.handle(Unknown(actor="op", at=AT))


def test_the_feed_notice_carries_its_message_unchanged() -> None:
    message: dict[str, Any] = {"type": "shift_note", "id": 3, "region": None}
    assert FeedNotice(message=message).feed_message() == message


@dataclass(frozen=True, kw_only=True)
class Greet(Command):
    name: str


def handle_greet(cmd: Greet, uow: FakeUow, *, greeting: str) -> str:
    return f"{greeting}, {cmd.name}"


def test_a_handler_gets_the_collaborators_its_keyword_parameters_name() -> None:
    made: list[str] = []

    def greeting() -> str:
        made.append("greeting")
        return "hello"

    bus = MessageBus(
        {"core": FakeUow},
        lambda event: None,
        {Greet: handle_greet, Note: handle_note},
        {"greeting": greeting, "unused": lambda: made.append("unused")},
    )
    assert bus.handle(Greet(actor="a", at=AT, name="Ada")) == "hello, Ada"
    bus.handle(Note(actor="a", at=AT, text="x"))
    assert made == ["greeting"]  # made only for the handler that asks
