"""The H02 32-bit vehicle status word, shared by text and binary frames.

The word is active-low: a cleared bit means the condition is present. Bit 0 vibration, bit 1 or
18 SOS, bit 2 overspeed, bit 19 external power cut. Bit 10 is the exception: set means ACC
(ignition) on.
"""

from __future__ import annotations

import re

KNOT_KMH = 1.852

_HEX_WORD = re.compile(r"[0-9A-Fa-f]{8}")
_ACTIVE_LOW_ALARMS = ((0, "vibration"), (1, "sos"), (18, "sos"), (2, "overspeed"), (19, "powerCut"))
_ACC_BIT = 10


def status_fields(text: str) -> tuple[tuple[str, ...], dict[str, object]]:
    """Alarms and attributes (``status``, ``ignition``) of a status word given as 8 hex digits;
    an empty field gives neither."""
    if not text:
        return (), {}
    if not _HEX_WORD.fullmatch(text):
        raise ValueError(f"status is not 8 hex digits: {text!r}")
    return status_word(int(text, 16))


def status_word(status: int) -> tuple[tuple[str, ...], dict[str, object]]:
    alarms: list[str] = []
    for bit, alarm in _ACTIVE_LOW_ALARMS:
        if not status & (1 << bit) and alarm not in alarms:
            alarms.append(alarm)
    attributes: dict[str, object] = {"status": status, "ignition": bool(status & (1 << _ACC_BIT))}
    return tuple(alarms), attributes
