"""The unit of work of the partner use cases: the shared one plus the partner repository and the
keyword index on the same connection, so a place chosen for a plan writes its zone, the new plan
version, the assignment and the audit record in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self

from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.alarm_intake import SqlIntakeReads, write_alarms
from valvo.adapters.db.partners_repo import SqlPartnersRepository
from valvo.adapters.db.partners_search import PostgresFtsSearch, SqliteFtsSearch, search_index
from valvo.adapters.db.unit_of_work import SqlUnitOfWork
from valvo.domain.alarms import Alarm
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules.events import BreachStarted
from valvo.domain.security import EVERYTHING, Scope
from valvo.services.engine.intake import take_in_breaches


class SqlAlarmIntake:
    """The engine's alarm intake (``services/engine/intake.py``) on the unit of work's
    connection: decided, then written."""

    def __init__(self, conn: Connection, policy: IntakePolicy) -> None:
        self._conn = conn
        self._policy = policy

    def take_in(self, events: Sequence[BreachStarted], now: datetime) -> list[Alarm]:
        intake = take_in_breaches(SqlIntakeReads(self._conn), events, now, self._policy)
        write_alarms(self._conn, intake.new, intake.changed)
        return intake.alarms


class SqlPartnersUnitOfWork(SqlUnitOfWork):
    partners: SqlPartnersRepository
    search: SqliteFtsSearch | PostgresFtsSearch
    alarm_intake: SqlAlarmIntake

    def __init__(
        self, engine: Engine, intake: IntakePolicy | None = None, scope: Scope = EVERYTHING
    ) -> None:
        super().__init__(engine, scope)
        self._intake_policy = intake or IntakePolicy()

    def __enter__(self) -> Self:
        super().__enter__()
        conn = self._conn
        assert conn is not None
        self.partners = SqlPartnersRepository(conn, self.scope)
        self.search = search_index(conn)
        self.alarm_intake = SqlAlarmIntake(conn, self._intake_policy)
        return self
