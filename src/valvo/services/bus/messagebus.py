"""The message bus: one place where a command meets its handler and a committed change meets
the live feed (after cosmicpython's ``messagebus.py``, adapted: handlers return their result so a
route can answer with it, and events are published only after the handler committed)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Protocol, TypeVar

from valvo.domain.security import EVERYTHING, Scope
from valvo.services.bus.messages import Command, Event

C = TypeVar("C", bound=Command)


class EventSink(Protocol):
    """Where a handler's unit of work collects its events until the commit."""

    def emit(self, event: Event) -> None: ...
    def collect_events(self) -> list[Event]: ...


Handler = Callable[..., Any]
"""``handler(command, uow, **collaborators) -> result``: opens ``with uow:``, decides, emits,
commits. Its keyword-only parameters name the collaborators it needs (``hasher``,
``secret_box``, ...): the bus passes them from its ``dependencies`` (after cosmicpython's
``inject_dependencies``)."""


class UnknownCommand(LookupError):
    pass


class MessageBus:
    def __init__(
        self,
        uows: Mapping[str, Callable[[Scope], Any]],
        publish: Callable[[Event], None],
        handlers: Mapping[type[Command], Handler],
        dependencies: Mapping[str, Callable[[], Any]] | None = None,
    ) -> None:
        """``dependencies``: by name, how to make each collaborator a handler may ask for
        (made only when a handler asks)."""
        self._uows = dict(uows)
        self._publish = publish
        self._handlers = dict(handlers)
        self._dependencies = dict(dependencies or {})

    def handle(self, command: Command, scope: Scope = EVERYTHING) -> Any:
        """Run ``command``'s handler in a unit of work that sees ``scope``; then publish what it
        emitted, once. A handler that raised, or left without committing, publishes nothing."""
        handler = self._handlers.get(type(command))
        if handler is None:
            raise UnknownCommand(f"no handler for {type(command).__name__}")
        uow = self._uows[command.unit](scope)
        given = {name: self._dependencies[name]() for name in _collaborators(handler)}
        result = handler(command, uow, **given)
        for event in uow.collect_events():
            self._publish(event)
        return result


@cache
def _collaborators(handler: Handler) -> tuple[str, ...]:
    """The names of ``handler``'s keyword-only parameters."""
    parameters = inspect.signature(handler).parameters.values()
    return tuple(p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY)


class EventCollector:
    """A unit of work's events: emitted while it works, released only by its commit (an
    event of a rolled-back change is never published)."""

    def __init__(self) -> None:
        self._pending: list[Event] = []
        self._committed: list[Event] = []

    def emit(self, event: Event) -> None:
        self._pending.append(event)

    def release_on_commit(self) -> None:
        self._committed.extend(self._pending)
        self._pending.clear()

    def discard_pending(self) -> None:
        self._pending.clear()

    def collect_events(self) -> list[Event]:
        events, self._committed = self._committed, []
        return events
