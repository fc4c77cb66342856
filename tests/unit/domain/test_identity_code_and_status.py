"""The personal identity code read to a birth date (its check character verified), and the
board's summary of a person's engine state."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from valvo.domain.identity_code import IdentityCodeError, birth_date, make
from valvo.domain.rules.status import summarise


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("131052-308T", date(1952, 10, 13)),  # the example the Digital Agency publishes
        ("010101A123N", date(2001, 1, 1)),
        (" 131052-308t ", date(1952, 10, 13)),  # written loosely
    ],
)
def test_a_valid_code_gives_the_birth_date(code: str, born: date) -> None:
    assert birth_date(code) == born


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("131052-308U", "check character"),
        ("310252-308Y", "does not exist"),
        ("1310523-08T", "DDMMYY"),
        ("131052Z308T", "DDMMYY"),
    ],
)
def test_a_wrong_code_is_refused_saying_why(code: str, why: str) -> None:
    with pytest.raises(IdentityCodeError, match=why):
        birth_date(code)


def test_made_codes_read_back() -> None:
    for born in (date(1899, 12, 31), date(1980, 1, 31), date(2004, 2, 29)):
        for number in (2, 123, 899):
            assert birth_date(make(born, number)) == born


def test_the_summary_tells_breaches_from_device_health() -> None:
    at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC).isoformat()
    state = {
        "last_seen": at,
        "open_conditions": {"device:T1:silent": at, "device:T2:battery": at, "tag:H:mismatch": at},
        "device_battery": {"T1": 80.0, "T2": 9.0},
    }
    quiet = summarise(state)
    assert quiet.in_breach is False
    assert quiet.silent_devices == 1
    assert quiet.low_battery is True
    assert quiet.battery_pct == 9.0
    assert quiet.last_seen == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    for key in ("inclusion:z1", "exclusion:z2", "presence:rf"):
        assert summarise({**state, "open_conditions": {key: at}}).in_breach is True
    empty = summarise({})
    assert (empty.last_seen, empty.in_breach, empty.battery_pct) == (None, False, None)
