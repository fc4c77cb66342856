"""The bundle's names and encodings, shared by the writer and the verifier (docs/evidence.md)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime
from typing import Any

FORMAT = "valvo-evidence-package"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public_key.pem"
FRAMES = "records/frames.json"
POSITIONS = "records/positions.json"
PACKAGE = "records/package.json"
# Not covered by the manifest (the signature covers the manifest; the public key is in it).
UNLISTED = frozenset({MANIFEST, SIGNATURE, PUBLIC_KEY})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_bytes(value: Any) -> bytes:
    """A record file: UTF-8 JSON, keys sorted, one item a line, so a reader can diff it."""
    text = json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False, default=_default)
    return (text + "\n").encode("utf-8")


def chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """The provenance chain's link: SHA-256 of the previous hash and the frame's canonical JSON
    (keys sorted, no spaces), as the gateway wrote it."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def frame_path(device: str, frame_id: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in device)
    return f"frames/{safe}/{frame_id:012d}.bin"
