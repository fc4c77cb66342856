"""Authentication: the OAuth2 password flow with an optional one-time code (``otp``), refresh
with rotation, logout, changing one's password, and enrolling a TOTP second factor."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from valvo.bootstrap import Valvo
from valvo.services import auth, second_factor, sessions, users
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, issue_token, peer_of, session_principal
from valvo.web.schemas import Token
from valvo.web.schemas_auth import (
    PasswordChange,
    PasswordChanged,
    RefreshRequest,
    TotpCode,
    TotpEnrolment,
)

router = APIRouter(prefix="/api/auth", tags=["auth"])

App = Annotated[Valvo, Depends(get_valvo)]
Anyone = Annotated[Principal, Depends(session_principal)]


def _token(valvo: Valvo, grant: sessions.Grant, now: datetime) -> Token:
    principal = grant.principal
    minutes = valvo.settings.access_token_minutes
    return Token(
        access_token=issue_token(valvo, principal, now),
        role=principal.role,
        username=principal.username,
        refresh_token=grant.refresh_token,
        expires_in=minutes * 60,
        scope=principal.scope,
    )


@router.post("/token", response_model=Token)
def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    valvo: App,
    otp: Annotated[str | None, Form(max_length=16)] = None,
) -> Token:
    """Log in with username, password and, for a user with a second factor, ``otp``."""
    now = valvo.clock()
    peer = peer_of(request)
    with valvo.uow() as uow:
        result = auth.log_in(
            uow,
            valvo.hasher,
            valvo.secret_box,
            valvo.login_policy,
            username=form.username,
            password=form.password,
            otp=otp,
            now=now,
            peer=peer,
        )
        grant = None
        if result.principal is not None:
            lifetime = timedelta(hours=valvo.settings.session_hours)
            grant = sessions.start(uow, result.principal, now, lifetime, peer)
        uow.commit()
    if grant is None:
        refusal = result.refusal
        assert refusal is not None
        if refusal.retry_after_s is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                refusal.detail,
                headers={"Retry-After": str(refusal.retry_after_s)},
            )
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, refusal.detail, headers={"WWW-Authenticate": "Bearer"}
        )
    return _token(valvo, grant, now)


@router.post("/refresh", response_model=Token)
def refresh(body: RefreshRequest, valvo: App) -> Token:
    """Spend the refresh token for a new access token and the next refresh token."""
    now = valvo.clock()
    with valvo.uow() as uow:
        outcome = sessions.rotate(uow, body.refresh_token, now)
        uow.commit()
    if isinstance(outcome, sessions.Refused):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, outcome.detail, headers={"WWW-Authenticate": "Bearer"}
        )
    return _token(valvo, outcome, now)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(who: Anyone, valvo: App) -> None:
    """End this session: its access and refresh tokens are refused from now on."""
    assert who.session_id is not None
    with valvo.uow() as uow:
        sessions.end(uow, who.session_id, who.username, valvo.clock(), "logout")
        uow.commit()


@router.post("/password", response_model=PasswordChanged)
def change_password(body: PasswordChange, who: Anyone, valvo: App) -> PasswordChanged:
    """Change one's own password; the user's other sessions end."""
    with valvo.uow() as uow:
        relogin = users.change_own_password(
            uow, valvo.hasher, who, valvo.clock(), body.current_password, body.new_password
        )
        uow.commit()
    detail = "password changed; log in again" if relogin else "password changed"
    return PasswordChanged(detail=detail, log_in_again=relogin)


@router.post("/totp/enrol", response_model=TotpEnrolment)
def totp_enrol(who: Anyone, valvo: App) -> TotpEnrolment:
    """Start enrolling a second factor: the secret and otpauth:// URI are shown this once."""
    with valvo.uow() as uow:
        started = second_factor.start_enrolment(
            uow, valvo.secret_box, who, valvo.clock(), valvo.settings.totp_issuer
        )
        uow.commit()
    return TotpEnrolment(secret=started.secret, otpauth_uri=started.otpauth_uri)


@router.post("/totp/confirm", status_code=status.HTTP_204_NO_CONTENT)
def totp_confirm(body: TotpCode, who: Anyone, valvo: App) -> None:
    """Confirm enrolment with the code the app shows; from then on logins need a code."""
    with valvo.uow() as uow:
        second_factor.confirm(uow, valvo.secret_box, who, body.code, valvo.clock())
        uow.commit()
