"""POST /api/auth/token: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm

from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.auth import get_valvo, issue_token
from valvo.web.schemas import Token

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=Token)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    valvo: Annotated[Valvo, Depends(get_valvo)],
) -> Token:
    with valvo.uow() as uow:
        principal = auth.authenticate(uow, valvo.hasher, form.username, form.password)
        now = valvo.clock()
        uow.audit.record(
            at=now,
            actor=form.username,
            action="login" if principal else "login_failed",
            target_type="user",
            target_id=principal.user_id if principal else None,
        )
        uow.commit()
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Token(
        access_token=issue_token(valvo, principal, now),
        role=principal.role,
        username=principal.username,
    )
