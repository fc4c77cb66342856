"""Bearer tokens (signed JWT, short-lived, naming their login session) and the permission check
every route declares.

Each request looks its session up by primary key, so a logged-out or revoked session's access
token is refused at once. A token whose scope is not ``full`` (a staff user without the required
second factor, or one who must change an administrator's password) is accepted only by the
routes that use :func:`session_principal` (docs/authentication.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, allows
from valvo.services import sessions
from valvo.services.auth import SCOPE_FULL, SCOPE_PASSWORD_CHANGE, Principal
from valvo.web.access import guard_restricted

ALGORITHM = "HS256"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)

_LIMITED = {
    SCOPE_PASSWORD_CHANGE: (
        "this token only allows changing the password (POST /api/auth/password); then log in again"
    ),
}
_ENROL_ONLY = (
    "this token only allows enrolling a second factor (POST /api/auth/totp/enrol, then "
    "/api/auth/totp/confirm); then log in again with a one-time code"
)


def issue_token(valvo: Valvo, principal: Principal, now: datetime) -> str:
    claims = {
        "sub": principal.user_id,
        "name": principal.username,
        "role": principal.role,
        "region": principal.region,
        "sid": principal.session_id,
        "scope": principal.scope,
        "iat": int(now.timestamp()),
        # Unique per token (RFC 7519 JWT ID): a refresh within the same second still gives a
        # new token (seen in CI: the console's refresh returned the token it replaced).
        "jti": uuid.uuid4().hex,
        "exp": int((now + timedelta(minutes=valvo.settings.access_token_minutes)).timestamp()),
    }
    return jwt.encode(claims, valvo.settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def get_valvo(request: Request) -> Valvo:
    valvo: Valvo = request.app.state.valvo
    return valvo


def peer_of(request: Request) -> str | None:
    return request.client.host if request.client else None


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


def session_principal(
    token: Annotated[str | None, Depends(oauth2_scheme)],
    valvo: Annotated[Valvo, Depends(get_valvo)],
) -> Principal:
    """The bearer of a valid token of a live session, whatever the token's scope."""
    if not token:
        raise _unauthorised("not authenticated: log in and send the bearer token")
    try:
        claims = jwt.decode(
            token,
            valvo.settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            # Expiry is checked against Valvo's clock below, not the library's own.
            options={"require": ["exp", "sub", "sid"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as exc:
        raise _unauthorised(f"invalid token: {exc}") from exc
    now = valvo.clock()
    if claims["exp"] <= now.timestamp():
        raise _unauthorised("token expired: refresh it or log in again")
    with valvo.uow() as uow:
        session = uow.auth.session(str(claims["sid"]))
        problem = sessions.session_problem(session, now)
        user = None if session is None else uow.users.get(session["user_id"])
    if problem is not None:
        raise _unauthorised(problem)
    assert session is not None
    if user is None or not user["active"] or claims["sub"] != user["id"]:
        raise _unauthorised("the token does not belong to an active account: log in again")
    # Who the bearer is and what the token allows come from the rows, not from the token's
    # claims: a token re-signed with the key cannot raise its role, region or scope, and a
    # role or region changed by an administrator applies at the next request.
    return Principal(
        user["id"],
        user["username"],
        user["role"],
        user["region"],
        session_id=session["id"],
        scope=session["scope"],
    )


def current_principal(
    principal: Annotated[Principal, Depends(session_principal)],
) -> Principal:
    """The bearer of a full-scope token: what every route but the enrolment ones needs."""
    if principal.scope != SCOPE_FULL:
        raise HTTPException(status.HTTP_403_FORBIDDEN, _LIMITED.get(principal.scope, _ENROL_ONLY))
    return principal


def require(permission: Permission) -> Callable[[Principal, Request], Principal]:
    """A dependency that lets the request through only if the role holds ``permission``."""

    def check(
        principal: Annotated[Principal, Depends(current_principal)], request: Request
    ) -> Principal:
        if not allows(principal.role, permission):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"role {principal.role} may not {permission.value}"
            )
        guard_restricted(get_valvo(request), principal, request)
        return principal

    check.valvo_permissions = (permission,)  # type: ignore[attr-defined]  # see web/access.py
    return check
