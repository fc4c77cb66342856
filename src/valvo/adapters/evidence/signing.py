"""The service's evidence signing key (Ed25519): anyone holding the public key can check a
package offline, which an HMAC key could not offer without giving the key away.

The key is read from ``VALVO_EVIDENCE_KEY_FILE`` (a PEM private key, ``valvo evidence keygen``
writes one); without it, it is derived from the audit key, so it stays the same across restarts
and outside the database. ``valvo evidence public-key`` prints the public key and its
fingerprint for a court to pin."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"


def fingerprint(public_raw: bytes) -> str:
    """How a key is named and pinned: ``sha256:`` and the hex SHA-256 of its 32 raw bytes."""
    return "sha256:" + hashlib.sha256(public_raw).hexdigest()


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    def public_pem(self) -> str:
        return (
            self.private.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def derived_key(audit_key: bytes) -> SigningKey:
    seed = hmac.new(audit_key, b"valvo-evidence-signing-key", hashlib.sha256).digest()
    return SigningKey(Ed25519PrivateKey.from_private_bytes(seed))


def load_key(path: Path) -> SigningKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} holds no Ed25519 private key")
    return SigningKey(key)


def new_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)
