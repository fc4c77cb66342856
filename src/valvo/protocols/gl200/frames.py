"""Queclink @Track framing: text reports end at ``$`` (or NUL); binary reports carry a length.

Binary frames start with a 4-byte ASCII header not followed by ``:`` (``+RSP``, ``+EVT``, ...),
or with ``+`` and a zero byte (the compact form, length at bytes 2-3). Where the length field
sits depends on the header: byte 5 (``+HBD``, 1 byte), byte 6 (``+ACK``, 1 byte; ``+CRD``,
``+BRD``, ``+LGN``, 2 bytes), byte 7 (``+INF``/``+BNF``, 2 bytes), otherwise byte 9 (2 bytes).
The length counts the whole frame.
"""

from __future__ import annotations

from valvo.protocols.base import DecodeError, drop_leading

GARBAGE_SAMPLE = 16
MAX_FRAME = 8192
TEXT_PREFIXES = (b"+RESP:", b"+BUFF:", b"+ACK:")
# header → (offset, size) of its length field
_LENGTH_FIELD = {
    b"+HBD": (5, 1),
    b"+ACK": (6, 1),
    b"+CRD": (6, 2),
    b"+BRD": (6, 2),
    b"+LGN": (6, 2),
    b"+INF": (7, 2),
    b"+BNF": (7, 2),
    b"+RSP": (9, 2),
    b"+BSP": (9, 2),
    b"+EVT": (9, 2),
    b"+BVT": (9, 2),
}
_COMPACT = (2, 2)
_GARBAGE = (-1, -1)
_SKIPPED = frozenset(b"\r\n\x00")


def binary_header(data: bytes | bytearray) -> bytes | None:
    """The binary header a frame starts with (``b"+\\x00"`` for the compact form), or None
    when it is a text report (or too short to tell)."""
    if len(data) >= 2 and data[0] == ord("+") and data[1] == 0:
        return bytes(data[:2])
    header = bytes(data[:4])
    if header in _LENGTH_FIELD and len(data) >= 5 and data[4] != ord(":"):
        return header
    return None


def binary_length(data: bytes | bytearray, header: bytes) -> int | None:
    """The whole frame's length from its length field, or None until enough bytes arrived."""
    offset, size = _COMPACT if header == b"+\x00" else _LENGTH_FIELD[header]
    if len(data) < offset + size:
        return None
    length = int.from_bytes(data[offset : offset + size], "big")
    if not offset + size <= length <= MAX_FRAME:
        raise DecodeError(f"gl200: binary {header!r} frame claims {length} bytes")
    return length


class Gl200Splitter:
    """Stream splitter for Queclink text and binary reports; text frames come without ``$``."""

    max_frame = MAX_FRAME

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while True:
            drop_leading(buffer, _SKIPPED)
            if not buffer:
                return frames
            bounds = _next_frame(buffer)
            if bounds is None:
                return frames
            if bounds == _GARBAGE:
                if frames:
                    # Hand over the good frames; a sample of the garbage stays, to be refused on
                    # the next call.
                    del buffer[GARBAGE_SAMPLE:]
                    return frames
                raise DecodeError(f"gl200: stream does not start a report: {bytes(buffer[:8])!r}")
            frame_end, consumed = bounds
            frames.append(bytes(buffer[:frame_end]))
            del buffer[:consumed]


def _next_frame(buffer: bytearray) -> tuple[int, int] | None:
    """(end of the frame's bytes, bytes to consume), None to wait for more bytes, or
    :data:`_GARBAGE`. A text frame's ``$`` or NUL is consumed but not part of the frame."""
    header = binary_header(buffer)
    if header is not None:
        length = binary_length(buffer, header)
        return None if length is None or len(buffer) < length else (length, length)
    if any(buffer.startswith(prefix) for prefix in TEXT_PREFIXES):
        limit = min(len(buffer), MAX_FRAME)
        ends = [p for p in (buffer.find(b"$", 0, limit), buffer.find(b"\x00", 0, limit)) if p >= 0]
        if ends:
            return min(ends), min(ends) + 1
        if len(buffer) >= MAX_FRAME:
            raise DecodeError(f"gl200: no '$' within {MAX_FRAME} bytes")
        return None
    could_be_a_header = len(buffer) < 6 and buffer[0] == ord("+")
    return None if could_be_a_header else _GARBAGE
