"""Authenticated encryption of small secrets at rest (TOTP seeds), standard library only.

Encrypt-then-MAC: the keystream is HMAC-SHA256(enc_key, nonce || block counter) (HMAC as a
PRF in counter mode), the tag HMAC-SHA256(mac_key, version || nonce || ciphertext). Both keys
are derived from one master key, by default from ``VALVO_SECRET_KEY`` (``VALVO_TOTP_KEY``
overrides it). A sealed value that was altered, or sealed under another key, does not open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_VERSION = b"v1"
_NONCE = 16
_TAG = 32


class SecretBoxError(ValueError):
    """The sealed value was altered or was sealed under another key."""


class SecretBox:
    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 16:
            raise ValueError("the secret box needs a key of at least 16 bytes")
        self._enc = hmac.new(master_key, b"valvo secret box: encryption", hashlib.sha256).digest()
        self._mac = hmac.new(
            master_key, b"valvo secret box: authentication", hashlib.sha256
        ).digest()

    def seal(self, plaintext: bytes) -> str:
        nonce = secrets.token_bytes(_NONCE)
        ciphertext = _xor(plaintext, self._keystream(nonce, len(plaintext)))
        tag = hmac.new(self._mac, _VERSION + nonce + ciphertext, hashlib.sha256).digest()
        return _VERSION.decode() + "." + base64.urlsafe_b64encode(nonce + ciphertext + tag).decode()

    def open(self, sealed: str) -> bytes:
        version, _, body = sealed.partition(".")
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise SecretBoxError("sealed value is not base64") from exc
        if version.encode() != _VERSION or len(raw) < _NONCE + _TAG:
            raise SecretBoxError("sealed value has an unknown format")
        nonce, ciphertext, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
        expected = hmac.new(self._mac, _VERSION + nonce + ciphertext, hashlib.sha256).digest()
        if not hmac.compare_digest(tag, expected):
            raise SecretBoxError("sealed value was altered or sealed under another key")
        return _xor(ciphertext, self._keystream(nonce, len(ciphertext)))

    def _keystream(self, nonce: bytes, length: int) -> bytes:
        blocks = []
        for counter in range((length + 31) // 32):
            block = nonce + counter.to_bytes(4, "big")
            blocks.append(hmac.new(self._enc, block, hashlib.sha256).digest())
        return b"".join(blocks)[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def _derive(master_key: bytes, purpose: bytes) -> bytes:
    return hmac.new(master_key, purpose, hashlib.sha256).digest()
