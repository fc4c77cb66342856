"""The unit of work of crime matching: the shared one plus the crime repository (batches,
runs, matches and the positions a run reads) on the same connection, so a run's matches and
its audit record are written in one transaction."""

from __future__ import annotations

from typing import Self

from valvo.adapters.db.crimes_repo import SqlCrimeRepository
from valvo.adapters.db.unit_of_work import SqlUnitOfWork


class SqlCrimesUnitOfWork(SqlUnitOfWork):
    crimes: SqlCrimeRepository

    def __enter__(self) -> Self:
        super().__enter__()
        assert self._conn is not None
        self.crimes = SqlCrimeRepository(self._conn, self.scope)
        return self
