"""Check an evidence package offline, with no database: the manifest's signature, every file's
SHA-256, no file missing or added, and the raw frames' hash chain. The first broken item is
named. Another party can do the same from docs/evidence.md alone."""

from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature

from valvo.adapters.evidence import layout
from valvo.adapters.evidence.signing import ALGORITHM, fingerprint, public_key

INTACT, BROKEN, NOT_A_BUNDLE = 0, 1, 2


@dataclass
class Outcome:
    code: int
    message: str
    summary: dict[str, Any] = field(default_factory=dict)


class _Broken(Exception):
    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")


class _NotBundle(Exception):
    pass


def verify_bundle(data: bytes, pinned_fingerprint: str | None = None) -> Outcome:
    try:
        return _verify(data, pinned_fingerprint)
    except _NotBundle as exc:
        return Outcome(NOT_A_BUNDLE, f"not an evidence package: {exc}")
    except _Broken as exc:
        return Outcome(BROKEN, str(exc))


def _verify(data: bytes, pinned: str | None) -> Outcome:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _NotBundle(f"not a ZIP file ({exc})") from exc
    with archive:
        manifest_bytes = _read(archive, names, layout.MANIFEST, missing=_NotBundle)
        manifest = _manifest(manifest_bytes)
        signing = manifest["signing"]
        key_raw = _signature(archive, names, manifest_bytes, signing)
        key_fp = fingerprint(key_raw)
        if signing.get("key_fingerprint") != key_fp:
            raise _Broken(layout.MANIFEST, "the key fingerprint does not match its public key")
        if pinned is not None and pinned.removeprefix("sha256:") != key_fp.removeprefix("sha256:"):
            raise _Broken(layout.SIGNATURE, f"signed by key {key_fp}, not the pinned {pinned}")
        contents = _files(archive, names, manifest["files"])
    frames, devices = _frames(contents)
    positions = _positions(contents)
    package = _json(contents, layout.PACKAGE)
    summary = {
        "intact": True,
        "kind": manifest.get("kind"),
        "subject_id": manifest.get("subject_id"),
        "from": manifest.get("from"),
        "to": manifest.get("to"),
        "alarm_id": manifest.get("alarm_id"),
        "built_at": manifest.get("built_at"),
        "signatory": package.get("signatory") if isinstance(package, dict) else None,
        "key_fingerprint": key_fp,
        "files": len(manifest["files"]),
        "frames": frames,
        "devices": devices,
        "positions": positions,
    }
    message = (
        f"INTACT {manifest.get('kind')} package of subject {manifest.get('subject_id')}, "
        f"{manifest.get('from')} to {manifest.get('to')}: {len(manifest['files'])} files, "
        f"{frames} raw frames of {len(devices)} device(s) in an unbroken hash chain, "
        f"{positions} positions; signed ({ALGORITHM}) by key {key_fp}"
    )
    return Outcome(INTACT, message, summary)


def _read(
    archive: zipfile.ZipFile,
    names: list[str],
    name: str,
    missing: type[Exception] = _Broken,
) -> bytes:
    if name not in names:
        if missing is _NotBundle:
            raise _NotBundle(f"it has no {name}")
        raise _Broken(name, "missing")
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:  # a CRC error
        raise _Broken(name, f"unreadable ({exc})") from exc


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise _NotBundle(f"{layout.MANIFEST} is not JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != layout.FORMAT:
        raise _NotBundle(f"{layout.MANIFEST} does not declare the format {layout.FORMAT}")
    if manifest.get("version") != layout.VERSION:
        raise _NotBundle(f"format version {manifest.get('version')} is not {layout.VERSION}")
    files = manifest.get("files")
    signing = manifest.get("signing")
    if not isinstance(files, list) or not isinstance(signing, dict):
        raise _Broken(layout.MANIFEST, "no file list or signing block")
    return manifest


def _signature(
    archive: zipfile.ZipFile, names: list[str], manifest: bytes, signing: dict[str, Any]
) -> bytes:
    if signing.get("algorithm") != ALGORITHM:
        raise _Broken(layout.MANIFEST, f"signing algorithm is not {ALGORITHM}")
    signature_text = _read(archive, names, layout.SIGNATURE)
    try:
        key_raw = base64.b64decode(str(signing.get("public_key")), validate=True)
        signature = base64.b64decode(signature_text.strip(), validate=True)
        public_key(key_raw).verify(signature, manifest)
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise _Broken(
            layout.SIGNATURE,
            "the signature does not match manifest.json (the manifest was edited or the "
            "signature is wrong)",
        ) from exc
    return key_raw


def _files(archive: zipfile.ZipFile, names: list[str], listed: list[Any]) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for entry in listed:
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str):
            raise _Broken(layout.MANIFEST, f"a file entry without a path: {entry!r}")
        data = _read(archive, names, path)
        if layout.sha256(data) != entry.get("sha256") or len(data) != entry.get("size"):
            raise _Broken(path, "its SHA-256 does not match the manifest (the file was changed)")
        contents[path] = data
    for name in names:
        if name not in contents and name not in layout.UNLISTED:
            raise _Broken(name, "not in the manifest (a file was added)")
    return contents


def _json(contents: dict[str, bytes], path: str) -> Any:
    if path not in contents:
        raise _Broken(path, "missing from the manifest")
    try:
        return json.loads(contents[path])
    except ValueError as exc:
        raise _Broken(path, f"not JSON ({exc})") from exc


def _frames(contents: dict[str, bytes]) -> tuple[int, list[str]]:
    """Each frame's content hashes to its hash from its previous hash; consecutive frames of a
    device link unless the second starts a segment; the raw bytes are the content's."""
    records = _json(contents, layout.FRAMES)
    last: dict[str, tuple[int, str]] = {}
    for index, record in enumerate(records):
        item = f"{layout.FRAMES} #{index + 1}"
        try:
            device, frame_id = record["device"], int(record["id"])
            raw = contents[record["file"]]
            content = {**record["content"], "raw": base64.b64encode(raw).decode("ascii")}
            prev_hash, hash_ = record["prev_hash"], record["hash"]
        except (KeyError, TypeError, ValueError) as exc:
            raise _Broken(item, f"not a frame record ({exc})") from exc
        item = f"frame {frame_id} of device {device}"
        before = last.get(device)
        if before is not None and frame_id <= before[0]:
            raise _Broken(item, "out of order (frames reordered)")
        if before is not None and prev_hash != before[1] and not record.get("segment_start"):
            raise _Broken(item, "its previous hash is not the frame before it (chain broken)")
        if layout.chain_hash(prev_hash, content) != hash_:
            raise _Broken(item, "its content does not hash to its hash")
        last[device] = (frame_id, hash_)
    return len(records), sorted(last)


def _positions(contents: dict[str, bytes]) -> int:
    rows = _json(contents, layout.POSITIONS)
    times = [str(row.get("time")) for row in rows]
    for index in range(1, len(times)):
        if times[index] < times[index - 1]:
            raise _Broken(f"{layout.POSITIONS} #{index + 1}", "out of time order (reordered)")
    return len(rows)
