"""What the partner routes share: the unit of work with the partner repository and search
index, the permission dependencies, and the audit record of a read of personal data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, Scope
from valvo.engine.desk_config import desk_config
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

App = Annotated[Valvo, Depends(get_valvo)]
Reader = Annotated[Principal, Depends(require(Permission.READ_PARTNERS))]
Writer = Annotated[Principal, Depends(require(Permission.WRITE_PARTNERS))]
LocationReader = Annotated[Principal, Depends(require(Permission.READ_LOCATION))]
UserManager = Annotated[Principal, Depends(require(Permission.MANAGE_USERS))]
PartnerContact = Annotated[Principal, Depends(require(Permission.CONFIRM_ATTENDANCE))]


def uow(valvo: Valvo, scope: Scope) -> SqlPartnersUnitOfWork:
    """Attendance outcomes raise alarms through the alarm desk's intake, configured as the
    engine's is (handling per order type); ``scope`` keeps the registry reads and the records
    about people (assignments, confirmations, outcomes, relatives, consents) to a region. Every
    route names its scope: the caller's (``scope_of``), or ``EVERYTHING`` where the route is
    not about the caseload (the public forms, a partner contact's one place)."""
    return SqlPartnersUnitOfWork(valvo.db, desk_config(valvo.settings).intake, scope)


def peer(request: Request) -> str | None:
    return f"{request.client.host}:{request.client.port}" if request.client else None
