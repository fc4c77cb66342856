"""The person's phone numbers are kept as E.164: Finnish national numbers and the 00 prefix
are normalised, and every wrong number is refused with what is wrong with it."""

from __future__ import annotations

import pytest

from valvo.domain.acting.phones import PhoneError, holder_name, normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+358 40 123 4567", "+358401234567"),
        ("040 123 4567", "+358401234567"),
        ("040-123 4567", "+358401234567"),
        ("(09) 1234 567", "+35891234567"),
        ("+358 (0)40 123 4567", "+358401234567"),
        ("00358 50 765 4321", "+358507654321"),
        ("+46 8 123 456 78", "+46812345678"),
        ("0046 70 123 45 67", "+46701234567"),
    ],
)
def test_numbers_are_kept_as_e164(typed: str, stored: str) -> None:
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "the number is empty"),
        ("call me", "digits, spaces, -, ( ) and a leading + only, not 'c'"),
        ("040 123 456x", "not 'x'"),
        ("+358 40 +123", "+ may only begin the number"),
        ("40 123 4567", "begin with + and the country code"),
        ("+358 040 123 4567", "leave out the 0 of the area code"),
        ("+0 40 123 4567", "a country code never begins with 0"),
        ("+358 40 123 4567 8901 2", "too long: an international number has at most 15 digits"),
        ("+44 12", "too short"),
        ("0401", "a Finnish number has 6 to 13 digits with its leading 0; this has 4"),
        ("+358 1234", "a Finnish number has 5 to 12 digits after +358; this has 4"),
    ],
)
def test_a_wrong_number_is_refused_with_its_reason(typed: str, why: str) -> None:
    with pytest.raises(PhoneError, match=None) as refused:
        normalise(typed)
    assert why in str(refused.value)


def test_a_co_residents_or_contacts_number_needs_their_name() -> None:
    assert holder_name("person", "ignored") is None
    assert holder_name("co_resident", " Pirjo ") == "Pirjo"
    with pytest.raises(PhoneError, match="co resident's number needs their name"):
        holder_name("co_resident", " ")
    with pytest.raises(PhoneError, match="holder must be one of"):
        holder_name("neighbour", "Matti")
