"""Authentication: the OAuth2 password flow with an optional one-time code (``otp``), refresh
with rotation, logout, changing one's password, and enrolling a TOTP second factor."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from valvo.bootstrap import Valvo
from valvo.services import second_factor, sessions
from valvo.services.auth import LoginRefusal, Principal
from valvo.services.auth_commands import (
    ChangeOwnPassword,
    ConfirmTotp,
    LogIn,
    LogOut,
    RefreshSession,
    StartTotpEnrolment,
)
from valvo.web.api.accounts.schemas import (
    PasswordChange,
    PasswordChanged,
    RefreshRequest,
    TotpCode,
    TotpEnrolment,
)
from valvo.web.auth import get_valvo, issue_token, peer_of, session_principal
from valvo.web.schemas import Token

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
    command = LogIn(
        actor=form.username,
        at=now,
        password=form.password,
        otp=otp,
        peer=peer_of(request),
        session_lifetime=timedelta(hours=valvo.settings.session_hours),
    )
    outcome: sessions.Grant | LoginRefusal = valvo.bus.handle(command)
    if isinstance(outcome, LoginRefusal):
        if outcome.retry_after_s is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                outcome.detail,
                headers={"Retry-After": str(outcome.retry_after_s)},
            )
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, outcome.detail, headers={"WWW-Authenticate": "Bearer"}
        )
    return _token(valvo, outcome, now)


@router.post("/refresh", response_model=Token)
def refresh(body: RefreshRequest, valvo: App) -> Token:
    """Spend the refresh token for a new access token and the next refresh token."""
    now = valvo.clock()
    command = RefreshSession(actor="anonymous", at=now, refresh_token=body.refresh_token)
    outcome: sessions.Grant | sessions.Refused = valvo.bus.handle(command)
    if isinstance(outcome, sessions.Refused):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, outcome.detail, headers={"WWW-Authenticate": "Bearer"}
        )
    return _token(valvo, outcome, now)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(who: Anyone, valvo: App) -> None:
    """End this session: its access and refresh tokens are refused from now on."""
    assert who.session_id is not None
    valvo.bus.handle(LogOut(actor=who.username, at=valvo.clock(), session_id=who.session_id))


@router.post("/password", response_model=PasswordChanged)
def change_password(body: PasswordChange, who: Anyone, valvo: App) -> PasswordChanged:
    """Change one's own password; the user's other sessions end."""
    command = ChangeOwnPassword(
        actor=who.username,
        at=valvo.clock(),
        who=who,
        current_password=body.current_password,
        new_password=body.new_password,
    )
    relogin: bool = valvo.bus.handle(command)
    detail = "password changed; log in again" if relogin else "password changed"
    return PasswordChanged(detail=detail, log_in_again=relogin)


@router.post("/totp/enrol", response_model=TotpEnrolment)
def totp_enrol(who: Anyone, valvo: App) -> TotpEnrolment:
    """Start enrolling a second factor: the secret and otpauth:// URI are shown this once."""
    command = StartTotpEnrolment(
        actor=who.username, at=valvo.clock(), who=who, issuer=valvo.settings.totp_issuer
    )
    started: second_factor.Enrolment = valvo.bus.handle(command)
    return TotpEnrolment(secret=started.secret, otpauth_uri=started.otpauth_uri)


@router.post("/totp/confirm", status_code=status.HTTP_204_NO_CONTENT)
def totp_confirm(body: TotpCode, who: Anyone, valvo: App) -> None:
    """Confirm enrolment with the code the app shows; from then on logins need a code."""
    valvo.bus.handle(ConfirmTotp(actor=who.username, at=valvo.clock(), who=who, code=body.code))
