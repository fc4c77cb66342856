"""Request and response bodies of the authentication and user-administration API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from valvo.web.schemas import Strict


class RefreshRequest(Strict):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class PasswordChanged(BaseModel):
    detail: str
    log_in_again: bool


class TotpEnrolment(BaseModel):
    secret: str
    otpauth_uri: str
    detail: str = "shown this once: add it to an authenticator app, then confirm with a code"


class TotpCode(Strict):
    code: str = Field(min_length=6, max_length=8, pattern=r"^\s*\d{3}\s?\d{3}\s*$")


class UserCreate(Strict):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)
    role: str = Field(min_length=1, max_length=40)
    region: str | None = Field(default=None, max_length=60)


class UserUpdate(Strict):
    role: str | None = Field(default=None, min_length=1, max_length=40)
    region: str | None = Field(default=None, max_length=60)
    active: bool | None = None


class PasswordReset(Strict):
    new_password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    id: str
    username: str
    role: str
    region: str | None
    active: bool
    created_at: datetime
    totp_enabled: bool
    must_change_password: bool
    locked_until: datetime | None


class SessionOut(BaseModel):
    id: str
    scope: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    peer: str | None
    revoked_at: datetime | None
    revoked_by: str | None
    revoke_reason: str | None
