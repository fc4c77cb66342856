"""The demo's whole seeding, as ``valvo demo`` runs it, with the real curfews of its plans: the
partner place's sessions fit into the plans (carved out of the general activity windows), the
serving people's cases name a co-resident to call, and every person has a number."""

from __future__ import annotations

from sqlalchemy import func, select

from valvo.adapters.db import tables_lawcases as law
from valvo.adapters.db.tables_acting import subject_phones
from valvo.bootstrap import Valvo
from valvo.sim.cases_seed import seed_cases
from valvo.sim.network_seed import seed_network
from valvo.sim.partners_seed import PLACE_SESSIONS, seed_partner_sessions, seed_partners
from valvo.sim.seed import demo_people, seed_demo
from valvo.sim.staff_seed import seed_staff


def test_the_demo_seeds_with_real_curfews(valvo: Valvo) -> None:
    now = valvo.clock()
    fleet = demo_people(30)
    assert seed_demo(valvo, fleet, now) == 30
    seed_staff(valvo, now)
    seed_cases(valvo, fleet, now)
    seed_partners(valvo, now)
    assert seed_partner_sessions(valvo, now) == len(PLACE_SESSIONS)
    seed_network(valvo, now)
    with valvo.db.connect() as conn:
        people_with_phones = conn.execute(
            select(func.count(func.distinct(subject_phones.c.subject_id)))
        ).scalar_one()
        co_residents = conn.execute(
            select(func.count()).select_from(law.case_representatives)
        ).scalar_one()
    assert people_with_phones == 30
    assert co_residents >= 5
