"""A bounds-checked reader over a byte string: every read past the end is a DecodeError."""

from __future__ import annotations

import struct

from valvo.protocols.base import DecodeError


class ByteReader:
    """Sequential big-endian reads (``*_le`` for little-endian) over ``data[start:end]``.

    ``what`` names the protocol in error messages, e.g. ``"gt06"``.
    """

    __slots__ = ("_data", "_end", "_pos", "_what")

    def __init__(self, data: bytes, what: str, start: int = 0, end: int | None = None) -> None:
        if start < 0:
            raise DecodeError(f"{what}: message too short (read from offset {start})")
        self._data = data
        self._pos = start
        self._end = len(data) if end is None else min(end, len(data))
        self._what = what

    @property
    def position(self) -> int:
        return self._pos

    @property
    def remaining(self) -> int:
        return max(self._end - self._pos, 0)

    def _take(self, size: int, field: str) -> int:
        if size < 0 or self._pos + size > self._end:
            raise DecodeError(
                f"{self._what}: message truncated in {field} "
                f"(needs {size} bytes at offset {self._pos}, has {self.remaining})"
            )
        start = self._pos
        self._pos += size
        return start

    def read(self, size: int, field: str = "data") -> bytes:
        start = self._take(size, field)
        return self._data[start : start + size]

    def unpack(self, layout: struct.Struct, field: str) -> tuple[int, ...]:
        """A fixed block of fields read at once (``layout``: a compiled struct format)."""
        return layout.unpack_from(self._data, self._take(layout.size, field))

    def rest(self) -> bytes:
        start = self._pos
        self._pos = self._end
        return self._data[start : self._end]

    def skip(self, size: int, field: str = "data") -> None:
        self._take(size, field)

    def peek_u8(self, field: str = "byte") -> int:
        if self._pos >= self._end:
            raise DecodeError(f"{self._what}: message truncated in {field}")
        return self._data[self._pos]

    def u8(self, field: str = "byte") -> int:
        return self._data[self._take(1, field)]

    def i8(self, field: str = "byte") -> int:
        value = self.u8(field)
        return value - 0x100 if value & 0x80 else value

    def u16(self, field: str = "u16") -> int:
        return int.from_bytes(self.read(2, field), "big")

    def i16(self, field: str = "i16") -> int:
        return int.from_bytes(self.read(2, field), "big", signed=True)

    def u32(self, field: str = "u32") -> int:
        return int.from_bytes(self.read(4, field), "big")

    def i32(self, field: str = "i32") -> int:
        return int.from_bytes(self.read(4, field), "big", signed=True)

    def u64(self, field: str = "u64") -> int:
        return int.from_bytes(self.read(8, field), "big")

    def uint(self, size: int, field: str = "value") -> int:
        return int.from_bytes(self.read(size, field), "big")

    def u16_le(self, field: str = "u16") -> int:
        return int.from_bytes(self.read(2, field), "little")

    def i16_le(self, field: str = "i16") -> int:
        return int.from_bytes(self.read(2, field), "little", signed=True)

    def u32_le(self, field: str = "u32") -> int:
        return int.from_bytes(self.read(4, field), "little")

    def i32_le(self, field: str = "i32") -> int:
        return int.from_bytes(self.read(4, field), "little", signed=True)

    def uint_le(self, size: int, field: str = "value") -> int:
        return int.from_bytes(self.read(size, field), "little")


def printable_or_hex(data: bytes) -> str:
    """ASCII text when every byte is printable, else lowercase hex (command replies)."""
    if data and all(0x20 <= b < 0x7F for b in data):
        return data.decode("ascii")
    return data.hex()
