"""What the partner routes share: the permission dependencies.

A route that changes something, or reads personal data (the read is audited), hands a command
to ``valvo.bus`` (``services/partners/*_commands.py``); a route that only reads opens
``valvo.partners_uow(scope)``. Every route names its scope: the caller's (``scope_of``), or
``EVERYTHING`` where the route is not about the caseload (the public forms, a partner contact's
one place)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

App = Annotated[Valvo, Depends(get_valvo)]
Reader = Annotated[Principal, Depends(require(Permission.READ_PARTNERS))]
Writer = Annotated[Principal, Depends(require(Permission.WRITE_PARTNERS))]
LocationReader = Annotated[Principal, Depends(require(Permission.READ_LOCATION))]
UserManager = Annotated[Principal, Depends(require(Permission.MANAGE_USERS))]
PartnerContact = Annotated[Principal, Depends(require(Permission.CONFIRM_ATTENDANCE))]
