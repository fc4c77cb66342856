"""The phone numbers the desk calls about a person (the person's own, a co-resident's, a
contact person's), checked and kept in one form: E.164 (``+358401234567``). A Finnish national
number (``040 123 4567``, ``09 1234 567``) becomes ``+358`` and the number without its leading
0; ``00`` before a country code is the international prefix. Every refusal says exactly what
is wrong. Pure."""

from __future__ import annotations

import re

LABELS = ("mobile", "home", "work", "other")
HOLDERS = ("person", "co_resident", "contact_person")
MAX_HOLDER_NAME = 200
FINLAND = "358"
E164_MAX = 15  # digits after the +, country code included (ITU-T E.164)
E164_MIN = 7
FINNISH_MIN, FINNISH_MAX = 5, 12  # digits after +358 (Traficom's numbering plan)
_SEPARATORS = re.compile(r"[\s\-./()]")


class PhoneError(ValueError):
    """The number is not one the desk can call; the text says why."""


def normalise(raw: str) -> str:
    """``raw`` as E.164, or ``PhoneError`` saying what is wrong with it."""
    text = raw.strip()
    if not text:
        raise PhoneError("the number is empty")
    for ch in text:
        if not (ch.isdigit() or ch in "+ -./()" or ch.isspace()):
            raise PhoneError(
                f"the number may have digits, spaces, -, ( ) and a leading + only, not {ch!r}"
            )
    if "+" in text[1:]:
        raise PhoneError("+ may only begin the number (+358 40 123 4567)")
    text = text.replace("(0)", "")  # "+358 (0)40 …": the trunk 0 written in brackets
    digits = _SEPARATORS.sub("", text).lstrip("+")
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif digits.startswith("0"):
        international = FINLAND + digits[1:]
        if len(digits) - 1 < FINNISH_MIN:
            raise PhoneError(
                f"a Finnish number has {FINNISH_MIN + 1} to {FINNISH_MAX + 1} digits with its "
                f"leading 0; this has {len(digits)}"
            )
    else:
        raise PhoneError(
            "begin with + and the country code (+358 40 123 4567) or, for a Finnish number, "
            "with 0 (040 123 4567)"
        )
    if not international or international.startswith("0"):
        raise PhoneError("a country code never begins with 0 (+358, +46, …)")
    if len(international) > E164_MAX:
        raise PhoneError(
            f"too long: an international number has at most {E164_MAX} digits after the +; "
            f"this has {len(international)}"
        )
    if len(international) < E164_MIN:
        raise PhoneError(
            f"too short: an international number has at least {E164_MIN} digits after the +; "
            f"this has {len(international)}"
        )
    if international.startswith(FINLAND):
        national = international[len(FINLAND) :]
        if national.startswith("0"):
            raise PhoneError(
                "after +358 leave out the 0 of the area code (+358 40 …, not +358 040 …)"
            )
        if not FINNISH_MIN <= len(national) <= FINNISH_MAX:
            raise PhoneError(
                f"a Finnish number has {FINNISH_MIN} to {FINNISH_MAX} digits after +358; "
                f"this has {len(national)}"
            )
    return "+" + international


def holder_name(holder: str, name: str | None) -> str | None:
    """Whose number it is: the person's own needs no name; a co-resident's or a contact
    person's needs theirs."""
    if holder not in HOLDERS:
        raise PhoneError(f"holder must be one of {', '.join(HOLDERS)}")
    cleaned = (name or "").strip() or None
    if holder == "person":
        return None
    if cleaned is None:
        raise PhoneError(f"a {holder.replace('_', ' ')}'s number needs their name")
    if len(cleaned) > MAX_HOLDER_NAME:
        raise PhoneError(f"the name is at most {MAX_HOLDER_NAME} characters")
    return cleaned


def label(value: str) -> str:
    if value not in LABELS:
        raise PhoneError(f"label must be one of {', '.join(LABELS)}")
    return value
