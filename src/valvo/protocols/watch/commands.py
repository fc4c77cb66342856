"""Server → device commands for the Watch protocol, in the ``[CS*<id>*<len>*<content>]`` envelope.

The length counts the content as sent, after escaping voice data. Time zones are given as an
offset: the caller resolves a zone name to its standard (non-DST) offset, keeping this pure.
"""

from __future__ import annotations

from datetime import timedelta

from valvo.protocols.watch.frames import envelope, escape

COMMANDS = frozenset(
    {"rebootDevice", "sosNumber", "voiceMessage", "message", "custom", "setTimezone"}
)


def encode_command(
    device_id: str,
    command: str,
    *,
    vendor: str = "CS",
    index: int | None = None,
    phone: str | None = None,
    data: bytes | str | None = None,
    utc_offset: timedelta | None = None,
    language: int | None = None,
) -> bytes:
    """The frame for ``command`` (one of :data:`COMMANDS`, Traccar's names).

    ``sosNumber`` takes ``index`` and ``phone``; ``voiceMessage`` AMR ``data`` bytes;
    ``message`` and ``custom`` text ``data``; ``setTimezone`` ``utc_offset`` and optionally
    ``language``.
    """
    return envelope(vendor, device_id, _content(command, index, phone, data, utc_offset, language))


def encode_text(device_id: str, text: str, *, vendor: str = "CS") -> bytes:
    """A plain text command (``CR``, ``UPLOAD,60``, ``FIND``) in the envelope; ``vendor`` is the
    maker code the watch itself uses (the 4P-Touch document answers ``3G`` with ``3G``)."""
    if not text or any(c in text for c in "[]*"):
        raise ValueError(f"Watch command {text!r} is empty or holds a frame character")
    return envelope(vendor, device_id, text.encode("ascii"))


def _content(
    command: str,
    index: int | None,
    phone: str | None,
    data: bytes | str | None,
    utc_offset: timedelta | None,
    language: int | None,
) -> bytes:
    if command == "rebootDevice":
        return b"RESET"
    if command == "sosNumber":
        if index is None or phone is None:
            raise ValueError("sosNumber needs index and phone")
        return f"SOS{index},{phone}".encode("ascii")
    if command == "voiceMessage":
        if not isinstance(data, bytes):
            raise ValueError("voiceMessage needs the audio as bytes")
        return b"TK," + escape(data)
    if command in ("message", "custom"):
        if not isinstance(data, str):
            raise ValueError(f"{command} needs text data")
        if command == "custom":
            return data.encode("utf-8")
        return b"MESSAGE," + data.encode("utf-16-be").hex().encode("ascii")
    if command == "setTimezone":
        if utc_offset is None:
            raise ValueError("setTimezone needs utc_offset")
        hours = utc_offset.total_seconds() / 3600
        lang = "" if language is None else str(language)
        return f"LZ,{lang},{hours:+g}".encode("ascii")
    raise ValueError(f"unknown Watch command {command!r}; known: {', '.join(sorted(COMMANDS))}")
