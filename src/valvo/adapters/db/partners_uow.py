"""The unit of work of the partner use cases: the shared one plus the partner repository and the
keyword index on the same connection, so a place chosen for a plan writes its zone, the new plan
version, the assignment and the audit record in one transaction."""

from __future__ import annotations

from typing import Self

from valvo.adapters.db.partners_repo import SqlPartnersRepository
from valvo.adapters.db.partners_search import PostgresFtsSearch, SqliteFtsSearch, search_index
from valvo.adapters.db.unit_of_work import SqlUnitOfWork


class SqlPartnersUnitOfWork(SqlUnitOfWork):
    partners: SqlPartnersRepository
    search: SqliteFtsSearch | PostgresFtsSearch

    def __enter__(self) -> Self:
        super().__enter__()
        conn = self._conn
        assert conn is not None
        self.partners = SqlPartnersRepository(conn)
        self.search = search_index(conn)
        return self
