"""Watch-protocol framing: the ``[vendor*id*len*content]`` envelope, byte escapes, TCP splitting.

Binary payloads (voice ``TK``, ``JXTK`` chunks, pictures) are escaped on the wire:
``7D 01`` = ``}``, ``7D 02`` = ``[``, ``7D 03`` = ``]``, ``7D 04`` = ``,``, ``7D 05`` = ``*``.
The splitter finds a frame's end by counting brackets (text content such as a Wi-Fi name may
hold a balanced ``[...]``) and hands the decoder the unescaped frame.
"""

from __future__ import annotations

import re

from valvo.protocols.base import DecodeError, drop_leading

GARBAGE_SAMPLE = 16
MAX_FRAME = 64 * 1024
_ESCAPES = {b"}": b"\x01", b"[": b"\x02", b"]": b"\x03", b",": b"\x04", b"*": b"\x05"}
_UNESCAPES = {code: raw for raw, code in _ESCAPES.items()}
_ESCAPED = re.compile(rb"\x7d([\x01-\x05])")
_TO_ESCAPE = re.compile(rb"[}\[\],*]")
_BRACKET = re.compile(rb"[\[\]]")
_SKIPPED = frozenset(b"\r\n")


def escape(data: bytes) -> bytes:
    return _TO_ESCAPE.sub(lambda m: b"\x7d" + _ESCAPES[m.group(0)], data)


def unescape(data: bytes) -> bytes:
    return _ESCAPED.sub(lambda m: _UNESCAPES[m.group(1)], data)


def envelope(vendor: str, device: str, content: bytes, serial: bytes | None = None) -> bytes:
    """``[vendor*device[*serial]*<len>*content]``; the length is of ``content`` as given."""
    head = f"[{vendor}*{device}*".encode("ascii")
    if serial is not None:
        head += serial + b"*"
    return head + f"{len(content):04x}*".encode("ascii") + content + b"]"


class WatchSplitter:
    """Stream splitter for the Watch protocol; frames longer than :data:`MAX_FRAME` are refused."""

    max_frame = MAX_FRAME

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while True:
            drop_leading(buffer, _SKIPPED)
            if not buffer:
                return frames
            if buffer[0] != ord("["):
                if frames:
                    # Hand over the good frames; a sample of the garbage stays, to be refused on
                    # the next call.
                    del buffer[GARBAGE_SAMPLE:]
                    return frames
                raise DecodeError(f"watch: stream byte {buffer[0]:#04x} does not start a frame")
            end = _frame_end(buffer)
            if end is None:
                return frames
            frames.append(unescape(bytes(buffer[:end])))
            del buffer[:end]


def _frame_end(buffer: bytearray) -> int | None:
    depth = 0
    for match in _BRACKET.finditer(buffer, 0, MAX_FRAME):
        depth += 1 if match.group(0) == b"[" else -1
        if depth == 0:
            return match.end()
    if len(buffer) >= MAX_FRAME:
        raise DecodeError(f"watch: no frame end within {MAX_FRAME} bytes")
    return None
