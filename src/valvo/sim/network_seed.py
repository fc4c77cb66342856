"""The demo's person networks (issue 21), through the real use cases: the first person serving
a monitoring sentence has a realistic network — context and phase, consents, a disclosure to
the city, municipal cooperation started before enforcement, other authorities' plans, a client
network meeting, a health-services coordination event, referrals to registry partners (debt
counselling, housing, employment, peer support), a relative with a logged contact, and the
criminal-justice log; the second serving person's enforcement started without municipal
cooperation (the warning shows); the person whose report is requested is in preparation, with
a fine to convert: a contact from the city's substance services (a participation request) opened
a pre-enforcement case (S43) whose first two steps are done, the detox step is under way, with
the enforcement authority and a rehabilitation unit as registry partners (added when missing).

``seed_network(valvo, now)`` does nothing when any context exists; it runs after
``seed_cases`` and ``seed_partners``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.bootstrap import Valvo
from valvo.domain.security import LOCAL_ZONE
from valvo.services.partners import network, pre_enforcement, records
from valvo.services.partners.kinds import KINDS

ACTOR = "seed"


def seed_network(valvo: Valvo, now: datetime) -> int:
    """Seed the networks (see the module); returns how many records were made."""
    today = now.astimezone(LOCAL_ZONE).date()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    made = 0
    with SqlPartnersUnitOfWork(valvo.db) as uow:
        if (
            uow.partners.find("network_contexts")
            or uow.partners.get("partner_organisations", "p-kela") is None
        ):
            return 0
        cases = sorted(
            uow.cases.find("cases", type="monitoring_sentence"), key=lambda c: c["created_at"]
        )
        serving = [c["subject_id"] for c in cases if c["status"] == "enforcing"]
        waiting = [c["subject_id"] for c in cases if c["status"] == "report_requested"]

        def make(kind_name: str, /, **data: Any) -> dict[str, Any]:
            nonlocal made
            made += 1
            return records.create(uow, ACTOR, now, KINDS[kind_name], data)

        if serving:
            sid = serving[0]
            make(
                "client-contexts",
                subject_id=sid,
                sanction_types=["monitoring_sentence"],
                phase="start",
                home_municipality="Helsinki",
                wellbeing_county="Helsingin kaupunki",
                planning_location="social_office",
                kela_access="held",
                housing_risk=True,
                housing_needs_communicated_to="Helsingin asumisneuvonta",
            )
            make(
                "consents",
                subject_id=sid,
                purpose="release_plan",
                recipient="Helsingin työllisyyspalvelut",
                categories=["identity", "sentence_plan", "employment"],
                given_on=day(-30),
                channel="written",
            )
            make(
                "consents",
                subject_id=sid,
                purpose="joint_plan",
                recipient="Helsingin kaupunki",
                categories=["identity", "sentence_plan", "housing", "social_services"],
                given_on=day(-30),
                channel="in_person",
            )
            network.disclose(
                uow,
                ACTOR,
                now,
                {
                    "subject_id": sid,
                    "purpose": "joint_plan",
                    "recipient": "Helsingin kaupunki",
                    "categories": ["sentence_plan", "housing"],
                    "disclosed_on": day(-20),
                },
            )
            made += 1
            make(
                "cooperation-starts",
                subject_id=sid,
                started_on=day(-32),
                started_by="Sanna Lehtinen",
                role="basic_assessment",
                counterpart="Helsingin kaupunki, sosiaalipalvelut",
            )
            make(
                "authority-plans",
                subject_id=sid,
                plan_type="client_plan",
                status="in_force",
                owner_organisation="Helsingin kaupunki, sosiaalipalvelut",
                contact="Oona Virtanen, sosiaalityöntekijä",
                shared_goals=["Oma vuokra-asunto säilyy", "Velkajärjestely alkaa"],
                recorded_on=day(-25),
            )
            make(
                "authority-plans",
                subject_id=sid,
                plan_type="employment_plan",
                status="missing",
                owner_organisation="Helsingin työllisyyspalvelut",
                rise_drafting=True,
                recorded_on=day(-25),
            )
            make(
                "client-meetings",
                subject_id=sid,
                held_on=day(-21),
                client_participates=True,
                participants=[
                    {
                        "name": "Oona Virtanen",
                        "organisation": "Helsingin sosiaalipalvelut",
                        "role": "own_worker",
                    },
                    {
                        "name": "Sanna Lehtinen",
                        "organisation": "Rikosseuraamuslaitos",
                        "role": "rise_official",
                    },
                    {"name": "Maija Korhonen", "organisation": "Läheinen", "role": "relative"},
                ],
                place="Kallion sosiaaliasema",
                agreed="Velkaneuvontaan ohjaus; asumisneuvojan tapaaminen ennen täytäntöönpanoa",
            )
            make(
                "vth-events",
                subject_id=sid,
                held_on=day(-18),
                initiator="client",
                trigger="Rangaistusajan suunnitelman laadinta",
                functional_information="Työkykyinen kokoaikaiseen työhön; liikkuminen ei rajoitu",
            )
            for partner, need, stage, offset, status in (
                ("p-kris", "peer_support", "during", -15, "accepted"),
                ("p-ysaatio", "housing", "during", -14, "in_progress"),
                ("p-hki-tyollisyys", "employment", "during", -10, "sent"),
            ):
                make(
                    "referrals",
                    subject_id=sid,
                    partner_id=partner,
                    need=need,
                    stage=stage,
                    referred_on=day(offset),
                    status=status,
                )
            make(
                "referrals",
                subject_id=sid,
                partner_id="p-krits",
                need="debt",
                stage="before",
                referred_on=day(-28),
                status="completed",
                ended_on=day(-8),
                outcome="Velkaneuvonta aloitettu, maksusuunnitelma tehty",
            )
            relative = make(
                "relatives",
                subject_id=sid,
                name="Maija Korhonen",
                relationship="parent",
                consent_to_contact=True,
                consent_on=day(-30),
                responsible_official="Sanna Lehtinen",
            )
            make(
                "relative-contacts",
                subject_id=sid,
                relative_id=relative["id"],
                contacted_on=day(-22),
                official="Sanna Lehtinen",
                stage="sentence_planning",
                channel="phone",
                summary="Kutsu asiakasverkostopalaveriin",
            )
            case_id = next(c["id"] for c in cases if c["subject_id"] == sid)
            make(
                "justice-log",
                subject_id=sid,
                case_id=case_id,
                kind="report_request",
                counterpart="Helsingin syyttäjänvirasto",
                on=day(-40),
            )
            make(
                "justice-log",
                subject_id=sid,
                case_id=case_id,
                kind="judgment",
                counterpart="Helsingin käräjäoikeus",
                on=day(-26),
            )
        if len(serving) > 1:
            make(
                "client-contexts",
                subject_id=serving[1],
                sanction_types=["monitoring_sentence", "fine_conversion"],
                phase="start",
                home_municipality="Vantaa",
                wellbeing_county="Vantaan ja Keravan hyvinvointialue",
            )
        if waiting:
            make(
                "client-contexts",
                subject_id=waiting[0],
                sanction_types=["monitoring_sentence", "fine_conversion"],
                phase="preparation",
                home_municipality="Espoo",
                wellbeing_county="Länsi-Uudenmaan hyvinvointialue",
            )
            made += _pre_enforcement(uow, now, waiting[0], day)
        uow.commit()
    return made


# S43's parties in the registry, added when the registry has none by these ids.
PRE_PARTNERS = (
    {"id": "p-ulosotto-etela", "name": "Etelä-Suomen ulosottovirasto", "type": "agency"},
    {"id": "p-paihdekuntoutus", "name": "Päihdekuntoutus Kalliola", "type": "foundation"},
)


def _pre_enforcement(uow: Any, now: datetime, sid: str, day: Callable[[int], str]) -> int:
    """A pre-enforcement case in progress for ``sid``, opened on the city's contact."""
    made = 0
    for partner in PRE_PARTNERS:
        if uow.partners.get("partner_organisations", partner["id"]) is None:
            records.create(uow, ACTOR, now, KINDS["partners"], partner)
            made += 1
    request = records.create(
        uow,
        ACTOR,
        now,
        KINDS["participation-requests"],
        {
            "subject_id": sid,
            "received_on": day(-12),
            "requester": "Oona Virtanen",
            "organisation": "Espoon päihde- ja mielenterveyspalvelut",
            "purpose": "service_need_assessment",
            "status": "accepted",
            "handled_on": day(-11),
            "answer": "Valmistelu ennen muuntorangaistuksen täytäntöönpanoa aloitetaan",
        },
    )
    case = records.create(
        uow,
        ACTOR,
        now,
        KINDS["pre-enforcement-cases"],
        {
            "subject_id": sid,
            "opened_on": day(-11),
            "sanction": "fine_conversion",
            "initiative": "stakeholder",
            "initiator": "Espoon päihde- ja mielenterveyspalvelut",
            "participation_request_id": request["id"],
            "enforcement_due_on": day(40),
            "participants": [
                {
                    "role": "home_municipality",
                    "name": "Espoon kaupunki",
                    "contact": "Oona Virtanen",
                },
                {"role": "wellbeing_county", "name": "Länsi-Uudenmaan hyvinvointialue"},
                {"role": "vth", "name": "Vankiterveydenhuollon yksikkö"},
                {"role": "enforcement_authority", "partner_id": "p-ulosotto-etela"},
                {"role": "substance_rehabilitation", "partner_id": "p-paihdekuntoutus"},
            ],
        },
    )
    for step, status, offset, who, note in (
        (
            "service_need_assessment",
            "done",
            -9,
            "Espoon sosiaalipalvelut",
            "Laitoskuntoutuksen tarve",
        ),
        (
            "sanction_content_planning",
            "done",
            -5,
            "Sari Valvoja",
            "Päihdekuntoutus osana rangaistusta",
        ),
        ("detox_start", "in_progress", -2, "Päihdekuntoutus Kalliola", None),
    ):
        pre_enforcement.take_step(
            uow,
            ACTOR,
            now,
            case["id"],
            step,
            {"status": status, "on": day(offset), "who": who, "note": note},
        )
    return made + 2
