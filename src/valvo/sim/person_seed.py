"""The demo's monitored person with their own page (issue 15 item 8): the first person serving
a monitoring sentence in the southern region (the demo supervisor's) gets the login ``henkilo``,
a message from their supervisor, the instructions of their ankle tag to acknowledge and an
order to attend for a sample in three days. Through the same use cases the supervisor's page
uses; skipped when the login exists, so it can run on every ``valvo demo`` start."""

from __future__ import annotations

from datetime import datetime, timedelta

from valvo.bootstrap import Valvo
from valvo.domain.security import LOCAL_ZONE
from valvo.services.cases import sample_orders
from valvo.services.person import page

PERSON_LOGIN = ("henkilo", "oma-sivu-demo-2026")  # printed by `valvo demo`; never a real one
REGION = "Etelä-Suomi"


def seed_person(valvo: Valvo, now: datetime) -> tuple[str, str] | None:
    """Give the demo person their login and page (see the module); the login, or None when
    there is no one serving a sentence in the region."""
    username, password = PERSON_LOGIN
    with valvo.uow() as uow:
        if uow.users.by_username(username) is not None:
            return PERSON_LOGIN
        serving = [
            c
            for c in uow.cases.find("cases", type="monitoring_sentence", status="enforcing")
            if c["region"] == REGION
        ]
        if not serving:
            return None
        case_id = str(serving[0]["id"])
        page.create_login(
            uow,
            valvo.hasher,
            "supervisor",
            now,
            case_id=case_id,
            username=username,
            password=password,
        )
        page.write_message(
            uow,
            "supervisor",
            now,
            case_id=case_id,
            body="Hei! Tapaamme maanantaina klo 10 toimistolla. Ota henkilökortti mukaan.",
        )
        page.record_instructions(
            uow,
            "supervisor",
            now,
            case_id=case_id,
            device_kind="rf_tag",
            language="fi",
            text_version="Nilkkapannan ohje 2026/1",
            outcome="given",
            given_by="Valvoja Virtanen",
            given_at=now - timedelta(hours=1),
        )
        sample_orders.order_sample(
            uow,
            "supervisor",
            now,
            case_id=case_id,
            place_kind="health_centre",
            place_name="Kallion terveysasema",
            attend_on=now.astimezone(LOCAL_ZONE).date() + timedelta(days=3),
        )
        uow.commit()
    return PERSON_LOGIN
