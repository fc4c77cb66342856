"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), standard library only.

Valvo uses SHA-1, 30-second steps and 6 digits (what every authenticator app defaults to) and
accepts the step before and after the current one for clock drift. A code is accepted once:
the caller remembers the last accepted step and passes it back in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from typing import Literal
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps either side of the current one
SECRET_BYTES = 20  # 160 bits, the RFC 4226 recommendation for SHA-1

Digest = Literal["sha1", "sha256", "sha512"]


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: Digest = "sha1") -> str:
    """RFC 4226: HMAC of the 8-byte big-endian counter, dynamically truncated."""
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def time_step(at: datetime, *, step_seconds: int = STEP_SECONDS) -> int:
    if at.tzinfo is None:
        raise ValueError("time_step needs an aware datetime")
    return int(at.timestamp()) // step_seconds


def totp(
    key: bytes,
    at: datetime,
    *,
    digits: int = DIGITS,
    digest: Digest = "sha1",
    step_seconds: int = STEP_SECONDS,
) -> str:
    """The code valid at ``at``."""
    return hotp(key, time_step(at, step_seconds=step_seconds), digits=digits, digest=digest)


def matching_step(key: bytes, code: str, at: datetime, *, window: int = WINDOW) -> int | None:
    """The time step whose code equals ``code`` within ``window`` steps of ``at``, or None.

    The caller refuses a step at or before the last one it accepted (replay protection).
    """
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    current = time_step(at)
    found = None
    for step in range(current - window, current + window + 1):
        # Compare every candidate in constant time; do not stop at the first match.
        if hmac.compare_digest(hotp(key, step), code):
            found = step if found is None else found
    return found


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def base32_secret(key: bytes) -> str:
    """The secret as authenticator apps take it: base32 without padding."""
    return base64.b32encode(key).decode("ascii").rstrip("=")


def provisioning_uri(key: bytes, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (usually from a QR code)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode(
        {
            "secret": base32_secret(key),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"
