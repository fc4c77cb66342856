"""Enrolling a TOTP second factor: start (a new secret, sealed at rest; the otpauth URI is
returned this once), confirm with a valid code, or an administrator's reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from valvo.domain.auth import totp
from valvo.services import sessions
from valvo.services.auth import Principal
from valvo.services.auth_ports import AuthUnitOfWork, SecretSealer
from valvo.services.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class Enrolment:
    secret: str  # base32, for typing into an app by hand
    otpauth_uri: str


def start_enrolment(
    uow: AuthUnitOfWork, sealer: SecretSealer, who: Principal, now: datetime, issuer: str
) -> Enrolment:
    """A new secret for the user; starting again before confirming replaces the pending one."""
    security = uow.auth.security(who.user_id) or {}
    if security.get("totp_confirmed_at") is not None:
        raise Conflict("a second factor is already enabled; an administrator can reset it")
    key = totp.new_secret()
    uow.auth.save_security(
        who.user_id,
        {"totp_secret": sealer.seal(key), "totp_confirmed_at": None, "totp_last_step": None},
        now,
    )
    uow.audit.record(
        at=now, actor=who.username, action="totp_enrol", target_type="user", target_id=who.user_id
    )
    return Enrolment(
        totp.base32_secret(key), totp.provisioning_uri(key, who.username, issuer=issuer)
    )


def confirm(
    uow: AuthUnitOfWork, sealer: SecretSealer, who: Principal, code: str, now: datetime
) -> None:
    security = uow.auth.security(who.user_id) or {}
    if security.get("totp_confirmed_at") is not None:
        raise Conflict("the second factor is already enabled")
    if not security.get("totp_secret"):
        raise Conflict("no enrolment started: POST /api/auth/totp/enrol first")
    step = totp.matching_step(sealer.open(security["totp_secret"]), code, now)
    if step is None:
        raise InvalidInput("one-time code wrong: enter the code your authenticator app shows now")
    uow.auth.save_security(who.user_id, {"totp_confirmed_at": now, "totp_last_step": step}, now)
    uow.audit.record(
        at=now,
        actor=who.username,
        action="totp_confirm",
        target_type="user",
        target_id=who.user_id,
    )


def reset(uow: AuthUnitOfWork, user_id: str, actor: str, now: datetime) -> None:
    """Remove the user's second factor (a lost phone); their sessions end with it."""
    if uow.users.get(user_id) is None:
        raise NotFound(f"no user {user_id}")
    security = uow.auth.security(user_id) or {}
    if not security.get("totp_secret"):
        raise Conflict("the user has no second factor to reset")
    uow.auth.save_security(
        user_id, {"totp_secret": None, "totp_confirmed_at": None, "totp_last_step": None}, now
    )
    uow.audit.record(
        at=now, actor=actor, action="totp_reset", target_type="user", target_id=user_id
    )
    sessions.end_all(uow, user_id, actor, now, "totp_reset")
