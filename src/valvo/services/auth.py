"""Logging in: the password (argon2), the second factor (TOTP), and a lockout after repeated
failures; creating users under the password policy.

A failed login never reveals whether the user exists: unknown, inactive and locked usernames
spend the same argon2 time on a dummy hash and get the same answer as a wrong password, and
failures are counted and locked per username typed, existing or not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from valvo.domain.auth import totp
from valvo.domain.auth.passwords import MIN_LENGTH, password_problem
from valvo.domain.security import ROLES
from valvo.services.auth_ports import AuthUnitOfWork, SecretSealer
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

MIN_PASSWORD_LENGTH = MIN_LENGTH

# What an access token allows (docs/authentication.md): everything the role allows, or only
# enrolling a second factor (staff without one while it is required), or only changing the
# password (after an administrator's reset).
SCOPE_FULL = "full"
SCOPE_TOTP_ENROL = "totp_enrol"
SCOPE_PASSWORD_CHANGE = "password_change"  # noqa: S105 (a scope name)
# Roles not required to use a second factor: everyone else is staff.
TOTP_EXEMPT_ROLES = frozenset({"partner_contact", "person"})

WRONG_CREDENTIALS = "wrong username or password"
OTP_REQUIRED = "one-time code required: send the 6-digit code from your authenticator app as otp"
OTP_WRONG = "one-time code wrong or expired"
OTP_REPLAYED = "one-time code already used: wait for the next one"


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, hashed: str, password: str) -> bool: ...
    def dummy_hash(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: the user's id, name, role and region (None: every region), and for a
    logged-in user the session and what its token allows."""

    user_id: str
    username: str
    role: str
    region: str | None
    session_id: str | None = None
    scope: str = SCOPE_FULL


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    max_failures: int
    window: timedelta
    lockout: timedelta
    require_totp: bool


@dataclass(frozen=True, slots=True)
class LoginRefusal:
    detail: str
    retry_after_s: int | None = None  # set while the username is locked


@dataclass(frozen=True, slots=True)
class LoginResult:
    principal: Principal | None
    refusal: LoginRefusal | None


