"""Cuts H02 frames off a TCP stream: ``*...#`` text frames and fixed-length binary frames.

CR/LF between frames is skipped. A binary frame carries no length, so its length is inferred:
an IMEI id means 42 bytes; a 10-digit id means 32, 45, 46 or 48 bytes, and the splitter takes the
shortest one that the buffer ends at or that is followed by the start of another frame. When the
buffer holds fewer bytes than the longest candidate and none fits yet, it waits for more. A frame
that arrives split exactly after its first 32 bytes would therefore be cut short; devices send
each frame in one write, so this does not happen in practice.
"""

from __future__ import annotations

from valvo.protocols.base import DecodeError, drop_leading
from valvo.protocols.h02.binary import (
    BINARY_STARTS,
    IMEI_LENGTH,
    SHORT_ID_LENGTHS,
    binary_id_length,
)

GARBAGE_SAMPLE = 16
MAX_FRAME = 2048
_FRAME_STARTS = frozenset(b"*") | BINARY_STARTS
_SKIPPED = frozenset(b"\r\n")
_AFTER_FRAME = _FRAME_STARTS | _SKIPPED


class H02Splitter:
    """Stream splitter for H02 over TCP; frames longer than :data:`MAX_FRAME` are refused."""

    max_frame = MAX_FRAME

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while True:
            drop_leading(buffer, _SKIPPED)
            if not buffer:
                return frames
            if buffer[0] not in _FRAME_STARTS:
                if frames:
                    # Hand over the good frames; a sample of the garbage stays, to be refused on
                    # the next call.
                    del buffer[GARBAGE_SAMPLE:]
                    return frames
                raise DecodeError(f"h02: stream byte {buffer[0]:#04x} does not start a frame")
            length = _text_length(buffer) if buffer[0] == ord("*") else _binary_length(buffer)
            if length is None:
                return frames
            frames.append(bytes(buffer[:length]))
            del buffer[:length]


def _text_length(buffer: bytearray) -> int | None:
    end = buffer.find(b"#", 0, MAX_FRAME)
    if end >= 0:
        return end + 1
    if len(buffer) >= MAX_FRAME:
        raise DecodeError(f"h02: no '#' within {MAX_FRAME} bytes")
    return None


def _binary_length(buffer: bytearray) -> int | None:
    if len(buffer) < SHORT_ID_LENGTHS[0]:
        return None
    candidates = (IMEI_LENGTH,) if binary_id_length(buffer) != 5 else SHORT_ID_LENGTHS
    for length in candidates:
        if len(buffer) == length or (len(buffer) > length and buffer[length] in _AFTER_FRAME):
            return length
    if len(buffer) < candidates[-1]:
        return None
    raise DecodeError("h02: binary frame is not followed by another frame at any known length")
