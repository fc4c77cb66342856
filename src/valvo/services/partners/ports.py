"""The ports the partner use cases depend on; ``adapters/db`` implements them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from valvo.domain.alarms import Alarm
from valvo.domain.rules.events import BreachStarted
from valvo.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    id: str
    title: str
    snippet: str
    score: float


class PartnersRepository(Protocol):
    def insert(self, table: str, row: Mapping[str, Any]) -> None: ...
    def update(self, table: str, id: str, values: Mapping[str, Any]) -> None: ...
    def get(self, table: str, id: str) -> dict[str, Any] | None: ...
    def data(self, table: str, id: str) -> dict[str, Any] | None: ...
    def find(self, table: str, **filters: Any) -> list[dict[str, Any]]: ...
    def delete(self, table: str, **filters: Any) -> int: ...


class SearchIndex(Protocol):
    """Keyword search across people, organisations, places and services (S79): PostgreSQL
    full-text search or SQLite FTS5, Finnish-aware."""

    def put(self, kind: str, id: str, title: str, body: str, now: datetime) -> None: ...
    def remove(self, kind: str, id: str) -> None: ...
    def search(self, query: str, kinds: Sequence[str], limit: int) -> list[SearchHit]: ...


class AlarmIntake(Protocol):
    """The alarm desk's intake, the same the engine's batches go through, on the use case's
    transaction: new alarms (or occurrences of open ones) with their trail and notices."""

    def take_in(self, events: Sequence[BreachStarted], now: datetime) -> list[Alarm]: ...


class PartnersUnitOfWork(UnitOfWork, Protocol):
    @property
    def partners(self) -> PartnersRepository: ...
    @property
    def search(self) -> SearchIndex: ...
    @property
    def alarm_intake(self) -> AlarmIntake: ...
