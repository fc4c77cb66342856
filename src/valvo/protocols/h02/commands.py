"""Server → device commands for H02: ``*HQ,<id>,<command>,<HHMMSS>,<arguments>#``.

The ``HHMMSS`` field is the time the command is sent (UTC); the device echoes it in its ``V4``
reply, so it also identifies the command. The caller passes that time, keeping this pure.
"""

from __future__ import annotations

from datetime import UTC, datetime

# Traccar's command names → H02 command and fixed arguments.
_FIXED: dict[str, tuple[str, ...]] = {
    "alarmArm": ("SCF", "0", "0"),
    "alarmDisarm": ("SCF", "1", "1"),
    "engineStop": ("S20", "1", "1"),
    "engineResume": ("S20", "1", "0"),
}
COMMANDS = frozenset(_FIXED) | {"positionPeriodic"}


def encode_command(
    device_id: str, command: str, sent_at: datetime, *, frequency_s: int | None = None
) -> bytes:
    """The frame for ``command`` (one of :data:`COMMANDS`); ``positionPeriodic`` needs
    ``frequency_s``, the reporting interval in seconds."""
    if command == "positionPeriodic":
        if frequency_s is None or frequency_s <= 0:
            raise ValueError("positionPeriodic needs a positive frequency_s")
        parts: tuple[str, ...] = ("S71", "22", str(frequency_s))
    elif command in _FIXED:
        parts = _FIXED[command]
    else:
        raise ValueError(f"unknown H02 command {command!r}; known: {', '.join(sorted(COMMANDS))}")
    return _frame(device_id, parts, sent_at)


def encode_text(device_id: str, text: str, sent_at: datetime) -> bytes:
    """``text`` as ``<command>[,<arguments>]`` (``D1,30,1``, ``S17,30``) in the H02 frame, with
    the sending time after the command."""
    parts = tuple(text.split(","))
    if not parts[0] or not parts[0].isalnum():
        raise ValueError(f"H02 command {text!r} does not start with a command name")
    return _frame(device_id, parts, sent_at)


def _frame(device_id: str, parts: tuple[str, ...], sent_at: datetime) -> bytes:
    name, *arguments = parts
    clock = sent_at.astimezone(UTC).strftime("%H%M%S")
    return ",".join(("*HQ", device_id, name, clock, *arguments)).encode("ascii") + b"#"
