"""Write a package as the signed ZIP: the reports, the records as JSON, the raw frames, a
manifest of every file's SHA-256 and the manifest's Ed25519 signature (docs/evidence.md)."""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Callable
from datetime import UTC

from valvo.adapters.evidence import layout
from valvo.adapters.evidence.records import (
    chain_record,
    frame_records,
    history_record,
    package_record,
)
from valvo.adapters.evidence.signing import ALGORITHM, SigningKey
from valvo.services.evidence.package import EvidencePackage, PackedEvidence

Renderer = Callable[[EvidencePackage, str, str], bytes]  # (package, language, key) -> PDF
LANGUAGES = ("fi", "en")


class ZipEvidencePacker:
    def __init__(self, key: SigningKey, render: Renderer) -> None:
        self._key = key
        self._render = render

    def pack(self, package: EvidencePackage) -> PackedEvidence:
        fp = self._key.fingerprint
        files: list[tuple[str, bytes]] = [
            (f"report-{lang}.pdf", self._render(package, lang, fp)) for lang in LANGUAGES
        ]
        files += [
            (layout.PACKAGE, layout.json_bytes(package_record(package, fp))),
            (layout.POSITIONS, layout.json_bytes(package.positions)),
            ("records/alarms.json", layout.json_bytes(package.alarms)),
            ("records/zones.json", layout.json_bytes(package.zones)),
            ("records/history.json", layout.json_bytes(history_record(package))),
            ("records/observations.json", layout.json_bytes(package.observations)),
            (layout.FRAMES, layout.json_bytes(frame_records(package))),
            ("records/chain_check.json", layout.json_bytes(chain_record(package))),
        ]
        files += [(layout.frame_path(f.device, f.id), f.raw) for f in package.frames]
        manifest = layout.json_bytes(
            {
                "format": layout.FORMAT,
                "version": layout.VERSION,
                "kind": package.kind,
                "subject_id": package.subject["id"],
                "from": package.request.start,
                "to": package.request.end,
                "alarm_id": package.request.alarm_id,
                "built_at": package.built_at,
                "signing": {
                    "algorithm": ALGORITHM,
                    "public_key": self._key.public_b64,
                    "key_fingerprint": fp,
                },
                "files": [
                    {"path": path, "sha256": layout.sha256(data), "size": len(data)}
                    for path, data in files
                ],
            }
        )
        signature = base64.b64encode(self._key.sign(manifest)) + b"\n"
        content = _zip(
            [
                (layout.MANIFEST, manifest),
                (layout.SIGNATURE, signature),
                (layout.PUBLIC_KEY, self._key.public_pem().encode("ascii")),
                *files,
            ],
            package,
        )
        stamp = package.built_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return PackedEvidence(
            content=content,
            filename=f"evidence-{package.kind}-{package.subject['id'][:8]}-{stamp}.zip",
            manifest_sha256=layout.sha256(manifest),
            key_fingerprint=fp,
        )


def _zip(files: list[tuple[str, bytes]], package: EvidencePackage) -> bytes:
    when = package.built_at.astimezone(UTC)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