def check_password(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem is not None:
        raise InvalidInput(problem)


def log_in(
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    sealer: SecretSealer,
    policy: LoginPolicy,
    *,
    username: str,
    password: str,
    otp: str | None,
    now: datetime,
    peer: str | None,
) -> LoginResult:
    """Check password and code; record the attempt. The caller commits whatever the outcome."""
    lock = _current_lockout(uow, username, now)
    if lock is not None:
        hasher.verify(hasher.dummy_hash(), password)  # the same time as any other answer
        _audit(uow, now, username, None, "login_failed", peer, reason="locked")
        return LoginResult(None, _locked(lock["locked_until"], now))
    row = uow.users.by_username(username)
    if row is None or not row["active"]:
        hasher.verify(hasher.dummy_hash(), password)
        return _failure(uow, policy, username, None, now, peer, "password", WRONG_CREDENTIALS)
    if not hasher.verify(row["password_hash"], password):
        return _failure(uow, policy, username, row["id"], now, peer, "password", WRONG_CREDENTIALS)
    security = uow.auth.security(row["id"]) or {}
    if security.get("totp_confirmed_at") is not None:
        if not otp:
            _audit(uow, now, username, row["id"], "login_failed", peer, reason="otp_missing")
            return LoginResult(None, LoginRefusal(OTP_REQUIRED))
        key = sealer.open(security["totp_secret"])
        step = totp.matching_step(key, otp, now)
        if step is None:
            return _failure(uow, policy, username, row["id"], now, peer, "otp_wrong", OTP_WRONG)
        last = security.get("totp_last_step")
        if last is not None and step <= last:
            return _failure(
                uow, policy, username, row["id"], now, peer, "otp_replayed", OTP_REPLAYED
            )
        uow.auth.save_security(row["id"], {"totp_last_step": step}, now)
    scope = login_scope(row, security, policy.require_totp)
    uow.auth.clear_failures(username)
    _audit(uow, now, username, row["id"], "login", peer, scope=scope)
    return LoginResult(
        Principal(row["id"], row["username"], row["role"], row["region"], scope=scope), None
    )


def login_scope(user: dict[str, Any], security: dict[str, Any], require_totp: bool) -> str:
    if security.get("must_change_password"):
        return SCOPE_PASSWORD_CHANGE
    enrolled = security.get("totp_confirmed_at") is not None
    if require_totp and not enrolled and user["role"] not in TOTP_EXEMPT_ROLES:
        return SCOPE_TOTP_ENROL
    return SCOPE_FULL


def unlock(uow: AuthUnitOfWork, username: str, actor: str, now: datetime) -> None:
    """An administrator ends a lockout before it expires; the failures are forgotten."""
    lock = uow.auth.open_lockout(username)
    if lock is None or lock["locked_until"] <= now:
        raise Conflict(f"{username} is not locked")
    uow.auth.end_lockout(lock["id"], now, actor)
    uow.auth.clear_failures(username)
    user = uow.users.by_username(username)
    uow.audit.record(
        at=now,
        actor=actor,
        action="unlock",
        target_type="user",
        target_id=user["id"] if user else None,
        details={"username": username, "reason": "administrator"},
    )


def lock_state(uow: AuthUnitOfWork, username: str, now: datetime) -> datetime | None:
    """Until when ``username`` is locked, or None (read only)."""
    lock = uow.auth.open_lockout(username)
    if lock is None or lock["locked_until"] <= now:
        return None
    until: datetime = lock["locked_until"]
    return until


def _current_lockout(uow: AuthUnitOfWork, username: str, now: datetime) -> dict[str, Any] | None:
    """The lockout in force; one that has run out is ended here, and its end audited."""
    lock = uow.auth.open_lockout(username)
    if lock is None:
        return None
    if lock["locked_until"] > now:
        return lock
    uow.auth.end_lockout(lock["id"], now, "system")
    user = uow.users.by_username(username)
    uow.audit.record(
        at=now,
        actor="system",
        action="unlock",
        target_type="user",
        target_id=user["id"] if user else None,
        details={
            "username": username,
            "reason": "expired",
            "locked_until": str(lock["locked_until"]),
        },
    )
    return None


def _failure(
    uow: AuthUnitOfWork,
    policy: LoginPolicy,
    username: str,
    user_id: str | None,
    now: datetime,
    peer: str | None,
    reason: str,
    detail: str,
) -> LoginResult:
    uow.auth.add_failure(username, now, peer)
    failures = uow.auth.count_failures(username, now - policy.window)
    _audit(uow, now, username, user_id, "login_failed", peer, reason=reason)
    if failures < policy.max_failures:
        return LoginResult(None, LoginRefusal(detail))
    until = now + policy.lockout
    uow.auth.insert_lockout(username, now, until)
    uow.auth.clear_failures(username)  # counted afresh once the lockout ends
    uow.audit.record(
        at=now,
        actor="system",
        action="lockout",
        target_type="user",
        target_id=user_id,
        peer=peer,
        details={"username": username, "failures": failures, "locked_until": until.isoformat()},
    )
    return LoginResult(None, _locked(until, now))


def _locked(until: datetime, now: datetime) -> LoginRefusal:
    seconds = max(1, int((until - now).total_seconds()))
    return LoginRefusal(
        f"too many failed logins: locked until {until.isoformat(timespec='seconds')}; "
        "try again later or ask an administrator to unlock",
        retry_after_s=seconds,
    )


def _audit(
    uow: UnitOfWork,
    now: datetime,
    username: str,
    user_id: str | None,
    action: str,
    peer: str | None,
    **details: str,
) -> None:
    uow.audit.record(
        at=now,
        actor=username,
        action=action,
        target_type="user",
        target_id=user_id,
        peer=peer,
        details=details,
    )


def create_user(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    actor: str,
    now: datetime,
    *,
    username: str,
    password: str,
    role: str,
    region: str | None = None,
) -> Principal:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if not username.strip() or username != username.strip() or len(username) > 100:
        raise InvalidInput("username must be 1 to 100 characters without surrounding spaces")
    check_password(password, username)
    if uow.users.by_username(username) is not None:
        raise Conflict(f"user {username} already exists")
    user_id = str(uuid.uuid4())
    uow.users.insert(
        {
            "id": user_id,
            "username": username,
            "password_hash": hasher.hash(password),
            "role": role,
            "region": region,
            "active": True,
            "created_at": now,
        }
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="create",
        target_type="user",
        target_id=user_id,
        details={"username": username, "role": role, "region": region},
    )
    return Principal(user_id, username, role, region)
