"""The demo's cases: several states for the demo people, opened through the use cases, once; a
desk alarm of a person who raises alarms, resolved as a genuine breach, finds the open case."""

from __future__ import annotations

from collections import Counter

from valvo.bootstrap import Valvo
from valvo.services.cases import breaches, views
from valvo.sim.cases_seed import ALARM_RAISERS, seed_cases
from valvo.sim.seed import demo_people, seed_demo


def test_the_demo_seeds_cases_in_several_states_once(valvo: Valvo) -> None:
    fleet = demo_people(30)
    seed_demo(valvo, fleet, valvo.clock())
    opened = seed_cases(valvo, fleet, valvo.clock())
    assert seed_cases(valvo, fleet, valvo.clock()) == 0  # a second start adds nothing
    with valvo.uow() as uow:
        rows = views.caseload(uow, valvo.clock(), ["monitoring_sentence", "travel_ban"])
    assert len(rows) == opened
    states = Counter((r["type"], r["status"]) for r in rows)
    assert states[("monitoring_sentence", "report_requested")] == 1
    assert states[("monitoring_sentence", "reported")] == 1
    assert states[("travel_ban", "provisional")] == 1
    raisers = [p for p in fleet if p.persona in ALARM_RAISERS]
    assert states[("monitoring_sentence", "enforcing")] == len(raisers)
    assert {r["region"] for r in rows} == {"Etelä-Suomi", "Länsi-Suomi"}
    with valvo.uow() as uow:
        device = uow.registry.device_by_identifier(raisers[0].device)
        assert device is not None
        assignment = uow.registry.active_assignment_of_device(device["id"])
        assert assignment is not None
        breach = breaches.open_from_alarm(
            uow,
            "operator",
            valvo.clock(),
            alarm_id="demo-alarm",
            subject_id=assignment["subject_id"],
            at=valvo.clock(),
        )
        uow.commit()
    assert breach is not None
