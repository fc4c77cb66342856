"""The Finnish personal identity code (henkilötunnus, HETU): DDMMYY, a century sign, an
individual number and a check character. Read to a birth date, or refused saying why."""

from __future__ import annotations

import re
from datetime import date

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, **dict.fromkeys("-UVWXY", 1900), **dict.fromkeys("ABCDEF", 2000)}
_PATTERN = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")


class IdentityCodeError(ValueError):
    """The text is not a valid personal identity code; the message says why."""


def normalise(code: str) -> str:
    return code.strip().upper()


def birth_date(code: str) -> date:
    """The birth date the code carries (its check character verified)."""
    match = _PATTERN.match(normalise(code))
    if match is None:
        raise IdentityCodeError(
            "a personal identity code is DDMMYY, a century sign (+, -, A-F, U-Y), three digits "
            "and a check character"
        )
    day, month, year, sign, number, check = match.groups()
    expected = CHECK_CHARACTERS[int(f"{day}{month}{year}{number}") % 31]
    if check != expected:
        raise IdentityCodeError("the personal identity code's check character is wrong")
    try:
        return date(CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError as exc:
        raise IdentityCodeError("the personal identity code's date does not exist") from exc


def make(born: date, number: int) -> str:
    """A valid code for ``born`` with individual number ``number`` (2-899; tests, the demo)."""
    century = {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    head = born.strftime("%d%m%y")
    return f"{head}{century}{number:03d}{CHECK_CHARACTERS[int(f'{head}{number:03d}') % 31]}"
