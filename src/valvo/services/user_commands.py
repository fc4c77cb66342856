"""Administering users, as commands: create, change, reset a password or a second factor,
unlock, end sessions. Each handler decides with ``services.auth``, ``users``, ``sessions`` or
``second_factor`` (which audit every write) and commits. The API's administrator and the
``valvo user`` commands (actor "cli") send the same commands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from valvo.services import auth, second_factor, sessions, users
from valvo.services.auth import PasswordHasher, Principal
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import NotFound

REVOKED = "revoked_by_administrator"


@dataclass(frozen=True, kw_only=True)
class CreateUser(Command):
    username: str
    password: str = field(repr=False)
    role: str
    region: str | None = None


@dataclass(frozen=True, kw_only=True)
class UpdateUser(Command):
    """``admin``: who changes; ``changes``: role, region, active."""

    admin: Principal
    user_id: str
    changes: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class ResetPassword(Command):
    admin: Principal
    user_id: str
    new_password: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class ResetSecondFactor(Command):
    """The user by id, or (from the command line) by ``username``."""

    user_id: str | None = None
    username: str | None = None


@dataclass(frozen=True, kw_only=True)
class UnlockUser(Command):
    """The user by id, or (from the command line) any ``username`` tried."""

    user_id: str | None = None
    username: str | None = None


@dataclass(frozen=True, kw_only=True)
class RevokeSessions(Command):
    user_id: str


@dataclass(frozen=True, kw_only=True)
class RevokeSession(Command):
    user_id: str
    session_id: str


def create_user(cmd: CreateUser, uow: Any, *, hasher: PasswordHasher) -> dict[str, Any]:
    """The new user as the administration shows it."""
    with uow:
        created = auth.create_user(
            uow,
            hasher,
            cmd.actor,
            cmd.at,
            username=cmd.username,
            password=cmd.password,
            role=cmd.role,
            region=cmd.region,
        )
        out = users.describe(uow, users.get_user(uow, created.user_id), cmd.at)
        uow.commit()
    return out


def update_user(cmd: UpdateUser, uow: Any) -> dict[str, Any]:
    with uow:
        updated = users.update_user(uow, cmd.admin, cmd.at, cmd.user_id, cmd.changes)
        out = users.describe(uow, updated, cmd.at)
        uow.commit()
    return out


def reset_password(cmd: ResetPassword, uow: Any, *, hasher: PasswordHasher) -> None:
    with uow:
        users.reset_password(uow, hasher, cmd.admin, cmd.at, cmd.user_id, cmd.new_password)
        uow.commit()


def _user_id(uow: Any, user_id: str | None, username: str | None) -> str:
    if user_id is not None:
        return user_id
    user = uow.users.by_username(username)
    if user is None:
        raise NotFound(f"no user {username}")
    return str(user["id"])


def reset_second_factor(cmd: ResetSecondFactor, uow: Any) -> None:
    with uow:
        second_factor.reset(uow, _user_id(uow, cmd.user_id, cmd.username), cmd.actor, cmd.at)
        uow.commit()


def unlock_user(cmd: UnlockUser, uow: Any) -> None:
    with uow:
        username = cmd.username
        if cmd.user_id is not None:
            username = users.get_user(uow, cmd.user_id)["username"]
        assert username is not None
        auth.unlock(uow, username, cmd.actor, cmd.at)
        uow.commit()


def revoke_sessions(cmd: RevokeSessions, uow: Any) -> None:
    """End every live session of the user."""
    with uow:
        users.get_user(uow, cmd.user_id)
        sessions.end_all(uow, cmd.user_id, cmd.actor, cmd.at, REVOKED)
        uow.commit()


def revoke_session(cmd: RevokeSession, uow: Any) -> None:
    with uow:
        session = uow.auth.session(cmd.session_id)
        if session is None or session["user_id"] != cmd.user_id:
            raise NotFound(f"user {cmd.user_id} has no session {cmd.session_id}")
        sessions.end(uow, cmd.session_id, cmd.actor, cmd.at, REVOKED)
        uow.commit()


HANDLERS: dict[type[Command], Handler] = {
    CreateUser: create_user,
    UpdateUser: update_user,
    ResetPassword: reset_password,
    ResetSecondFactor: reset_second_factor,
    UnlockUser: unlock_user,
    RevokeSessions: revoke_sessions,
    RevokeSession: revoke_session,
}
