"""Logging in: verify a password against its argon2 hash; create users with a password policy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from valvo.domain.security import ROLES
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

MIN_PASSWORD_LENGTH = 10


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, hashed: str, password: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: the user's id, name, role and region (None: every region)."""

    user_id: str
    username: str
    role: str
    region: str | None


def authenticate(
    uow: UnitOfWork, hasher: PasswordHasher, username: str, password: str
) -> Principal | None:
    row = uow.users.by_username(username)
    if row is None or not row["active"]:
        # Spend the same time as a real check so timing does not reveal which users exist.
        hasher.verify(_DUMMY_HASH, password)
        return None
    if not hasher.verify(row["password_hash"], password):
        return None
    return Principal(row["id"], row["username"], row["role"], row["region"])


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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if password.lower() == username.lower():
        raise InvalidInput("password must not be the username")
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
    uow.audit.record(at=now, actor=actor, action="create", target_type="user", target_id=user_id)
    return Principal(user_id, username, role, region)


_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$ALKpfDMMZlTPjjtfg"
    "rK3Rw$f0FXbL8dPXE763naeXM1xJ08qTULptgy2QNhPo/3WkM"
)
