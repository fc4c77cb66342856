"""``GET /api/auth/me``: who the bearer is and what the role may do, so the console shows only
the pages and buttons the role can use (the server still checks every request)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from valvo.domain.security import ROLES
from valvo.services.auth import Principal
from valvo.web.auth import session_principal

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.get("/me")
def me(who: Annotated[Principal, Depends(session_principal)]) -> dict[str, Any]:
    """The signed-in user's name, role, region (null: every region), the token's scope and the
    role's permission names, sorted."""
    return {
        "username": who.username,
        "role": who.role,
        "region": who.region,
        "scope": who.scope,
        "permissions": sorted(p.value for p in ROLES.get(who.role, frozenset())),
    }
