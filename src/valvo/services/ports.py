"""The ports use cases depend on; adapters implement them (SQL, in-process or NATS bus)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from valvo.domain.alarms import Alarm


class RegistryRepository(Protocol):
    def insert(self, table: str, row: Mapping[str, Any]) -> None: ...
    def get(self, table: str, id: str) -> dict[str, Any] | None: ...
    def find(self, table: str, **filters: Any) -> list[dict[str, Any]]: ...
    def device_by_identifier(self, identifier: str) -> dict[str, Any] | None: ...
    def active_assignment_of_device(self, device_id: str) -> dict[str, Any] | None: ...
    def next_schedule_version(self, order_id: str) -> int: ...
    def note_rule_change(self, subject_id: str, reason: str, at: datetime) -> int: ...
    def latest_positions(self, subject_ids: Sequence[str] | None) -> list[dict[str, Any]]: ...
    def positions(
        self, subject_id: str, start: datetime, end: datetime
    ) -> list[dict[str, Any]]: ...


class AlarmRepository(Protocol):
    def get(self, alarm_id: str) -> Alarm | None: ...
    def save(self, alarm: Alarm) -> None: ...
    def find(
        self, status: str | None, subject_id: str | None, limit: int
    ) -> list[dict[str, Any]]: ...


class UserRepository(Protocol):
    def by_username(self, username: str) -> dict[str, Any] | None: ...
    def insert(self, row: Mapping[str, Any]) -> None: ...


class AuditTrail(Protocol):
    def record(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        target_type: str,
        target_id: str | None,
        purpose: str | None = None,
        peer: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None: ...


class UnitOfWork(Protocol):
    @property
    def registry(self) -> RegistryRepository: ...
    @property
    def alarms(self) -> AlarmRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def audit(self) -> AuditTrail: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class LiveFeed(Protocol):
    """Publishes events to live subscribers (the console's SSE stream)."""

    def publish(self, event: Mapping[str, Any]) -> None: ...
