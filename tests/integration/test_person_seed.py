"""The demo's monitored person: the first person serving a sentence in the south gets the login
``henkilo`` with a message, an instruction to acknowledge and an appointment on their page;
a second start adds nothing."""

from __future__ import annotations

from valvo.bootstrap import Valvo
from valvo.services.person import page
from valvo.sim.cases_seed import seed_cases
from valvo.sim.person_seed import PERSON_LOGIN, REGION, seed_person
from valvo.sim.seed import demo_people, seed_demo


def test_the_demo_person_gets_their_page_once(valvo: Valvo) -> None:
    fleet = demo_people(14)
    seed_demo(valvo, fleet, valvo.clock())
    seed_cases(valvo, fleet, valvo.clock())
    assert seed_person(valvo, valvo.clock()) == PERSON_LOGIN
    assert seed_person(valvo, valvo.clock()) == PERSON_LOGIN  # a second start adds nothing
    with valvo.uow() as uow:
        user = uow.users.by_username(PERSON_LOGIN[0])
        assert user is not None
        assert user["role"] == "person"
        subject = uow.registry.get("subjects", page.subject_of(uow, user["id"]))
        assert subject is not None
        assert subject["region"] == REGION
        mine = page.my_page(uow, user["id"], valvo.clock())
    assert len(mine["messages"]) == 1
    assert [i["acknowledged_at"] for i in mine["instructions"]] == [None]
    assert [a["place"] for a in mine["appointments"]] == ["Kallion terveysasema"]
    assert len(mine["week"]) == 7
