"""The signed bundle and its offline verifier: a round trip is intact; every kind of tampering
(a byte of a raw frame or of a record, the manifest, the signature, a file removed or added,
records or frames reordered) gives exit 1 naming the first broken item; a file that is not a
package gives exit 2. The verifier reads only the ZIP (no database, no Valvo state)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.evidence import members, rezip
from tests.unit.evidence.sample import KEY, OTHER_KEY, packed, sample_package
from valvo.adapters.evidence import layout
from valvo.adapters.evidence.verify import BROKEN, INTACT, NOT_A_BUNDLE, verify_bundle
from valvo.cli.main import app

FRAME = "frames/dev-7/000000000011.bin"


def resign(files: dict[str, bytes], key: object = KEY) -> dict[str, bytes]:
    """Re-list every file's digest and sign the manifest again (what a forger with the key
    could do): then only the semantic checks can tell."""
    manifest = json.loads(files[layout.MANIFEST])
    for entry in manifest["files"]:
        data = files[entry["path"]]
        entry["sha256"], entry["size"] = layout.sha256(data), len(data)
    files[layout.MANIFEST] = layout.json_bytes(manifest)
    files[layout.SIGNATURE] = base64.b64encode(KEY.sign(files[layout.MANIFEST]))
    return files


def flip(data: bytes, at: int = 5) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_a_package_round_trips_intact() -> None:
    bundle = packed().content
    outcome = verify_bundle(bundle)
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["frames"] == 4
    assert outcome.summary["positions"] == 4
    assert outcome.summary["devices"] == ["dev-7"]
    assert outcome.summary["key_fingerprint"] == KEY.fingerprint
    assert outcome.summary["signatory"] == "Tarkastaja Liisa Mäkinen"
    files = members(bundle)
    assert files[FRAME].startswith(b"id=dev-7&")
    frames = json.loads(files[layout.FRAMES])
    assert [f["id"] for f in frames] == [10, 11, 12, 13]
    assert frames[0]["segment_start"] is True
    assert frames[1]["segment_start"] is False
    listed = {e["path"] for e in json.loads(files[layout.MANIFEST])["files"]}
    assert set(files) - listed == {layout.MANIFEST, layout.SIGNATURE, layout.PUBLIC_KEY}


def test_the_same_package_builds_the_same_bytes() -> None:
    assert packed().content == packed().content


def test_a_pinned_key_must_be_the_signer() -> None:
    bundle = packed().content
    assert verify_bundle(bundle, KEY.fingerprint).code == INTACT
    outcome = verify_bundle(bundle, OTHER_KEY.fingerprint)
    assert outcome.code == BROKEN
    assert outcome.message.startswith("manifest.sig: signed by key")


@pytest.mark.parametrize(
    ("tamper", "named"),
    [
        (lambda f: f.update({FRAME: flip(f[FRAME])}), f"{FRAME}: its SHA-256 does not match"),
        (
            lambda f: f.update(
                {layout.POSITIONS: f[layout.POSITIONS].replace(b"60.17", b"60.18", 1)}
            ),
            f"{layout.POSITIONS}: its SHA-256 does not match",
        ),
        (
            lambda f: f.update({"report-fi.pdf": f["report-fi.pdf"] + b" "}),
            "report-fi.pdf: its SHA-256 does not match",
        ),
        (
            lambda f: f.update(
                {
                    layout.MANIFEST: f[layout.MANIFEST].replace(
                        b'"kind": "track"', b'"kind": "alarm"'
                    )
                }
            ),
            "manifest.sig: the signature does not match manifest.json",
        ),
        (
            lambda f: f.update({layout.SIGNATURE: base64.b64encode(OTHER_KEY.sign(b"x"))}),
            "manifest.sig: the signature does not match manifest.json",
        ),
        (lambda f: f.pop(layout.SIGNATURE), "manifest.sig: missing"),
        (lambda f: f.pop(FRAME), f"{FRAME}: missing"),
        (lambda f: f.pop(layout.POSITIONS), f"{layout.POSITIONS}: missing"),
        (lambda f: f.update({"frames/dev-7/extra.bin": b"x"}), "frames/dev-7/extra.bin: not in"),
        (
            lambda f: f.update(
                {layout.POSITIONS: layout.json_bytes(json.loads(f[layout.POSITIONS])[::-1])}
            ),
            f"{layout.POSITIONS}: its SHA-256 does not match",
        ),
    ],
    ids=[
        "byte-in-frame",
        "byte-in-json",
        "byte-in-report",
        "manifest-edited",
        "signature-wrong",
        "signature-removed",
        "frame-removed",
        "records-removed",
        "file-added",
        "records-reordered",
    ],
)
def test_every_tampering_is_named(tamper: object, named: str) -> None:
    files = members(packed().content)
    tamper(files)  # type: ignore[operator]
    outcome = verify_bundle(rezip(files))
    assert outcome.code == BROKEN
    assert outcome.message.startswith(named), outcome.message


def test_a_re_signed_forgery_is_caught_by_the_frame_chain() -> None:
    """Even with the signing key, a changed raw frame, reordered frames or positions do not
    pass: the frames' own hash chain and the time order are checked too."""
    files = resign({**members(packed().content), FRAME: b"id=dev-7&lat=61.00"})
    outcome = verify_bundle(rezip(files))
    assert outcome.code == BROKEN
    assert outcome.message == "frame 11 of device dev-7: its content does not hash to its hash"

    files = members(packed().content)
    frames = json.loads(files[layout.FRAMES])
    frames[1], frames[2] = frames[2], frames[1]
    files[layout.FRAMES] = layout.json_bytes(frames)
    outcome = verify_bundle(rezip(resign(files)))
    assert outcome.code == BROKEN
    assert outcome.message.startswith("frame 12 of device dev-7: its previous hash is not")

    files = members(packed().content)
    frames = json.loads(files[layout.FRAMES])
    del frames[1]
    files[layout.FRAMES] = layout.json_bytes(frames)
    outcome = verify_bundle(rezip(resign(files)))
    assert outcome.message.startswith("frame 12 of device dev-7: its previous hash is not")

    files = members(packed().content)
    rows = json.loads(files[layout.POSITIONS])
    files[layout.POSITIONS] = layout.json_bytes(rows[::-1])
    outcome = verify_bundle(rezip(resign(files)))
    assert outcome.message.startswith(f"{layout.POSITIONS} #2: out of time order")


