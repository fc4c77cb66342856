"""Bearer tokens (signed JWT, short-lived) and the permission check every route declares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, allows
from valvo.services.auth import Principal

ALGORITHM = "HS256"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def issue_token(valvo: Valvo, principal: Principal, now: datetime) -> str:
    claims = {
        "sub": principal.user_id,
        "name": principal.username,
        "role": principal.role,
        "region": principal.region,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=valvo.settings.access_token_minutes)).timestamp()),
    }
    return jwt.encode(claims, valvo.settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def get_valvo(request: Request) -> Valvo:
    valvo: Valvo = request.app.state.valvo
    return valvo


def current_principal(
    token: Annotated[str | None, Depends(oauth2_scheme)],
    valvo: Annotated[Valvo, Depends(get_valvo)],
) -> Principal:
    unauthorised = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "not authenticated: log in and send the bearer token",
        headers={"WWW-Authenticate": "Bearer"},
    )
    if not token:
        raise unauthorised
    try:
        claims = jwt.decode(
            token,
            valvo.settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            # Expiry is checked against Valvo's clock below, not the library's own.
            options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as exc:
        unauthorised.detail = f"invalid token: {exc}"
        raise unauthorised from exc
    if claims["exp"] <= valvo.clock().timestamp():
        unauthorised.detail = "token expired: log in again"
        raise unauthorised
    return Principal(claims["sub"], claims["name"], claims["role"], claims.get("region"))


def require(permission: Permission) -> Callable[[Principal], Principal]:
    """A dependency that lets the request through only if the role holds ``permission``."""

    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not allows(principal.role, permission):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"role {principal.role} may not {permission.value}"
            )
        return principal

    check.valvo_permissions = (permission,)  # type: ignore[attr-defined]  # see web/access.py
    return check
