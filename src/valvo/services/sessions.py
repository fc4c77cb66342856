"""Login sessions: an opaque refresh token (random, stored as its SHA-256) bound to a session
row; every refresh spends the token and issues the next one, and a spent token presented again
revokes the whole session (it was stolen, or the thief already used it). Access tokens name
their session, so revoking it refuses them at once."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from valvo.services.auth import Principal
from valvo.services.auth_ports import AuthUnitOfWork
from valvo.services.errors import NotFound

REFRESH_TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class Grant:
    """A session's principal (with session id and scope) and its fresh refresh token."""

    principal: Principal
    refresh_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Refused:
    detail: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(
    uow: AuthUnitOfWork, principal: Principal, now: datetime, lifetime: timedelta, peer: str | None
) -> Grant:
    session_id = str(uuid.uuid4())
    expires_at = now + lifetime
    uow.auth.insert_session(
        {
            "id": session_id,
            "user_id": principal.user_id,
            "scope": principal.scope,
            "created_at": now,
            "last_used_at": now,
            "expires_at": expires_at,
            "peer": peer,
        }
    )
    token = _issue_refresh_token(uow, session_id, now)
    return Grant(_with_session(principal, session_id, principal.scope), token, expires_at)


def rotate(uow: AuthUnitOfWork, refresh_token: str, now: datetime) -> Grant | Refused:
    """Spend ``refresh_token`` and issue the next one. The caller commits in every case: a
    refused reuse revokes the session."""
    digest = token_hash(refresh_token)
    stored = uow.auth.refresh_token(digest)
    if stored is None:
        return Refused("unknown refresh token: log in again")
    session = uow.auth.session(stored["session_id"])
    assert session is not None  # a foreign key
    if stored["spent_at"] is not None or not uow.auth.spend_refresh_token(digest, now):
        if uow.auth.revoke_session(session["id"], now, "system", "refresh_token_reused"):
            uow.audit.record(
                at=now,
                actor="system",
                action="session_revoke",
                target_type="user",
                target_id=session["user_id"],
                details={"session_id": session["id"], "reason": "refresh_token_reused"},
            )
        return Refused("refresh token already used: the session is revoked, log in again")
    problem = session_problem(session, now)
    if problem is not None:
        return Refused(problem)
    user = uow.users.get(session["user_id"])
    if user is None or not user["active"]:
        uow.auth.revoke_session(session["id"], now, "system", "user_inactive")
        return Refused("the account is deactivated")
    uow.auth.touch_session(session["id"], now)
    token = _issue_refresh_token(uow, session["id"], now)
    principal = Principal(user["id"], user["username"], user["role"], user["region"])
    return Grant(
        _with_session(principal, session["id"], session["scope"]), token, session["expires_at"]
    )


def session_problem(session: dict[str, Any] | None, now: datetime) -> str | None:
    """Why this session no longer admits its tokens, or None while it is live."""
    if session is None:
        return "unknown session: log in again"
    if session["revoked_at"] is not None:
        return "session ended (logged out or revoked): log in again"
    if session["expires_at"] <= now:
        return "session expired: log in again"
    return None


def end(uow: AuthUnitOfWork, session_id: str, actor: str, now: datetime, reason: str) -> None:
    """Revoke one session (logout, or an administrator); audited."""
    session = uow.auth.session(session_id)
    if session is None:
        raise NotFound(f"no session {session_id}")
    if uow.auth.revoke_session(session_id, now, actor, reason):
        uow.audit.record(
            at=now,
            actor=actor,
            action="logout" if reason == "logout" else "session_revoke",
            target_type="user",
            target_id=session["user_id"],
            details={"session_id": session_id, "reason": reason},
        )


def end_all(
    uow: AuthUnitOfWork,
    user_id: str,
    actor: str,
    now: datetime,
    reason: str,
    keep: str | None = None,
) -> int:
    """Revoke every live session of the user (but ``keep``); audited when any was live."""
    count = uow.auth.revoke_user_sessions(user_id, now, actor, reason, keep=keep)
    if count:
        uow.audit.record(
            at=now,
            actor=actor,
            action="session_revoke",
            target_type="user",
            target_id=user_id,
            details={"sessions": count, "reason": reason},
        )
    return count


def _issue_refresh_token(uow: AuthUnitOfWork, session_id: str, now: datetime) -> str:
    token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
    uow.auth.insert_refresh_token(token_hash(token), session_id, now)
    return token


def _with_session(principal: Principal, session_id: str, scope: str) -> Principal:
    return Principal(
        principal.user_id,
        principal.username,
        principal.role,
        principal.region,
        session_id=session_id,
        scope=scope,
    )
