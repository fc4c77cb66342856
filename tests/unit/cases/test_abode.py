"""R29 (§2, §4; 7.1.2): the abode is a private dwelling or a placement institution, and an
institution is reached through its contact."""

from __future__ import annotations

import pytest

from valvo.domain.cases.abode import AbodeKind, check_abode
from valvo.domain.cases.errors import CaseError


def test_r29_a_private_dwelling_needs_only_its_address() -> None:
    abode = check_abode(AbodeKind.DWELLING, "  Helsinginkatu 1 A 2, Helsinki ")
    assert abode.kind is AbodeKind.DWELLING
    assert abode.address == "Helsinginkatu 1 A 2, Helsinki"
    assert abode.institution_name is None


def test_r29_an_institution_carries_its_name_contact_and_phone() -> None:
    abode = check_abode(
        AbodeKind.INSTITUTION,
        "Kuntoutustie 5, Järvenpää",
        institution_name="Järvenpään kuntoutuskeskus",
        contact_name="Sari Ohjaaja",
        contact_phone="+358 40 123 4567",
        contact_email="sari@example.fi",
    )
    assert abode.institution_name == "Järvenpään kuntoutuskeskus"
    assert abode.contact_phone == "+358 40 123 4567"


@pytest.mark.parametrize(
    ("kind", "fields", "code"),
    [
        (AbodeKind.DWELLING, {"address": " "}, "abode_address_missing"),
        (AbodeKind.INSTITUTION, {"institution_name": "Laitos"}, "institution_contact_missing"),
        (
            AbodeKind.INSTITUTION,
            {"institution_name": "Laitos", "contact_name": "Sari"},
            "institution_contact_missing",
        ),
        (AbodeKind.DWELLING, {"contact_phone": "call me"}, "contact_phone_invalid"),
        (AbodeKind.DWELLING, {"contact_email": "sari.example.fi"}, "contact_email_invalid"),
        (AbodeKind.DWELLING, {"institution_name": "Laitos"}, "institution_name_on_dwelling"),
    ],
)
def test_r29_an_incomplete_abode_is_refused_naming_what_is_missing(
    kind: AbodeKind, fields: dict[str, str], code: str
) -> None:
    address = fields.pop("address", "Kuntoutustie 5")
    with pytest.raises(CaseError) as caught:
        check_abode(kind, address, **fields)
    assert caught.value.code == code
