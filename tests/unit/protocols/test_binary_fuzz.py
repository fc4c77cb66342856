"""Property tests for the Teltonika, GT06 and Meitrack decoders and splitters: random bytes and
mutated corpus vectors (bit flips, truncation, inserted bytes, inflated length fields) never
raise anything but DecodeError, every record prints as the `valvo decode` contract, and a
splitter's buffer never grows past its frame limit."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.vectors import load_vectors
from valvo.cli.decode import record_to_json
from valvo.protocols.base import DecodeError, DecodeResult, Session
from valvo.protocols.gt06.decoder import Gt06Decoder, Gt06Splitter
from valvo.protocols.meitrack.decoder import MeitrackDecoder, MeitrackSplitter
from valvo.protocols.teltonika.decoder import TeltonikaDecoder, TeltonikaSplitter

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Protocol:
    name: str
    decoder: Callable[[], TeltonikaDecoder | Gt06Decoder | MeitrackDecoder]
    splitter: Callable[[], TeltonikaSplitter | Gt06Splitter | MeitrackSplitter]
    length_fields: tuple[tuple[int, int], ...]  # (offset, size) of the length fields to inflate


PROTOCOLS = [
    Protocol("teltonika", TeltonikaDecoder, TeltonikaSplitter, ((0, 2), (4, 4), (1, 1))),
    Protocol("gt06", Gt06Decoder, Gt06Splitter, ((2, 1), (2, 2))),
    Protocol("meitrack", MeitrackDecoder, MeitrackSplitter, ((3, 3), (4, 1))),
]
MODELS = sorted(
    {
        str(v["context"]["model"])
        for p in PROTOCOLS
        for v in load_vectors(p.name)
        if v["context"].get("model")
    }
)


def _raw(vector: dict[str, object]) -> bytes:
    raw = str(vector["raw"])
    return bytes.fromhex(raw) if vector["kind"] == "hex" else raw.encode("latin-1")


def _samples(name: str, *layers: str) -> list[bytes]:
    return [_raw(v) for v in load_vectors(name) if v["layer"] in layers]


@st.composite
def _mutated(draw: st.DrawFn, samples: list[bytes], protocol: Protocol) -> bytes:
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["truncate", "flip", "insert", "inflate", "delete"]))
        if operation == "truncate":
            del data[draw(st.integers(0, len(data))) :]
        elif operation == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif operation == "insert":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(max_size=8))
        elif operation == "delete" and data:
            at = draw(st.integers(0, len(data) - 1))
            del data[at : at + draw(st.integers(1, 8))]
        elif operation == "inflate":
            offset, size = draw(st.sampled_from(protocol.length_fields))
            filler = draw(st.sampled_from([b"\xff", b"\x7f", b"9"]))
            data[offset : offset + size] = filler * size
    return bytes(data)


def _inputs(protocol: Protocol) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=300),
        _mutated(_samples(protocol.name, "decoder"), protocol),
    )


def _check_result(result: DecodeResult) -> None:
    for record in result.records:
        json.dumps(record_to_json(record, result.ack), allow_nan=False)
        if record.lat is not None and record.lon is not None:
            assert -90.0 <= record.lat <= 90.0
            assert -180.0 <= record.lon <= 180.0
        for value in (record.speed_kmh, record.course, record.altitude_m):
            assert value is None or math.isfinite(value)
        assert record.battery_pct is None or 0.0 <= record.battery_pct <= 100.0
    assert set(result.warnings) <= {"crc_mismatch", "length_mismatch"}


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=[p.name for p in PROTOCOLS])
def test_decoders_raise_only_decode_error(protocol: Protocol) -> None:
    @EXAMPLES
    @given(
        message=_inputs(protocol),
        strict=st.booleans(),
        model=st.sampled_from([None, *MODELS]),
    )
    def check(message: bytes, strict: bool, model: str | None) -> None:
        session = Session(device="123456789012345", model=model, strict=strict)
        try:
            result = protocol.decoder().decode(message, session)
        except DecodeError:
            return
        _check_result(result)
        if strict:
            assert result.warnings == ()

    check()


def _stream_pieces(protocol: Protocol) -> st.SearchStrategy[bytes]:
    frames = _samples(protocol.name, "frame", "decoder")
    return st.one_of(st.sampled_from(frames), _mutated(frames, protocol), st.binary(max_size=64))


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=[p.name for p in PROTOCOLS])
def test_splitters_stay_bounded(protocol: Protocol) -> None:
    @EXAMPLES
    @given(pieces=st.lists(_stream_pieces(protocol), max_size=8), cut=st.integers(1, 500))
    def check(pieces: list[bytes], cut: int) -> None:
        splitter, buffer = protocol.splitter(), bytearray()
        stream = b"".join(pieces)
        for start in range(0, len(stream), cut):
            buffer += stream[start : start + cut]
            try:
                frames = splitter.split(buffer)
            except DecodeError:
                return
            assert len(buffer) <= splitter.max_frame
            assert all(0 < len(frame) <= splitter.max_frame for frame in frames)

    check()


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=[p.name for p in PROTOCOLS])
def test_split_frames_decode_like_whole_frames(protocol: Protocol) -> None:
    """A stream of well-formed corpus frames cut anywhere yields the frames it is made of."""
    frames = [
        _raw(v)
        for v in load_vectors(protocol.name)
        if v["layer"] == "decoder"
        and v["transport"] == "tcp"
        and not any(v.get("derived", {}).get(k) is False for k in ("length_ok", "crc_x25_ok"))
        and v.get("derived", {}).get("crlf_present", True)
    ]

    @EXAMPLES
    @given(
        chosen=st.lists(st.sampled_from(frames), min_size=1, max_size=5), every=st.integers(1, 97)
    )
    def check(chosen: list[bytes], every: int) -> None:
        stream = b"".join(chosen)
        splitter, buffer, pieces = protocol.splitter(), bytearray(), []
        for start in range(0, len(stream), every):
            buffer += stream[start : start + every]
            pieces += splitter.split(buffer)
        assert pieces == chosen
        assert buffer == bytearray()

    check()
