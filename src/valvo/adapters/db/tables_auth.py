"""Authentication tables (issue 8): each user's second factor and password state, login
sessions with their refresh tokens, failed logins and lockouts.

Imported at the end of :mod:`valvo.adapters.db.tables` so they register on the same metadata.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, String, Table

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime

# One row per user once anything beyond the password hash is known about them: the sealed TOTP
# secret (pending until confirmed), the last accepted time step (replay protection), and a
# forced password change after an administrator's reset.
user_security = Table(
    "user_security",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id"), primary_key=True),
    Column("totp_secret", String(200), nullable=True),
    Column("totp_confirmed_at", UTCDateTime, nullable=True),
    Column("totp_last_step", BigInteger, nullable=True),
    Column("must_change_password", Boolean, nullable=False, default=False),
    Column("password_changed_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

# A login session: what every access token names (``sid``) and every refresh rotates within.
# ``scope`` is ``full``, ``totp_enrol`` or ``password_change`` (docs/authentication.md).
auth_sessions = Table(
    "auth_sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("scope", String(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("peer", String(80), nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("revoked_by", String(100), nullable=True),
    Column("revoke_reason", String(60), nullable=True),
)

# Every refresh token a session was given, by SHA-256 of the token (the token itself is never
# stored). A spent token presented again revokes its session (reuse detection).
auth_refresh_tokens = Table(
    "auth_refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("session_id", String(36), ForeignKey("auth_sessions.id"), nullable=False, index=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("spent_at", UTCDateTime, nullable=True),
)

# Failed logins by the username typed (whether or not such a user exists).
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("peer", String(80), nullable=True),
    Index("ix_login_failures_username_at", "username", "at"),
)

login_lockouts = Table(
    "login_lockouts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, index=True),
    Column("locked_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=False),
    Column("unlocked_at", UTCDateTime, nullable=True),
    Column("unlocked_by", String(100), nullable=True),
)
