"""One transaction per use case: repositories share a connection; leaving without commit rolls
back, so nothing is half-stored."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.acting_repo import SqlActingRepository
from valvo.adapters.db.alarm_evidence_repo import SqlEvidenceReader
from valvo.adapters.db.alarm_repo import SqlAlarmRepository
from valvo.adapters.db.audit_trail import SqlAuditTrail
from valvo.adapters.db.auth_repo import SqlAuthRepository
from valvo.adapters.db.caseload_board import SqlCaseloadBoard
from valvo.adapters.db.cases_repo import SqlCaseRepository
from valvo.adapters.db.device_feed import SqlDeviceFeed
from valvo.adapters.db.followup_repo import SqlFollowUpReader
from valvo.adapters.db.frame_evidence import SqlFrameEvidence
from valvo.adapters.db.history_reads import SqlHistoryReader
from valvo.adapters.db.registry_repo import SqlRegistryRepository
from valvo.adapters.db.restrictions import SqlRestrictions
from valvo.adapters.db.sentence_repo import SqlSentenceRepository
from valvo.adapters.db.stock_repo import SqlStockRepository
from valvo.adapters.db.tables import users
from valvo.adapters.db.threshold_repo import SqlThresholdRevisions
from valvo.domain.security import EVERYTHING, Scope
from valvo.services.bus.messagebus import EventCollector
from valvo.services.bus.messages import Event


class SqlUserRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def by_username(self, username: str) -> dict[str, Any] | None:
        row = self._conn.execute(select(users).where(users.c.username == username)).mappings()
        found = row.first()
        return None if found is None else dict(found)

    def get(self, user_id: str) -> dict[str, Any] | None:
        found = self._conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
        return None if found is None else dict(found)

    def all(self) -> list[dict[str, Any]]:
        query = select(users).order_by(users.c.username)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def insert(self, row: Any) -> None:
        self._conn.execute(insert(users), [dict(row)])

    def update(self, user_id: str, values: Any) -> None:
        self._conn.execute(update(users).where(users.c.id == user_id).values(**dict(values)))


class SqlUnitOfWork:
    registry: SqlRegistryRepository
    cases: SqlCaseRepository
    sentences: SqlSentenceRepository
    alarms: SqlAlarmRepository
    users: SqlUserRepository
    audit: SqlAuditTrail
    auth: SqlAuthRepository
    followup: SqlFollowUpReader
    evidence: SqlFrameEvidence
    board: SqlCaseloadBoard
    alarm_evidence: SqlEvidenceReader
    history: SqlHistoryReader
    restrictions: SqlRestrictions
    thresholds: SqlThresholdRevisions
    acting: SqlActingRepository
    stock: SqlStockRepository
    device_feed: SqlDeviceFeed

    def __init__(self, engine: Engine, scope: Scope = EVERYTHING) -> None:
        """``scope``: the part of the caseload this use case sees (a user's region); every
        read of the registry, alarms and cases keeps to it."""
        self._engine = engine
        self._conn: Connection | None = None
        self.scope = scope
        self._events = EventCollector()

    def __enter__(self) -> Self:
        conn = self._engine.connect()
        conn.begin()
        self._conn = conn
        self.registry = SqlRegistryRepository(conn, self.scope)
        self.cases = SqlCaseRepository(conn, self.scope)
        self.sentences = SqlSentenceRepository(self.cases)
        self.alarms = SqlAlarmRepository(conn, self.scope)
        self.users = SqlUserRepository(conn)
        self.audit = SqlAuditTrail(conn)
        self.auth = SqlAuthRepository(conn)
        self.followup = SqlFollowUpReader(conn, self.scope)
        self.evidence = SqlFrameEvidence(conn)
        self.board = SqlCaseloadBoard(conn, self.scope)
        self.alarm_evidence = SqlEvidenceReader(conn)
        self.history = SqlHistoryReader(conn, self.scope)
        self.restrictions = SqlRestrictions(conn)
        self.thresholds = SqlThresholdRevisions(conn)
        self.acting = SqlActingRepository(conn, self.scope)
        self.stock = SqlStockRepository(conn, self.scope)
        self.device_feed = SqlDeviceFeed(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._conn is not None
        try:
            if self._conn.in_transaction():
                self._conn.rollback()
        finally:
            self._events.discard_pending()
            self._conn.close()
            self._conn = None

    def commit(self) -> None:
        assert self._conn is not None
        self._conn.commit()
        self._events.release_on_commit()

    def emit(self, event: Event) -> None:
        """Publish ``event`` after this unit of work commits (through the message bus)."""
        self._events.emit(event)

    def collect_events(self) -> list[Event]:
        return self._events.collect_events()
