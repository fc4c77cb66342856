"""Mutation fuzzing of every registered decoder and splitter for a while (not part of the tests).

    .venv/bin/python bench/fuzz_decoders.py [--minutes 5] [--seed 1]

Round-robin over the protocols in the registry: a corpus frame (random bytes for a protocol
without corpus vectors) is mutated (bit flips, byte
changes, truncation, inserted or deleted bytes, inflated length or number fields, frames
spliced together) and decoded in a lenient or strict session with a random corpus model; the
same mutants are fed to the protocol's splitter in random pieces. Anything other than a
DecodeError escaping, a record that does not print as the `valvo decode` contract, or a
splitter buffer growing past its limit is a failure. Failures are printed with the input (hex)
and written, with a summary, to bench/results/fuzz_decoders.json; the exit status is 1 if any.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support.vectors import CORPUS, load_vectors  # noqa: E402

from valvo.cli.decode import record_to_json  # noqa: E402
from valvo.protocols.base import DecodeError, DecodeResult, Session  # noqa: E402
from valvo.protocols.registry import PROTOCOLS  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "fuzz_decoders.json"
_MAX_FAILURES_KEPT = 50


def _message(vector: dict[str, object]) -> bytes:
    raw = str(vector["raw"])
    if vector["kind"] == "hex":
        return bytes.fromhex(raw)
    try:
        return raw.encode("latin-1")
    except UnicodeEncodeError:
        return raw.encode()


def mutate(rng: random.Random, samples: list[bytes]) -> bytes:
    data = bytearray(rng.choice(samples))
    for _ in range(rng.randint(1, 4)):
        operation = rng.randrange(8)
        if operation == 0 and data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif operation == 1 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif operation == 2:
            del data[rng.randint(0, len(data)) :]
        elif operation == 3:
            at = rng.randint(0, len(data))
            data[at:at] = rng.randbytes(rng.randint(1, 8))
        elif operation == 4 and data:
            at = rng.randrange(len(data))
            del data[at : at + rng.randint(1, 8)]
        elif operation == 5 and len(data) > 4:
            at = rng.randrange(min(len(data) - 2, 12))  # length fields sit near the start
            data[at : at + 2] = rng.choice([b"\xff\xff", b"\x7f\xff", b"99", b"\x00\x00"])
        elif operation == 6:
            digits = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]
            if digits:
                data[rng.choice(digits)] = rng.choice(b"9-.0")
        else:
            other = rng.choice(samples)
            data += other[: rng.randint(0, len(other))]
    return bytes(data)


def check_result(result: DecodeResult) -> None:
    for record in result.records:
        json.dumps(record_to_json(record, result.ack), allow_nan=False)
        if record.lat is not None and record.lon is not None:
            assert -90.0 <= record.lat <= 90.0
            assert -180.0 <= record.lon <= 180.0
        for value in (record.speed_kmh, record.course, record.altitude_m):
            assert value is None or math.isfinite(value)


def fuzz_one(
    name: str, rng: random.Random, samples: list[bytes], models: list[str | None]
) -> bytes:
    """One decoder and one splitter run; returns the input, raises on a failure."""
    spec = PROTOCOLS[name]
    message = mutate(rng, samples)
    session = Session(device=None, model=rng.choice(models), strict=rng.random() < 0.3)
    with contextlib.suppress(DecodeError):
        check_result(spec.make_decoder().decode(message, session))
    if spec.make_splitter is not None:
        splitter = spec.make_splitter()
        limit = int(getattr(splitter, "max_frame", 1 << 20))
        buffer = bytearray()
        stream = message + mutate(rng, samples)
        cut = rng.randint(1, 200)
        for start in range(0, len(stream), cut):
            buffer += stream[start : start + cut]
            try:
                splitter.split(buffer)
            except DecodeError:
                break
            assert len(buffer) <= limit, f"splitter buffer {len(buffer)} > {limit}"
    return message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpora = {}
    for name in sorted(PROTOCOLS):
        has_corpus = (CORPUS / f"{name}.jsonl").exists()
        vectors = (
            [v for v in load_vectors(name) if v["layer"] in ("decoder", "frame")]
            if (has_corpus)
            else []
        )
        models: list[str | None] = [None]
        models += sorted({str(v["context"]["model"]) for v in vectors if v["context"].get("model")})
        samples = [_message(v) for v in vectors] or [rng.randbytes(64) for _ in range(32)]
        corpora[name] = (samples, models)
    runs = dict.fromkeys(corpora, 0)
    failures: list[dict[str, str]] = []
    deadline = time.monotonic() + args.minutes * 60
    while time.monotonic() < deadline:
        for name, (samples, models) in corpora.items():
            state = rng.getstate()
            try:
                fuzz_one(name, rng, samples, models)
            except Exception:  # every escape is a finding to report
                rng.setstate(state)
                message = mutate(rng, samples)
                failure = {
                    "protocol": name,
                    "input_hex": message.hex(),
                    "error": traceback.format_exc(),
                }
                if len(failures) < _MAX_FAILURES_KEPT:
                    failures.append(failure)
                print(f"FAIL {name}: {failure['error'].strip().splitlines()[-1]}")
                print(f"     input {failure['input_hex'][:160]}")
            runs[name] += 1
    for name, count in runs.items():
        print(f"{name:<10} {count:>9} inputs")
    print(f"{len(failures)} failures kept (limit {_MAX_FAILURES_KEPT})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "finished_at": datetime.now(UTC).isoformat(),
                "minutes": args.minutes,
                "seed": args.seed,
                "inputs": runs,
                "failures": failures,
            },
            indent=2,
        )
        + "\n"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
