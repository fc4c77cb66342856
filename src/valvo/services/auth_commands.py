"""What a signed-in (or signing-in) user does to their own account, as commands: log in,
refresh, log out, change the password, enrol a second factor. Each handler decides with
``services.auth``, ``sessions``, ``users`` or ``second_factor`` and commits, whatever the outcome
(a refused login is recorded too). The collaborators (``hasher``, ``secret_box``,
``login_policy``) come from the message bus."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from valvo.services import auth, second_factor, sessions, users
from valvo.services.auth import LoginPolicy, LoginRefusal, PasswordHasher, Principal
from valvo.services.auth_ports import SecretSealer
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command


@dataclass(frozen=True, kw_only=True)
class LogIn(Command):
    """``actor``: the username given. ``session_lifetime``: how long a session lasts."""

    password: str = field(repr=False)
    otp: str | None = field(default=None, repr=False)
    peer: str | None = None
    session_lifetime: timedelta


@dataclass(frozen=True, kw_only=True)
class RefreshSession(Command):
    refresh_token: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class LogOut(Command):
    session_id: str


@dataclass(frozen=True, kw_only=True)
class ChangeOwnPassword(Command):
    who: Principal
    current_password: str = field(repr=False)
    new_password: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class StartTotpEnrolment(Command):
    who: Principal
    issuer: str


@dataclass(frozen=True, kw_only=True)
class ConfirmTotp(Command):
    who: Principal
    code: str = field(repr=False)


def log_in(
    cmd: LogIn,
    uow: Any,
    *,
    hasher: PasswordHasher,
    secret_box: SecretSealer,
    login_policy: LoginPolicy,
) -> sessions.Grant | LoginRefusal:
    """A new session, or why not; the attempt is recorded either way."""
    with uow:
        result = auth.log_in(
            uow,
            hasher,
            secret_box,
            login_policy,
            username=cmd.actor,
            password=cmd.password,
            otp=cmd.otp,
            now=cmd.at,
            peer=cmd.peer,
        )
        grant = None
        if result.principal is not None:
            grant = sessions.start(uow, result.principal, cmd.at, cmd.session_lifetime, cmd.peer)
        uow.commit()
    if grant is None:
        assert result.refusal is not None
        return result.refusal
    return grant


def refresh(cmd: RefreshSession, uow: Any) -> sessions.Grant | sessions.Refused:
    with uow:
        outcome = sessions.rotate(uow, cmd.refresh_token, cmd.at)
        uow.commit()
    return outcome


def log_out(cmd: LogOut, uow: Any) -> None:
    with uow:
        sessions.end(uow, cmd.session_id, cmd.actor, cmd.at, "logout")
        uow.commit()


def change_own_password(cmd: ChangeOwnPassword, uow: Any, *, hasher: PasswordHasher) -> bool:
    """Whether the user must log in again."""
    with uow:
        relogin = users.change_own_password(
            uow, hasher, cmd.who, cmd.at, cmd.current_password, cmd.new_password
        )
        uow.commit()
    return relogin


def start_totp_enrolment(
    cmd: StartTotpEnrolment, uow: Any, *, secret_box: SecretSealer
) -> second_factor.Enrolment:
    with uow:
        started = second_factor.start_enrolment(uow, secret_box, cmd.who, cmd.at, cmd.issuer)
        uow.commit()
    return started


def confirm_totp(cmd: ConfirmTotp, uow: Any, *, secret_box: SecretSealer) -> None:
    with uow:
        second_factor.confirm(uow, secret_box, cmd.who, cmd.code, cmd.at)
        uow.commit()


HANDLERS: dict[type[Command], Handler] = {
    LogIn: log_in,
    RefreshSession: refresh,
    LogOut: log_out,
    ChangeOwnPassword: change_own_password,
    StartTotpEnrolment: start_totp_enrolment,
    ConfirmTotp: confirm_totp,
}
