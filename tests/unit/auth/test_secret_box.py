"""Sealing TOTP secrets at rest: round trip, fresh nonce per seal, tampering and a wrong key
detected."""

from __future__ import annotations

import base64

import pytest

from valvo.adapters.secret_box import SecretBox, SecretBoxError


def test_round_trip_with_a_fresh_nonce_each_time() -> None:
    box = SecretBox(b"k" * 32)
    secret = bytes(range(20))
    first, second = box.seal(secret), box.seal(secret)
    assert first != second
    assert box.open(first) == secret == box.open(second)
    assert secret.hex() not in base64.urlsafe_b64decode(first[3:]).hex()


def test_an_altered_value_or_another_key_does_not_open() -> None:
    box = SecretBox(b"k" * 32)
    sealed = box.seal(b"0123456789abcdefghij")
    raw = bytearray(base64.urlsafe_b64decode(sealed[3:]))
    raw[20] ^= 1
    altered = "v1." + base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(SecretBoxError, match="altered"):
        box.open(altered)
    with pytest.raises(SecretBoxError, match="another key"):
        SecretBox(b"q" * 32).open(sealed)
    with pytest.raises(SecretBoxError, match="format"):
        box.open("v2." + sealed[3:])
