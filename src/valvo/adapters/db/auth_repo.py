"""SQL repository for authentication state: second factor and password flags, sessions and
their refresh tokens, failed logins and lockouts (tables_auth.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, desc, func, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables_auth import (
    auth_refresh_tokens,
    auth_sessions,
    login_failures,
    login_lockouts,
    user_security,
)


class SqlAuthRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # --- per-user security state -----------------------------------------------------------

    def security(self, user_id: str) -> dict[str, Any] | None:
        row = (
            self._conn.execute(select(user_security).where(user_security.c.user_id == user_id))
            .mappings()
            .first()
        )
        return None if row is None else dict(row)

    def save_security(self, user_id: str, values: Mapping[str, Any], now: datetime) -> None:
        """Insert or update the user's row with ``values``."""
        if self.security(user_id) is None:
            row = {
                "user_id": user_id,
                "must_change_password": False,
                "updated_at": now,
                **values,
            }
            self._conn.execute(insert(user_security), [row])
        else:
            self._conn.execute(
                update(user_security)
                .where(user_security.c.user_id == user_id)
                .values(**values, updated_at=now)
            )

    # --- sessions and refresh tokens -------------------------------------------------------

    def insert_session(self, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(auth_sessions), [dict(row)])

    def session(self, session_id: str) -> dict[str, Any] | None:
        row = (
            self._conn.execute(select(auth_sessions).where(auth_sessions.c.id == session_id))
            .mappings()
            .first()
        )
        return None if row is None else dict(row)

    def sessions_of(self, user_id: str) -> list[dict[str, Any]]:
        query = (
            select(auth_sessions)
            .where(auth_sessions.c.user_id == user_id)
            .order_by(desc(auth_sessions.c.created_at))
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def touch_session(self, session_id: str, at: datetime) -> None:
        self._conn.execute(
            update(auth_sessions).where(auth_sessions.c.id == session_id).values(last_used_at=at)
        )

    def revoke_session(self, session_id: str, at: datetime, by: str, reason: str) -> bool:
        """Revoke one live session; False if it was already revoked."""
        result = self._conn.execute(
            update(auth_sessions)
            .where(auth_sessions.c.id == session_id, auth_sessions.c.revoked_at.is_(None))
            .values(revoked_at=at, revoked_by=by, revoke_reason=reason)
        )
        return result.rowcount == 1

    def revoke_user_sessions(
        self, user_id: str, at: datetime, by: str, reason: str, keep: str | None = None
    ) -> int:
        """Revoke every live session of the user except ``keep``; returns how many."""
        query = update(auth_sessions).where(
            auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None)
        )
        if keep is not None:
            query = query.where(auth_sessions.c.id != keep)
        result = self._conn.execute(
            query.values(revoked_at=at, revoked_by=by, revoke_reason=reason)
        )
        return int(result.rowcount)

    def insert_refresh_token(self, token_hash: str, session_id: str, at: datetime) -> None:
        self._conn.execute(
            insert(auth_refresh_tokens),
            [{"token_hash": token_hash, "session_id": session_id, "issued_at": at}],
        )

    def refresh_token(self, token_hash: str) -> dict[str, Any] | None:
        row = (
            self._conn.execute(
                select(auth_refresh_tokens).where(auth_refresh_tokens.c.token_hash == token_hash)
            )
            .mappings()
            .first()
        )
        return None if row is None else dict(row)

    def spend_refresh_token(self, token_hash: str, at: datetime) -> bool:
        """Mark the token spent; False if it already was (a concurrent or replayed refresh)."""
        result = self._conn.execute(
            update(auth_refresh_tokens)
            .where(
                auth_refresh_tokens.c.token_hash == token_hash,
                auth_refresh_tokens.c.spent_at.is_(None),
            )
            .values(spent_at=at)
        )
        return result.rowcount == 1

    # --- failed logins and lockouts --------------------------------------------------------

    def add_failure(self, username: str, at: datetime, peer: str | None) -> None:
        self._conn.execute(insert(login_failures), [{"username": username, "at": at, "peer": peer}])

    def count_failures(self, username: str, since: datetime) -> int:
        query = select(func.count()).where(
            login_failures.c.username == username, login_failures.c.at > since
        )
        return int(self._conn.execute(query).scalar() or 0)

    def clear_failures(self, username: str) -> None:
        self._conn.execute(delete(login_failures).where(login_failures.c.username == username))

    def open_lockout(self, username: str) -> dict[str, Any] | None:
        """The lockout not yet ended for ``username`` (by expiry noticed or an administrator)."""
        query = (
            select(login_lockouts)
            .where(login_lockouts.c.username == username, login_lockouts.c.unlocked_at.is_(None))
            .order_by(desc(login_lockouts.c.locked_at))
        )
        row = self._conn.execute(query).mappings().first()
        return None if row is None else dict(row)

    def insert_lockout(self, username: str, at: datetime, until: datetime) -> None:
        self._conn.execute(
            insert(login_lockouts),
            [{"username": username, "locked_at": at, "locked_until": until}],
        )

    def end_lockout(self, lockout_id: int, at: datetime, by: str) -> None:
        self._conn.execute(
            update(login_lockouts)
            .where(login_lockouts.c.id == lockout_id)
            .values(unlocked_at=at, unlocked_by=by)
        )
