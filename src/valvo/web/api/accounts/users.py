"""Administering users (permission users:manage): list, create, change role/region/active,
reset a password, reset a second factor, unlock, list and revoke sessions. Every write is a
command of ``services.user_commands``, audited in the same transaction."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services import users
from valvo.services.auth import Principal
from valvo.services.user_commands import (
    CreateUser,
    ResetPassword,
    ResetSecondFactor,
    RevokeSession,
    RevokeSessions,
    UnlockUser,
    UpdateUser,
)
from valvo.web.api.accounts.schemas import (
    PasswordReset,
    SessionOut,
    UserCreate,
    UserOut,
    UserUpdate,
)
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/users", tags=["users"])

App = Annotated[Valvo, Depends(get_valvo)]
Admin = Annotated[Principal, Depends(require(Permission.MANAGE_USERS))]


@router.get("", response_model=list[UserOut])
def list_users(_: Admin, valvo: App) -> list[dict[str, Any]]:
    with valvo.uow() as uow:
        return users.list_users(uow, valvo.clock())


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, who: Admin, valvo: App) -> dict[str, Any]:
    command = CreateUser(
        actor=who.username,
        at=valvo.clock(),
        username=body.username,
        password=body.password,
        role=body.role,
        region=body.region,
    )
    created: dict[str, Any] = valvo.bus.handle(command)
    return created


@router.get("/{user_id}", response_model=UserOut)
def get_user(user_id: str, _: Admin, valvo: App) -> dict[str, Any]:
    with valvo.uow() as uow:
        return users.describe(uow, users.get_user(uow, user_id), valvo.clock())


@router.patch("/{user_id}", response_model=UserOut)
def update_user(user_id: str, body: UserUpdate, who: Admin, valvo: App) -> dict[str, Any]:
    """Change role, region (null: every region) or active; the user's sessions end."""
    changes = {k: getattr(body, k) for k in body.model_fields_set}
    command = UpdateUser(
        actor=who.username, at=valvo.clock(), admin=who, user_id=user_id, changes=changes
    )
    updated: dict[str, Any] = valvo.bus.handle(command)
    return updated


@router.post("/{user_id}/password", status_code=status.HTTP_204_NO_CONTENT)
def reset_password(user_id: str, body: PasswordReset, who: Admin, valvo: App) -> None:
    """Set a new password; the user must change it at the next login."""
    command = ResetPassword(
        actor=who.username,
        at=valvo.clock(),
        admin=who,
        user_id=user_id,
        new_password=body.new_password,
    )
    valvo.bus.handle(command)


@router.delete("/{user_id}/totp", status_code=status.HTTP_204_NO_CONTENT)
def reset_totp(user_id: str, who: Admin, valvo: App) -> None:
    """Remove the user's second factor (a lost phone); they enrol again at the next login."""
    valvo.bus.handle(ResetSecondFactor(actor=who.username, at=valvo.clock(), user_id=user_id))


@router.post("/{user_id}/unlock", status_code=status.HTTP_204_NO_CONTENT)
def unlock(user_id: str, who: Admin, valvo: App) -> None:
    """End a lockout after repeated failed logins before it runs out."""
    valvo.bus.handle(UnlockUser(actor=who.username, at=valvo.clock(), user_id=user_id))


@router.get("/{user_id}/sessions", response_model=list[SessionOut])
def list_sessions(user_id: str, _: Admin, valvo: App) -> list[dict[str, Any]]:
    with valvo.uow() as uow:
        users.get_user(uow, user_id)
        return uow.auth.sessions_of(user_id)


@router.delete("/{user_id}/sessions", status_code=status.HTTP_204_NO_CONTENT)
def revoke_sessions(user_id: str, who: Admin, valvo: App) -> None:
    """End every live session of the user."""
    valvo.bus.handle(RevokeSessions(actor=who.username, at=valvo.clock(), user_id=user_id))


@router.delete("/{user_id}/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(user_id: str, session_id: str, who: Admin, valvo: App) -> None:
    command = RevokeSession(
        actor=who.username, at=valvo.clock(), user_id=user_id, session_id=session_id
    )
    valvo.bus.handle(command)
