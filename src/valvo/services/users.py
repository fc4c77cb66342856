"""Administering users (permission users:manage) and changing one's own password. Every write
is audited in the same transaction; a change to who a user is (role, region, active) or to their
password ends their sessions, so no token outlives it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from valvo.domain.security import ROLES
from valvo.services import auth, sessions
from valvo.services.auth import PasswordHasher, Principal
from valvo.services.auth_ports import AuthUnitOfWork
from valvo.services.errors import Forbidden, InvalidInput, NotFound

_EDITABLE = ("role", "region", "active")


def list_users(uow: AuthUnitOfWork, now: datetime) -> list[dict[str, Any]]:
    out = []
    for user in uow.users.all():
        out.append(describe(uow, user, now))
    return out


def describe(uow: AuthUnitOfWork, user: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    security = uow.auth.security(user["id"]) or {}
    return {
        "id": user["id"],
        "username": user["username"],
        "role": user["role"],
        "region": user["region"],
        "active": user["active"],
        "created_at": user["created_at"],
        "totp_enabled": security.get("totp_confirmed_at") is not None,
        "must_change_password": bool(security.get("must_change_password")),
        "locked_until": auth.lock_state(uow, user["username"], now),
    }


def get_user(uow: AuthUnitOfWork, user_id: str) -> dict[str, Any]:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def update_user(
    uow: AuthUnitOfWork, actor: Principal, now: datetime, user_id: str, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Change role, region or active; ends the user's sessions when anything changed."""
    user = get_user(uow, user_id)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise InvalidInput(f"only {', '.join(_EDITABLE)} can be changed, not {sorted(unknown)}")
    if "role" in changes and changes["role"] not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if "active" in changes and changes["active"] is None:
        raise InvalidInput("active must be true or false")
    if user_id == actor.user_id and (
        changes.get("active") is False or changes.get("role", user["role"]) != user["role"]
    ):
        raise InvalidInput("you may not deactivate your own account or change your own role")
    diff = {k: v for k, v in changes.items() if user[k] != v}
    if not diff:
        return user
    uow.users.update(user_id, diff)
    uow.audit.record(
        at=now,
        actor=actor.username,
        action="update",
        target_type="user",
        target_id=user_id,
        details={k: {"from": user[k], "to": v} for k, v in diff.items()},
    )
    reason = "user_deactivated" if diff.get("active") is False else "user_changed"
    sessions.end_all(uow, user_id, actor.username, now, reason)
    return {**user, **diff}


def reset_password(
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    actor: Principal,
    now: datetime,
    user_id: str,
    new_password: str,
) -> None:
    """An administrator sets a password; the user must change it at their next login."""
    user = get_user(uow, user_id)
    auth.check_password(new_password, user["username"])
    uow.users.update(user_id, {"password_hash": hasher.hash(new_password)})
    uow.auth.save_security(user_id, {"must_change_password": True, "password_changed_at": now}, now)
    uow.audit.record(
        at=now, actor=actor.username, action="password_reset", target_type="user", target_id=user_id
    )
    sessions.end_all(uow, user_id, actor.username, now, "password_reset")


def change_own_password(
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    who: Principal,
    now: datetime,
    current_password: str,
    new_password: str,
) -> bool:
    """Change one's password with the current one; ends the user's other sessions, and the
    current one too if it was limited to this change. Returns whether the caller must log in
    again."""
    user = get_user(uow, who.user_id)
    if not hasher.verify(user["password_hash"], current_password):
        raise Forbidden("the current password is wrong")
    if new_password == current_password:
        raise InvalidInput("the new password must differ from the current one")
    auth.check_password(new_password, user["username"])
    uow.users.update(who.user_id, {"password_hash": hasher.hash(new_password)})
    uow.auth.save_security(
        who.user_id, {"must_change_password": False, "password_changed_at": now}, now
    )
    uow.audit.record(
        at=now,
        actor=who.username,
        action="password_change",
        target_type="user",
        target_id=who.user_id,
    )
    relogin = who.scope != auth.SCOPE_FULL
    keep = None if relogin else who.session_id
    sessions.end_all(uow, who.user_id, who.username, now, "password_change", keep=keep)
    return relogin
