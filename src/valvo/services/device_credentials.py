"""Valvo-protocol device keys: derivation, fingerprints, and issuing one to a registered device.

A device's key is HMAC-SHA256(master, label | device | salt): the master is the server's
device-key secret (settings), the salt is random per issue and stored with the credential.
Neither the database alone nor the master alone gives a key, and the key itself is never
stored; the credential row keeps its SHA-256 fingerprint. Issuing again (a replaced or reset
device) makes a new key version and restarts the device's sequence numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput, NotFound
from valvo.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class StoredCredential:
    """A device's stored credential: what derives and checks its key (never the key)."""

    device: str
    key_version: int
    salt: str
    key_fingerprint: str
    revoked_at: datetime | None


_KEY_LABEL = b"valvo-device-key/v1"
_MASTER_LABEL = b"valvo-device-master/v1|"


def master_key(secret: str) -> bytes:
    """The device-key master derived from a configured secret (domain-separated)."""
    if not secret:
        raise InvalidInput("the device-key secret is empty")
    return hashlib.sha256(_MASTER_LABEL + secret.encode()).digest()


def derive_key(master: bytes, device: str, salt: str) -> bytes:
    message = b"|".join((_KEY_LABEL, device.encode(), salt.encode()))
    return hmac.new(master, message, hashlib.sha256).digest()


def key_fingerprint(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedCredential:
    device: str
    key_version: int
    key_hex: str  # shown once, to be loaded into the device; Valvo keeps only the fingerprint
    fingerprint: str


class CredentialRepository(Protocol):
    def get(self, identifier: str) -> dict[str, Any] | None: ...
    def save(self, row: dict[str, Any]) -> None: ...


def issue_credential(
    uow: UnitOfWork,
    credentials: CredentialRepository,
    master: bytes,
    actor: str,
    now: datetime,
    *,
    identifier: str,
) -> IssuedCredential:
    """Issue (or re-issue) the key of a registered device; the caller commits."""
    device = uow.registry.device_by_identifier(identifier)
    if device is None:
        raise NotFound(f"device {identifier} is not registered; register it first")
    current = credentials.get(identifier)
    version = int(current["key_version"]) + 1 if current else 1
    salt = secrets.token_hex(16)
    key = derive_key(master, identifier, salt)
    fingerprint = key_fingerprint(key)
    credentials.save(
        {
            "device_identifier": identifier,
            "key_version": version,
            "salt": salt,
            "key_fingerprint": fingerprint,
            "issued_at": now,
            "issued_by": actor,
            "revoked_at": None,
            "last_sequence": 0,
        }
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="issue_device_key",
        target_type="device",
        target_id=device["id"],
        details={"identifier": identifier, "key_version": version, "fingerprint": fingerprint},
    )
    return IssuedCredential(identifier, version, key.hex(), fingerprint)


@dataclass(frozen=True, kw_only=True)
class IssueDeviceKey(Command):
    """Issue (or re-issue) the key of the registered device ``identifier``."""

    unit: ClassVar[str] = "credentials"
    identifier: str = ""
    # From the console: the device by its id, read within the user's scope (a device of
    # another region is not found).
    device_id: str | None = None


def issue_device_key(
    cmd: IssueDeviceKey, uow: Any, *, device_master_key: bytes
) -> IssuedCredential:
    with uow:
        identifier = cmd.identifier
        if cmd.device_id is not None:
            device = uow.registry.get("devices", cmd.device_id)
            if device is None:
                raise NotFound(f"device {cmd.device_id} does not exist")
            identifier = device["identifier"]
        issued = issue_credential(
            uow, uow.credentials, device_master_key, cmd.actor, cmd.at, identifier=identifier
        )
        uow.commit()
    return issued


HANDLERS: dict[type[Command], Handler] = {IssueDeviceKey: issue_device_key}
