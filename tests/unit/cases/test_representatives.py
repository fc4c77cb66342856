"""R57 (§10.4): the register of co-residents and a minor's guardian, trustee or legal
representative; a convict under 18 without one is flagged."""

from __future__ import annotations

from datetime import date

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.representatives import (
    RepresentativeRole,
    check_representative,
    guardian_missing,
)

TODAY = date(2027, 1, 10)
R = RepresentativeRole


def test_r57_a_person_is_named_with_a_way_to_reach_them() -> None:
    person = check_representative(R.GUARDIAN, " Maija Huoltaja ", phone="040 123 4567")
    assert (person.name, person.phone) == ("Maija Huoltaja", "040 123 4567")
    for kwargs, code in (
        ({"name": " "}, "name_missing"),
        ({"name": "Maija"}, "contact_missing"),
        ({"name": "Maija", "phone": "ring"}, "contact_phone_invalid"),
        ({"name": "Maija", "email": "maija"}, "contact_email_invalid"),
    ):
        with pytest.raises(CaseError) as caught:
            check_representative(R.TRUSTEE, **kwargs)
        assert caught.value.code == code


def test_r57_a_minor_without_a_representative_is_flagged() -> None:
    seventeen = date(2009, 6, 1)
    assert guardian_missing(seventeen, TODAY, 18, set())
    assert guardian_missing(seventeen, TODAY, 18, {R.CO_RESIDENT})
    for role in (R.GUARDIAN, R.TRUSTEE, R.LEGAL_REPRESENTATIVE):
        assert not guardian_missing(seventeen, TODAY, 18, {role})
    assert not guardian_missing(date(2009, 1, 10), TODAY, 18, set())  # 18 today
    assert guardian_missing(date(2009, 1, 11), TODAY, 18, set())  # 18 tomorrow
    assert not guardian_missing(None, TODAY, 18, set())
