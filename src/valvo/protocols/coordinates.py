"""Location helpers shared by the text protocols: NMEA-style coordinates and cell-tower records.

Every helper raises :class:`ValueError` on malformed input; each decoder turns that into its own
:class:`~valvo.protocols.base.DecodeError`.
"""

from __future__ import annotations

import re

_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d*)?|[+-]?\.\d+")
# '-23-35.3408': degrees and minutes split by a dash, seen on some H02 firmware.
_DASHED = re.compile(r"-(\d{1,3})-(\d{1,2}(?:\.\d+)?)")
# 'DDMMmmmm' / 'DDDMMmmmm': the dot left out, four decimals of minutes implied.
_DOTLESS = re.compile(r"\d{7,9}")

# Generic sanity ranges of a GSM/LTE cell (MCC, MNC, LAC/TAC, cell id).
MAX_MCC = 999
MAX_MNC = 999
MAX_LAC = 65535
MAX_CID = 268435455


def parse_decimal(text: str) -> float:
    """A plain decimal number (no exponent, no 'nan' or 'inf'), surrounding spaces allowed."""
    stripped = text.strip()
    if not _DECIMAL.fullmatch(stripped):
        raise ValueError(f"not a decimal number: {text!r}")
    return float(stripped)


def nmea_degrees(text: str) -> float:
    """Degrees from an NMEA-style ``DDMM.MMMM`` / ``DDDMM.MMMM`` value (degrees × 100 + minutes).

    Also reads the variants devices send: no leading zeros (``38.6508`` is 0°38.6508'), the dashed
    ``-DD-MM.MMMM`` form (negative), and the dotless ``DDMMmmmm`` form. The sign of the text is
    kept; the caller applies the hemisphere letter.
    """
    stripped = text.strip()
    dashed = _DASHED.fullmatch(stripped)
    if dashed:
        degrees, minutes = int(dashed.group(1)), float(dashed.group(2))
        _check_minutes(minutes, text)
        return -(degrees + minutes / 60.0)
    value = int(stripped) / 10000.0 if _DOTLESS.fullmatch(stripped) else parse_decimal(stripped)
    sign = -1.0 if value < 0 else 1.0
    degrees_part = int(abs(value) // 100)
    minutes = abs(value) - degrees_part * 100
    _check_minutes(minutes, text)
    return sign * (degrees_part + minutes / 60.0)


def with_hemisphere(value: float, letter: str) -> float:
    """Apply N/S/E/W: S and W make the value negative, and never flip one that already is."""
    if letter in ("S", "W"):
        return -abs(value)
    if letter in ("N", "E", ""):
        return value
    raise ValueError(f"unknown hemisphere {letter!r}")


def check_range(lat: float, lon: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates out of range (lat {lat}, lon {lon})")


def cell_tower(
    mcc: int, mnc: int, lac: int, cid: int, rssi: int | None = None
) -> dict[str, int] | None:
    """A cell record in the attribute shape ``{mcc, mnc, lac, cid[, rssi]}``, or None when the
    numbers are outside what a real network uses (padding such as ``FFFF`` or ``0,0,0,0``)."""
    if not (0 < mcc <= MAX_MCC and 0 <= mnc <= MAX_MNC and 0 < lac <= MAX_LAC):
        return None
    if not 0 <= cid <= MAX_CID:
        return None
    cell = {"mcc": mcc, "mnc": mnc, "lac": lac, "cid": cid}
    if rssi is not None:
        cell["rssi"] = rssi
    return cell


def _check_minutes(minutes: float, text: str) -> None:
    if minutes >= 60.0:
        raise ValueError(f"minutes out of range in coordinate {text!r}")
