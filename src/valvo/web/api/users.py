"""Administering users (permission users:manage): list, create, change role/region/active,
reset a password, reset a second factor, unlock, list and revoke sessions. Every write is
audited in the same transaction."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services import auth, second_factor, sessions, users
from valvo.services.auth import Principal
from valvo.services.errors import NotFound
from valvo.web.auth import get_valvo, require
from valvo.web.schemas_auth import PasswordReset, SessionOut, UserCreate, UserOut, UserUpdate

router = APIRouter(prefix="/api/users", tags=["users"])

App = Annotated[Valvo, Depends(get_valvo)]
Admin = Annotated[Principal, Depends(require(Permission.MANAGE_USERS))]


@router.get("", response_model=list[UserOut])
def list_users(_: Admin, valvo: App) -> list[dict[str, Any]]:
    with valvo.uow() as uow:
        return users.list_users(uow, valvo.clock())


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, who: Admin, valvo: App) -> dict[str, Any]:
    now = valvo.clock()
    with valvo.uow() as uow:
        created = auth.create_user(
            uow,
            valvo.hasher,
            who.username,
            now,
            username=body.username,
            password=body.password,
            role=body.role,
            region=body.region,
        )
        out = users.describe(uow, users.get_user(uow, created.user_id), now)
        uow.commit()
    return out


@router.get("/{user_id}", response_model=UserOut)
def get_user(user_id: str, _: Admin, valvo: App) -> dict[str, Any]:
    with valvo.uow() as uow:
        return users.describe(uow, users.get_user(uow, user_id), valvo.clock())


@router.patch("/{user_id}", response_model=UserOut)
def update_user(user_id: str, body: UserUpdate, who: Admin, valvo: App) -> dict[str, Any]:
    """Change role, region (null: every region) or active; the user's sessions end."""
    now = valvo.clock()
    changes = {k: getattr(body, k) for k in body.model_fields_set}
    with valvo.uow() as uow:
        updated = users.update_user(uow, who, now, user_id, changes)
        out = users.describe(uow, updated, now)
        uow.commit()
    return out


@router.post("/{user_id}/password", status_code=status.HTTP_204_NO_CONTENT)
def reset_password(user_id: str, body: PasswordReset, who: Admin, valvo: App) -> None:
    """Set a new password; the user must change it at the next login."""
    with valvo.uow() as uow:
        users.reset_password(uow, valvo.hasher, who, valvo.clock(), user_id, body.new_password)
        uow.commit()


@router.delete("/{user_id}/totp", status_code=status.HTTP_204_NO_CONTENT)
def reset_totp(user_id: str, who: Admin, valvo: App) -> None:
    """Remove the user's second factor (a lost phone); they enrol again at the next login."""
    with valvo.uow() as uow:
        second_factor.reset(uow, user_id, who.username, valvo.clock())
        uow.commit()


@router.post("/{user_id}/unlock", status_code=status.HTTP_204_NO_CONTENT)
def unlock(user_id: str, who: Admin, valvo: App) -> None:
    """End a lockout after repeated failed logins before it runs out."""
    with valvo.uow() as uow:
        user = users.get_user(uow, user_id)
        auth.unlock(uow, user["username"], who.username, valvo.clock())
        uow.commit()


@router.get("/{user_id}/sessions", response_model=list[SessionOut])
def list_sessions(user_id: str, _: Admin, valvo: App) -> list[dict[str, Any]]:
    with valvo.uow() as uow:
        users.get_user(uow, user_id)
        return uow.auth.sessions_of(user_id)


@router.delete("/{user_id}/sessions", status_code=status.HTTP_204_NO_CONTENT)
def revoke_sessions(user_id: str, who: Admin, valvo: App) -> None:
    """End every live session of the user."""
    with valvo.uow() as uow:
        users.get_user(uow, user_id)
        sessions.end_all(uow, user_id, who.username, valvo.clock(), "revoked_by_administrator")
        uow.commit()


@router.delete("/{user_id}/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(user_id: str, session_id: str, who: Admin, valvo: App) -> None:
    with valvo.uow() as uow:
        session = uow.auth.session(session_id)
        if session is None or session["user_id"] != user_id:
            raise NotFound(f"user {user_id} has no session {session_id}")
        sessions.end(uow, session_id, who.username, valvo.clock(), "revoked_by_administrator")
        uow.commit()
