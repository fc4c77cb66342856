"""What text the log can hold (valvo.gateway.record_limits): no NUL or unpaired surrogate in any
decoded string, no control character in a device id — exactly Unicode's categories Cs and Cc,
checked over every code point."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from valvo.gateway.record_limits import InvalidRecord, check_device_id


def refused(device: str) -> str | None:
    try:
        check_device_id(device, "test")
    except InvalidRecord as exc:
        return str(exc)
    return None


def test_every_code_point_is_judged_by_its_unicode_category() -> None:
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        category = unicodedata.category(char)
        reason = refused(f"dev{char}1") or ""
        if char == "\x00" or category == "Cs":
            assert "NUL or unpaired surrogate" in reason, hex(point)
        elif category == "Cc":
            assert "control character" in reason, hex(point)
        else:
            assert not reason, hex(point)


@pytest.mark.parametrize("device", ["352093081452251", "kotona-ä", "tag\u200d1", "\u00a0x"])
def test_ordinary_identifiers_pass(device: str) -> None:
    assert check_device_id(device, "test") == device
