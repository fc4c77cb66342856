"""The text of a PDF that fpdf2 wrote, read back without a PDF library: inflate the streams,
find each font's ToUnicode map (``bfchar`` and ``bfrange``), follow the ``Tf`` font switches of
the page content and decode the two-byte glyph codes of its strings. Enough for checking what a
generated document says; not a general PDF reader."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_STREAM_START = re.compile(rb"stream\r?\n")
_LENGTH = re.compile(rb"/Length (\d+)")
_FONT_REF = re.compile(rb"/(F\d+) (\d+) 0 R")
_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_FONT_SWITCH = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_text(data: bytes) -> str:
    """Every string the pages show, in order, joined by spaces with runs of space folded."""
    objects = {int(m[1]): m[2] for m in _OBJECT.finditer(data)}
    streams = {number: _stream(body) for number, body in objects.items()}
    maps: dict[bytes, dict[int, str]] = {}
    for name, number in _FONT_REF.findall(data):
        font = objects.get(int(number), b"")
        link = _TO_UNICODE.search(font)
        if link is not None:
            maps[name] = _to_unicode(streams.get(int(link[1])) or b"")
    shown: list[str] = []
    for stream in streams.values():
        if stream is not None and b"BT" in stream and b"Tf" in stream:
            shown += _show(stream, maps)
    return " ".join(" ".join(shown).split())


def _stream(body: bytes) -> bytes | None:
    """The stream's data, ``/Length`` bytes after the ``stream`` keyword: compressed data may
    end in a carriage return, which a search for the ``endstream`` line would take away."""
    start, length = _STREAM_START.search(body), _LENGTH.search(body)
    if start is None:
        return None
    if length is not None:
        data = body[start.end() : start.end() + int(length[1])]
    else:
        match = _STREAM.search(body)
        data = b"" if match is None else match[1]
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def _to_unicode(stream: bytes) -> dict[int, str]:
    found: dict[int, str] = {}
    for block in _BFCHAR.findall(stream):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=True):
            found[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in _BFRANGE.findall(stream):
        codes = _HEX.findall(block)
        for low, high, first in zip(codes[::3], codes[1::3], codes[2::3], strict=True):
            start = ord(bytes.fromhex(first.decode()).decode("utf-16-be"))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = chr(start + offset)
    return found


def _show(stream: bytes, maps: dict[bytes, dict[int, str]]) -> list[str]:
    """The strings of one content stream, each decoded with the font in force where it is."""
    switches = [(m.start(), m[1]) for m in _FONT_SWITCH.finditer(stream)]
    out: list[str] = []
    for position, string in _strings(stream):
        font = next((name for at, name in reversed(switches) if at < position), None)
        out.append(_decode(string, maps.get(font or b"", {})))
    return out


def _strings(stream: bytes) -> list[tuple[int, bytes]]:
    """The literal strings ``(...)`` with their positions, unescaped."""
    out: list[tuple[int, bytes]] = []
    i = 0
    while (i := stream.find(b"(", i)) >= 0:
        depth, j, buf = 1, i + 1, bytearray()
        while depth and j < len(stream):
            c = stream[j : j + 1]
            if c == b"\\":
                octal = re.match(rb"[0-7]{1,3}", stream[j + 1 : j + 4])
                if octal is not None:
                    buf.append(int(octal.group(), 8) & 0xFF)
                    j += 1 + len(octal.group())
                    continue
                nxt = stream[j + 1 : j + 2]
                buf += _ESCAPES.get(nxt, nxt)
                j += 2
                continue
            depth += {b"(": 1, b")": -1}.get(c, 0)
            if depth:
                buf += c
            j += 1
        out.append((i, bytes(buf)))
        i = j
    return out


def _decode(string: bytes, cmap: dict[int, str]) -> str:
    if not cmap:
        return string.decode("latin-1")
    codes = [int.from_bytes(string[k : k + 2], "big") for k in range(0, len(string) - 1, 2)]
    return "".join(cmap.get(code, "") for code in codes)
