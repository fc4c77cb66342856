"""Decode throughput of every registered protocol on one core, against a baseline in the same run.

    .venv/bin/python bench/decode_throughput.py [--seconds 1.5]

Frames: the corpus decoder vectors of each protocol that decode cleanly (no DecodeError, no
warning), each with a session naming a device and the vector's model. Every protocol's frames
are decoded round-robin for ``--seconds``. A registered protocol without corpus vectors (or
none that decode cleanly) is listed as not measured.

Baseline (the floor, measured in the same run on the same frames): ``bytes.hex()`` then
``bytes.fromhex()`` of each frame, i.e. touching every byte twice in C. The ratio is decoder
frames/s divided by baseline frames/s, so a higher ratio means a cheaper decoder.
Figures go to bench/results/decode_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support.vectors import CORPUS, load_vectors  # noqa: E402

from valvo.protocols.base import DecodeError, Decoder, Session  # noqa: E402
from valvo.protocols.registry import PROTOCOLS  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "decode_throughput.json"
_DEVICE = "123456789012345"


@dataclass(frozen=True)
class Frame:
    message: bytes
    device: str | None
    model: str | None


def _message(vector: dict[str, object]) -> bytes:
    raw = str(vector["raw"])
    if vector["kind"] == "hex":
        return bytes.fromhex(raw)
    try:
        return raw.encode("latin-1")
    except UnicodeEncodeError:
        return raw.encode()


def clean_frames(protocol: str) -> list[Frame]:
    """The protocol's decoder vectors that decode to records without warnings."""
    if not (CORPUS / f"{protocol}.jsonl").exists():
        return []
    decoder = PROTOCOLS[protocol].make_decoder()
    frames = []
    for vector in load_vectors(protocol):
        if vector["layer"] != "decoder":
            continue
        context = dict(vector.get("context") or {})
        frame = Frame(_message(vector), _DEVICE, context.get("model"))
        try:
            result = decoder.decode(frame.message, _session(frame))
        except DecodeError:
            continue
        if result.records and not result.warnings:
            frames.append(frame)
    return frames


def _session(frame: Frame) -> Session:
    return Session(device=frame.device, model=frame.model)


def _rate(work: Callable[[], int], seconds: float) -> float:
    """Frames per second of ``work`` (one pass over the frames per call) over ``seconds``."""
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        done += work()
    return done / elapsed


def measure(protocol: str, seconds: float) -> dict[str, object]:
    frames = clean_frames(protocol)
    if not frames:
        return {"protocol": protocol, "frames": 0, "note": "no clean corpus vectors; not measured"}
    decoder: Decoder = PROTOCOLS[protocol].make_decoder()
    sessions = [_session(frame) for frame in frames]
    messages = [frame.message for frame in frames]

    def decode_all() -> int:
        for message, session in zip(messages, sessions, strict=True):
            decoder.decode(message, session)
        return len(messages)

    def baseline_all() -> int:
        for message in messages:
            bytes.fromhex(message.hex())
        return len(messages)

    records = sum(
        len(decoder.decode(m, s).records) for m, s in zip(messages, sessions, strict=True)
    )
    decoded = _rate(decode_all, seconds)
    baseline = _rate(baseline_all, seconds / 3)
    return {
        "protocol": protocol,
        "frames": len(frames),
        "mean_frame_bytes": round(sum(map(len, messages)) / len(messages), 1),
        "records_per_frame": round(records / len(messages), 2),
        "frames_per_s": round(decoded),
        "us_per_frame": round(1e6 / decoded, 2),
        "baseline_frames_per_s": round(baseline),
        "ratio": round(decoded / baseline, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="decode time per protocol")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, no migration
    results = [measure(name, args.seconds) for name in sorted(PROTOCOLS)]
    header = f"{'protocol':<10} {'frames':>6} {'bytes':>7} {'rec/fr':>6} {'frames/s':>10}"
    header += f" {'us/frame':>9}"
    print(f"{header} {'baseline/s':>11} {'ratio':>7}")
    for row in results:
        if not row["frames"]:
            print(f"{row['protocol']:<10} {row['note']}")
            continue
        print(
            f"{row['protocol']:<10} {row['frames']:>6} {row['mean_frame_bytes']:>7} "
            f"{row['records_per_frame']:>6} {row['frames_per_s']:>10} {row['us_per_frame']:>9} "
            f"{row['baseline_frames_per_s']:>11} {row['ratio']:>7}"
        )
    print("baseline: bytes.hex() + bytes.fromhex() of the same frames; ratio = decoder / baseline")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(),
                "python": platform.python_version(),
                "corpus": str(CORPUS),
                "baseline": "bytes.hex() + bytes.fromhex() per frame",
                "seconds_per_protocol": args.seconds,
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
