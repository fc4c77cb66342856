"""The demo seeds a person with a realistic network (issue 21), once, through the real use
cases: a serving person with context, consents, a disclosure on consent, cooperation started
before enforcement, plans, a client network meeting, referrals to registry partners and the
log; a second serving person whose enforcement started without cooperation (S28's warning)."""

from __future__ import annotations

from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.bootstrap import Valvo
from valvo.services.partners import network
from valvo.sim.cases_seed import seed_cases
from valvo.sim.network_seed import seed_network
from valvo.sim.partners_seed import seed_partners
from valvo.sim.seed import demo_people, seed_demo


def test_the_demo_seeds_a_person_with_a_realistic_network_once(valvo: Valvo) -> None:
    fleet = demo_people(30)
    seed_demo(valvo, fleet, valvo.clock())
    seed_cases(valvo, fleet, valvo.clock())
    assert seed_network(valvo, valvo.clock()) == 0  # no registry yet: nothing to refer to
    seed_partners(valvo, valvo.clock())
    assert seed_network(valvo, valvo.clock()) > 15
    assert seed_network(valvo, valvo.clock()) == 0
    with SqlPartnersUnitOfWork(valvo.db) as uow:
        contexts = uow.partners.find("network_contexts")
        pictures = [network.picture(uow, c["subject_id"], valvo.clock()) for c in contexts]
    full = next(p for p in pictures if p["referrals"])
    assert {r["partner_name"] for r in full["referrals"]} >= {"Y-Säätiö", "Kris-Etelä-Suomi ry"}
    assert full["warnings"] == []
    assert full["disclosures"][0]["basis"] == "consent"
    assert full["meetings"][0]["client_participates"] is True
    assert any(e["source"] == "log" for e in full["timeline"])
    assert any(e["source"] == "case" for e in full["timeline"])
    assert any(w["code"] == "started_without_cooperation" for p in pictures for w in p["warnings"])
    # S43: the person in preparation has a pre-enforcement case in progress, opened on the
    # city's contact, with the registry's enforcement authority and rehabilitation unit.
    [pre] = [c for p in pictures for c in p["pre_enforcement"]]
    assert pre["status"] == "open"
    assert [s["status"] for s in pre["steps"][:4]] == ["done", "done", "in_progress", "pending"]
    assert pre["next_step"] == "detox_start"
    assert pre["participation_request"]["organisation"].startswith("Espoon")
    assert {p.get("partner_name") for p in pre["participants"]} >= {
        "Etelä-Suomen ulosottovirasto",
        "Päihdekuntoutus Kalliola",
    }
