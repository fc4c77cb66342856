"""The Valvo device protocol, version 1: signed JSON messages from RF home units, breath-alcohol
testers, officer key fobs (seen by a home unit) and mobile presence checkers.

A message is the UTF-8 JSON payload, a line feed, and ``HMAC-SHA256:`` followed by the 64 hex
digits of HMAC-SHA256(device key, payload bytes) — the signature covers the exact bytes sent, so
no JSON canonicalisation is needed. The payload: ``{"v": 1, "device": ID, "seq": N,
"events": [...]}``; ``seq`` rises strictly per device (the gateway refuses a stale one). The ACK
(written only after storage) is ``{"v":1,"device":ID,"ack":N}`` signed the same way with the
device key, so a device can trust it. The full specification is ``docs/protocols/valvo.md``.

The decoder is pure: keys come from an injected lookup. Without one (``valvo decode``) the
signature is not checked, a ``signature_unverified`` warning says so, and there is no ACK.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from valvo.protocols.base import DecodeError, DecodeResult, Session
from valvo.protocols.valvo.events import event_record

VERSION = 1
MAX_MESSAGE = 64 * 1024
MAX_EVENTS = 64
MAX_SEQUENCE = 2**63 - 1
SIGNATURE_PREFIX = b"HMAC-SHA256:"
# Where the decoder leaves the message's sequence for the gateway (replay guard).
SEQUENCE_KEY = "valvo.sequence"
_DEVICE = re.compile(r"[A-Za-z0-9._:-]{1,64}")

KeyLookup = Callable[[str], bytes | None]


class AuthenticationError(DecodeError):
    """The message is well formed but not provably from the device it names."""


def sign(key: bytes, payload: bytes) -> bytes:
    """A complete message (or ACK): the payload, a line feed and its signature line."""
    digest = hmac.new(key, payload, hashlib.sha256).hexdigest().encode()
    return payload + b"\n" + SIGNATURE_PREFIX + digest


def encode_message(key: bytes, device: str, sequence: int, events: list[dict[str, Any]]) -> bytes:
    """What a device sends (the simulator and tests use this)."""
    payload = {"v": VERSION, "device": device, "seq": sequence, "events": events}
    return sign(key, json.dumps(payload, separators=(",", ":")).encode())


def ack_for(key: bytes, device: str, sequence: int) -> bytes:
    payload = {"v": VERSION, "device": device, "ack": sequence}
    return sign(key, json.dumps(payload, separators=(",", ":")).encode())


def split_signed(message: bytes) -> tuple[bytes, bytes]:
    """(payload, signature digest) of a signed message or ACK."""
    if len(message) > MAX_MESSAGE:
        raise DecodeError(f"valvo: message of {len(message)} bytes is over {MAX_MESSAGE}")
    payload, newline, trailer = message.rstrip(b"\r\n").rpartition(b"\n")
    if not newline or not trailer.startswith(SIGNATURE_PREFIX):
        raise DecodeError("valvo: no signature line (HMAC-SHA256:<64 hex>) after the payload")
    try:
        digest = bytes.fromhex(trailer[len(SIGNATURE_PREFIX) :].decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecodeError("valvo: the signature is not hexadecimal") from exc
    if len(digest) != hashlib.sha256().digest_size:
        raise DecodeError("valvo: the signature is not 32 bytes (64 hex digits)")
    return payload.rstrip(b"\r"), digest


def peek_device(message: bytes) -> str:
    """The device a message claims to come from (before its signature is checked)."""
    payload, _ = split_signed(message)
    return _header(_payload(payload))[0]


def verify(key: bytes, payload: bytes, digest: bytes) -> bool:
    return hmac.compare_digest(hmac.new(key, payload, hashlib.sha256).digest(), digest)


class ValvoDecoder:
    name = "valvo"

    def __init__(self, keys: KeyLookup | None = None) -> None:
        self._keys = keys

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        payload, digest = split_signed(message)
        document = _payload(payload)
        device, sequence = _header(document)
        warnings: tuple[str, ...] = ()
        ack = None
        if self._keys is None:
            warnings = ("signature_unverified",)
        else:
            key = self._keys(device)
            if key is None:
                raise AuthenticationError(f"valvo: no key was issued to device {device}")
            if not verify(key, payload, digest):
                raise AuthenticationError(
                    f"valvo: signature of device {device} does not match "
                    "(wrong key or altered message)"
                )
            ack = ack_for(key, device, sequence)
        events = document.get("events")
        if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS:
            raise DecodeError(f"valvo: events must be a list of 1 to {MAX_EVENTS} objects")
        records = tuple(event_record(i, e, device, sequence) for i, e in enumerate(events))
        session.device = device
        session.extra[SEQUENCE_KEY] = sequence
        return DecodeResult(records=records, ack=ack, warnings=warnings)


def _payload(payload: bytes) -> Mapping[str, Any]:
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecodeError(f"valvo: the payload is not UTF-8 JSON ({type(exc).__name__})") from exc
    if not isinstance(document, dict):
        raise DecodeError("valvo: the payload is not a JSON object")
    return document


def _header(document: Mapping[str, Any]) -> tuple[str, int]:
    version = document.get("v")
    if version != VERSION:
        raise DecodeError(f"valvo: version {str(version)[:20]} is not supported (send v: 1)")
    device = document.get("device")
    if not isinstance(device, str) or not _DEVICE.fullmatch(device):
        raise DecodeError("valvo: device must be 1-64 letters, digits or . _ : -")
    sequence = document.get("seq")
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        raise DecodeError("valvo: seq must be a whole number")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise DecodeError(f"valvo: seq {sequence} is outside 1..2^63-1")
    return device, sequence