@pytest.mark.parametrize(
    "data",
    [
        b"not a zip at all",
        b"",
        rezip({"readme.txt": b"hello"}),
        rezip({layout.MANIFEST: b"{not json"}),
        rezip({layout.MANIFEST: b'{"format": "something-else"}'}),
    ],
    ids=["text", "empty", "zip-without-manifest", "manifest-not-json", "other-format"],
)
def test_a_file_that_is_not_a_package_is_exit_2(data: bytes) -> None:
    assert verify_bundle(data).code == NOT_A_BUNDLE


def test_the_command_exits_0_1_and_2(tmp_path: Path) -> None:
    good, bad, other = tmp_path / "good.zip", tmp_path / "bad.zip", tmp_path / "other.pdf"
    good.write_bytes(packed(sample_package()).content)
    files = members(good.read_bytes())
    files[FRAME] = flip(files[FRAME])
    bad.write_bytes(rezip(files))
    other.write_bytes(b"%PDF-1.4")
    runner = CliRunner()
    result = runner.invoke(app, ["evidence", "verify", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("INTACT track package of subject subject-1")
    assert KEY.fingerprint in result.output
    result = runner.invoke(app, ["evidence", "verify", str(good), "--json"])
    assert json.loads(result.output)["intact"] is True
    result = runner.invoke(app, ["evidence", "verify", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"BROKEN {FRAME}: its SHA-256 does not match")
    result = runner.invoke(app, ["evidence", "verify", str(other)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["evidence", "verify", str(tmp_path / "missing.zip")])
    assert result.exit_code == 2
