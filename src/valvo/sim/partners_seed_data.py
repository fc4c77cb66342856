"""The demo's partner registry for two centres (Helsinki and Tampere), with real gaps.

Dates are offsets in days before the seed day (``-400`` = 400 days ago), so the dashboards show
the same picture whenever the demo runs: agreements missing at both centres, a police agreement
without contact-restriction procedures, a prosecutor meeting a year overdue, contact persons
never verified, the matrix group without the national areas, one centre without its yearly
quality evaluation and its experts-and-relatives event, a project review overdue, and a project
worker with no security clearance (the admission gate refuses him).
"""

from __future__ import annotations

from typing import Any

ES, LS = "c-etela-suomi", "c-lansi-suomi"
HOURS_WEEKDAYS = "ma-pe 08:00-16:00"

UNITS: list[dict[str, Any]] = [
    {"id": "na-kehittaminen", "name": "Kehittäminen ja ohjaus", "type": "national_area"},
    {"id": "na-operatiivinen", "name": "Operatiivinen toiminta", "type": "national_area"},
    {"id": "na-asiakasprosessit", "name": "Asiakasprosessit", "type": "national_area"},
    {
        "id": ES,
        "name": "Etelä-Suomen rikosseuraamuskeskus",
        "type": "centre",
        "code": "ES",
        "former_names": [{"name": "Etelä-Suomen rikosseuraamusalue", "valid_to": "2022-01-01"}],
    },
    {
        "id": LS,
        "name": "Länsi-Suomen rikosseuraamuskeskus",
        "type": "centre",
        "code": "LS",
        "former_names": [{"name": "Länsi-Suomen rikosseuraamusalue", "valid_to": "2022-01-01"}],
    },
    {"id": "u-hki-vankila", "name": "Helsingin vankila", "type": "prison", "parent_id": ES},
    {"id": "u-vantaa", "name": "Vantaan vankila", "type": "remand_prison", "parent_id": ES},
    {
        "id": "u-hki-yks",
        "name": "Helsingin yhdyskuntaseuraamustoimisto",
        "type": "community_sanctions_office",
        "parent_id": ES,
    },
    {
        "id": "u-es-arviointi",
        "name": "Etelä-Suomen arviointikeskus",
        "type": "assessment_centre",
        "parent_id": ES,
    },
    {"id": "u-turku", "name": "Turun vankila", "type": "prison", "parent_id": LS},
    {
        "id": "u-tre-yks",
        "name": "Tampereen yhdyskuntaseuraamustoimisto",
        "type": "community_sanctions_office",
        "parent_id": LS,
    },
]
AREAS: list[dict[str, Any]] = [
    {
        "centre_id": ES,
        "area_kind": "wellbeing_county",
        "area_code": "HKI",
        "area_name": "Helsingin kaupunki",
        "valid_from": "2023-01-01",
    },
    {
        "centre_id": ES,
        "area_kind": "wellbeing_county",
        "area_code": "VAKE",
        "area_name": "Vantaan ja Keravan hyvinvointialue",
        "valid_from": "2023-01-01",
    },
    {"centre_id": ES, "area_kind": "municipality", "area_code": "091", "area_name": "Helsinki"},
    {
        "centre_id": ES,
        "area_kind": "kela_district",
        "area_code": "KELA-ETELA",
        "area_name": "Kelan Etelä-Suomen vakuutuspiiri",
    },
    {
        "centre_id": LS,
        "area_kind": "wellbeing_county",
        "area_code": "PIRHA",
        "area_name": "Pirkanmaan hyvinvointialue",
        "valid_from": "2023-01-01",
    },
    {"centre_id": LS, "area_kind": "municipality", "area_code": "837", "area_name": "Tampere"},
    {
        "centre_id": LS,
        "area_kind": "kela_district",
        "area_code": "KELA-LANSI",
        "area_name": "Kelan Länsi-Suomen vakuutuspiiri",
    },
]
PARTNERS: list[dict[str, Any]] = [
    {
        "id": "p-kela",
        "name": "Kela",
        "type": "agency",
        "services": ["toimeentulotuki", "kuntoutus"],
        "keywords": ["etuudet"],
    },
    {
        "id": "p-kela-etela",
        "name": "Kelan Etelä-Suomen vakuutuspiiri",
        "type": "kela_unit",
        "parent_id": "p-kela",
        "municipality": "Helsinki",
    },
    {
        "id": "p-kela-lansi",
        "name": "Kelan Länsi-Suomen vakuutuspiiri",
        "type": "kela_unit",
        "parent_id": "p-kela",
        "municipality": "Tampere",
    },
    {"id": "p-poliisihallitus", "name": "Poliisihallitus", "type": "agency"},
    {
        "id": "p-hki-poliisi",
        "name": "Helsingin poliisilaitos",
        "type": "police_department",
        "parent_id": "p-poliisihallitus",
        "municipality": "Helsinki",
    },
    {
        "id": "p-sisasuomi-poliisi",
        "name": "Sisä-Suomen poliisilaitos",
        "type": "police_department",
        "parent_id": "p-poliisihallitus",
        "municipality": "Tampere",
    },
    {"id": "p-migri", "name": "Maahanmuuttovirasto", "type": "agency"},
    {
        "id": "p-spr",
        "name": "Suomen Punainen Risti",
        "type": "ngo",
        "services": ["ystävätoiminta", "vankilatyö"],
    },
    {
        "id": "p-kris",
        "name": "Kris-Etelä-Suomi ry",
        "type": "ngo",
        "municipality": "Helsinki",
        "services": ["vertaistuki", "kokemusasiantuntijat"],
    },
    {
        "id": "p-krits",
        "name": "Kriminaalihuollon tukisäätiö",
        "type": "foundation",
        "services": ["vertaistuki", "asumisen tuki", "velkaneuvonta"],
    },
    {
        "id": "p-ysaatio",
        "name": "Y-Säätiö",
        "type": "foundation",
        "services": ["vuokra-asunnot", "asumisneuvonta"],
    },
    {
        "id": "p-silta",
        "name": "Silta-Valmennusyhdistys ry",
        "type": "ngo",
        "municipality": "Tampere",
        "services": ["kuntouttava työtoiminta", "valmennus"],
    },
    {
        "id": "p-hki-srk",
        "name": "Helsingin seurakuntayhtymä",
        "type": "parish",
        "municipality": "Helsinki",
    },
    {
        "id": "p-tre-srk",
        "name": "Tampereen seurakuntayhtymä",
        "type": "parish",
        "municipality": "Tampere",
    },
    {
        "id": "p-tre-sos",
        "name": "Tampereen kaupungin sosiaalipalvelut",
        "type": "municipality",
        "municipality": "Tampere",
        "valid_to": "2023-01-01",
    },
    {
        "id": "p-pirha",
        "name": "Pirkanmaan hyvinvointialue",
        "type": "wellbeing_county",
        "valid_from": "2023-01-01",
        "services": ["aikuissosiaalityö", "päihdepalvelut"],
    },
    {
        "id": "p-te-uusimaa",
        "name": "Uudenmaan TE-toimisto",
        "type": "employment_service",
        "valid_to": "2025-01-01",
    },
    {
        "id": "p-hki-tyollisyys",
        "name": "Helsingin työllisyyspalvelut",
        "type": "municipality",
        "municipality": "Helsinki",
        "services": ["työllisyyspalvelut", "TYP"],
    },
    {
        "id": "p-stadin-ao",
        "name": "Stadin ammatti- ja aikuisopisto",
        "type": "educational_institution",
        "municipality": "Helsinki",
    },
    {
        "id": "p-kierratys",
        "name": "Kierrätyskeskus Oy",
        "type": "social_enterprise",
        "for_profit": False,
        "municipality": "Helsinki",
        "services": ["kierrätys", "työtoiminta"],
    },
]
SUCCESSIONS: list[dict[str, Any]] = [
    {
        "predecessor_id": "p-tre-sos",
        "successor_id": "p-pirha",
        "effective_on": "2023-01-01",
        "reason": "Sosiaali- ja terveyspalvelut hyvinvointialueelle 1.1.2023",
    },
    {
        "predecessor_id": "p-te-uusimaa",
        "successor_id": "p-hki-tyollisyys",
        "effective_on": "2025-01-01",
        "reason": "TE-palvelut kuntiin (TE24-uudistus)",
    },
]


def agreement(title: str, item: str | None, status: str, **more: Any) -> dict[str, Any]:
    level = "national" if item is None or item.startswith("N") else "regional"
    return {
        "title": title,
        "checklist_item": item,
        "status": status,
        "level": level,
        "instrument": more.pop("instrument", "agreement"),
        "contact_person": more.pop("contact_person", "Liisa Laine"),
        **more,
    }


AGREEMENTS: list[dict[str, Any]] = [
    agreement(
        "OKM–OM–Rise: vankilaopetuksen linjaukset",
        "N1",
        "ready",
        register_number="2/520/2019",
        year=2019,
    ),
    agreement("Yhteistyö työ- ja elinkeinohallinnon kanssa", "N2", "in_preparation"),
    agreement(
        "Kelan ja Risen yhteistyömalli",
        "N3",
        "ready",
        instrument="operating_model",
        register_number="32/021/2021",
        year=2021,
        partner_ids=["p-kela"],
    ),
    agreement("THL–VTH–Rise yhteistyösopimus", "N4", "ready", register_number="2/453/2021"),
    agreement(
        "Poliisihallituksen yhteistyösopimus", "N7", "ready", partner_ids=["p-poliisihallitus"]
    ),
    agreement("Migrin ja Risen yhteistyö", "N10", "ready", partner_ids=["p-migri"], review_on=-30),
    agreement("SPR:n vankilatyön sopimus", "N12", "ready", partner_ids=["p-spr"]),
    agreement("Kris-järjestön yhteistyösopimus", "N13", "ready", partner_ids=["p-kris"]),
    agreement(
        "Kelan Etelä-Suomen vakuutuspiiri",
        "R1",
        "ready",
        centre_id=ES,
        operating_instructions=True,
        contact_details=True,
        partner_ids=["p-kela-etela"],
    ),
    agreement(
        "Helsingin sosiaalipalvelujen asiakasohjaus",
        "R2",
        "ready",
        centre_id=ES,
        operating_instructions=True,
        contact_details=True,
    ),
    agreement(
        "Helsingin työllisyyspalvelut ja TYP",
        "R3",
        "ready",
        centre_id=ES,
        operating_instructions=True,
        contact_details=True,
        partner_ids=["p-hki-tyollisyys"],
    ),
    agreement(
        "Helsingin poliisilaitoksen alueellinen sopimus",
        "R4",
        "ready",
        centre_id=ES,
        operating_instructions=True,
        contact_details=True,
        partner_ids=["p-hki-poliisi"],
        coverage=[
            "crime_in_prison",
            "executive_assistance",
            "prisoner_transport",
            "community_sanction_enforcement",
        ],
    ),
    agreement(
        "Vankilaopetus: Stadin ammatti- ja aikuisopisto",
        "R5",
        "ready",
        centre_id=ES,
        operating_instructions=True,
        contact_details=True,
        partner_ids=["p-stadin-ao"],
    ),
    agreement(
        "Kelan Länsi-Suomen vakuutuspiiri",
        "R1",
        "ready",
        centre_id=LS,
        operating_instructions=True,
        contact_details=False,
        partner_ids=["p-kela-lansi"],
    ),
    agreement(
        "Sisä-Suomen poliisilaitos",
        "R4",
        "in_preparation",
        centre_id=LS,
        partner_ids=["p-sisasuomi-poliisi"],
    ),
    agreement(
        "Puitesopimus toimintavelvoitepaikoista",
        None,
        "ready",
        instrument="framework_agreement",
        id="a-puite",
        scope=["tukitoimet", "vaikeasti sijoitettavat"],
    ),
]
NETWORKS: list[dict[str, Any]] = [
    {
        "id": "n-matriisi",
        "name": "Pysyvä sidosryhmäyhteistyön matriisiryhmä",
        "kind": "matrix_group",
        "convener": "Kehittäminen ja ohjaus",
        "frequency_months": 3,
    },
    {
        "id": "n-es-asuminen",
        "name": "Etelä-Suomen asunnottomuustyön verkosto",
        "kind": "thematic",
        "theme": "housing",
        "centre_id": ES,
        "frequency_months": 3,
        "goals": ["Asunnottomaksi vapautuvien määrä alas"],
    },
    {
        "id": "n-ls-koulutus",
        "name": "Pirkanmaan koulutus- ja työelämäverkosto",
        "kind": "thematic",
        "theme": "education_work",
        "centre_id": LS,
        "frequency_months": 6,
    },
]
MEMBERS: list[dict[str, Any]] = [
    {
        "network_id": "n-matriisi",
        "unit_id": ES,
        "contact_name": "Tiina Toivonen",
        "contact_email": "tiina.toivonen@rise.example",
        "last_verified_on": -40,
    },
    {
        "network_id": "n-matriisi",
        "unit_id": LS,
        "contact_name": "Jukka Järvinen",
        "contact_email": "jukka.jarvinen@rise.example",
        "last_verified_on": -500,
    },
    {
        "network_id": "n-es-asuminen",
        "organisation_id": "p-ysaatio",
        "contact_name": "Sari Salo",
        "contact_email": "sari.salo@ysaatio.example",
        "last_verified_on": -20,
    },
    {"network_id": "n-es-asuminen", "organisation_id": "p-krits", "contact_name": "Olli Oja"},
    {
        "network_id": "n-es-asuminen",
        "unit_id": ES,
        "contact_name": "Tiina Toivonen",
        "contact_phone": "+358 29 568 8500",
        "last_verified_on": -10,
    },
    {
        "network_id": "n-ls-koulutus",
        "organisation_id": "p-silta",
        "contact_name": "Hanna Heino",
        "contact_email": "hanna.heino@silta.example",
        "last_verified_on": -90,
    },
    {"network_id": "n-ls-koulutus", "organisation_id": "p-pirha"},
]
OBLIGATIONS: list[dict[str, Any]] = [
    {
        "id": "o-es-syyttaja",
        "title": "Vuosittainen tapaaminen paikallisen syyttäjäyksikön kanssa",
        "counterpart": "Etelä-Suomen syyttäjäalue",
        "centre_id": ES,
        "starts_on": -900,
        "agenda_template": [
            "Ajankohtaiset asiat",
            "Seuraamusselvitykset",
            "Rikosprosessin kysymykset",
        ],
    },
    {
        "id": "o-es-tuomioistuin",
        "title": "Vuosittainen tapaaminen alueen tuomioistuinten kanssa",
        "counterpart": "Helsingin käräjäoikeus",
        "centre_id": ES,
        "starts_on": -900,
    },
    {
        "id": "o-ls-syyttaja",
        "title": "Vuosittainen tapaaminen paikallisen syyttäjäyksikön kanssa",
        "counterpart": "Länsi-Suomen syyttäjäalue",
        "centre_id": LS,
        "starts_on": -900,
    },
    {
        "id": "o-krp",
        "title": "Vuosittainen järjestäytyneen rikollisuuden tapaaminen",
        "counterpart": "Keskusrikospoliisi",
        "starts_on": -900,
    },
]
MEETINGS: list[dict[str, Any]] = [
    {
        "title": "Syyttäjätapaaminen",
        "held_on": -200,
        "obligation_id": "o-es-syyttaja",
        "agenda": ["Ajankohtaiset asiat", "Seuraamusselvitykset"],
        "decisions": ["Yhteyshenkilölista päivitetään"],
        "participants": ["Syyttäjä", "Rise"],
    },
    {"title": "Tuomioistuintapaaminen", "held_on": -420, "obligation_id": "o-es-tuomioistuin"},
    {"title": "Syyttäjätapaaminen", "held_on": -500, "obligation_id": "o-ls-syyttaja"},
    {"title": "KRP:n vuosikokous", "held_on": -100, "obligation_id": "o-krp"},
    {
        "title": "Asunnottomuustyön verkosto",
        "held_on": -150,
        "network_id": "n-es-asuminen",
        "agenda": ["Vapautuvien asumistilanne", "Y-Säätiön asunnot"],
        "minutes": "Käytiin läpi vapautuvien asiakkaiden asumistilanne.",
        "decisions": ["Ohjauskäytäntö kirjataan"],
        "actions": [{"what": "Kirjataan ohjauskäytäntö", "who": "Tiina Toivonen", "due": -60}],
    },
    {"title": "Koulutus- ja työelämäverkosto", "held_on": -40, "network_id": "n-ls-koulutus"},
]
PLACES: list[dict[str, Any]] = [
    {
        "id": "pl-kierratys-hki",
        "name": "Kierrätyskeskus, Ruosilantie",
        "centre_id": ES,
        "kind": "activity_obligation_place",
        "organiser_type": "non_profit",
        "organiser_id": "p-kierratys",
        "address": "Ruosilantie 18, 00390 Helsinki",
        "municipality": "Helsinki",
        "lon": 24.8796,
        "lat": 60.2456,
        "radius_m": 90,
        "opening_hours": "ma-pe 08:00-17:00",
        "contact_name": "Maija Mäkelä",
        "contact_email": "maija.makela@kierratys.example",
        "contact_phone": "+358 40 111 2233",
        "services": ["kierrätys", "huonekalujen korjaus", "työtoiminta"],
        "support_measures": ["työnohjaus", "joustava aloitus"],
        "hard_to_place": True,
        "framework_agreement_id": "a-puite",
        "description": "Huonekalujen ja tekstiilien kierrätystä, korjausta ja myymälätyötä.",
    },
    {
        "id": "pl-malmi",
        "name": "Malmin hautausmaa, viheralueet",
        "centre_id": ES,
        "kind": "service_place",
        "organiser_type": "public_body",
        "organiser_id": "p-hki-srk",
        "address": "Hautausmaantie 1, 00700 Helsinki",
        "municipality": "Helsinki",
        "lon": 25.0227,
        "lat": 60.2488,
        "radius_m": 250,
        "opening_hours": "ma-pe 07:00-15:00",
        "contact_name": "Pekka Puutarhuri",
        "contact_email": "pekka@srk.example",
        "services": ["viheralueiden hoito", "puutarhatyö"],
    },
    {
        "id": "pl-kalasatama",
        "name": "Y-Säätiön asukastupa, Kalasatama",
        "centre_id": ES,
        "kind": "activity_obligation_place",
        "organiser_type": "foundation",
        "organiser_id": "p-ysaatio",
        "address": "Verkkosaarenkatu 5, 00580 Helsinki",
        "municipality": "Helsinki",
        "lon": 24.9772,
        "lat": 60.1871,
        "radius_m": 60,
        "opening_hours": "ma-to 10:00-18:00",
        "contact_name": "Sari Salo",
        "contact_email": "sari.salo@ysaatio.example",
        "services": ["asumisneuvonta", "vertaistuki", "ruokailu"],
    },
    {
        "id": "pl-stadin-ao",
        "name": "Stadin ammatti- ja aikuisopisto, Vilppulantie",
        "centre_id": ES,
        "kind": "work_life_familiarisation",
        "organiser_type": "public_body",
        "organiser_id": "p-stadin-ao",
        "address": "Vilppulantie 14, 00700 Helsinki",
        "municipality": "Helsinki",
        "lon": 25.0093,
        "lat": 60.2530,
        "radius_m": 120,
        "opening_hours": "ma-pe 08:00-15:30",
        "contact_name": "Opinto-ohjaaja Anu",
        "contact_email": "anu@stadinao.example",
        "services": ["ammatillinen koulutus", "työelämään tutustuminen"],
    },
    {
        "id": "pl-kierratys-tre",
        "name": "Tampereen kierrätyskeskus, Hiedanranta",
        "centre_id": LS,
        "kind": "activity_obligation_place",
        "organiser_type": "non_profit",
        "address": "Hiedanrannantie 1, 33250 Tampere",
        "municipality": "Tampere",
        "lon": 23.7066,
        "lat": 61.5133,
        "radius_m": 120,
        "opening_hours": "ma-pe 08:00-16:00",
        "contact_name": "Timo Tamminen",
        "contact_email": "timo@kierratys-tre.example",
        "services": ["kierrätys", "pyöräkorjaamo", "työtoiminta"],
    },
    {
        "id": "pl-silta",
        "name": "Silta-Valmennus, Hämeenpuisto",
        "centre_id": LS,
        "kind": "activity_obligation_place",
        "organiser_type": "non_profit",
        "organiser_id": "p-silta",
        "project_partner_id": "p-silta",
        "address": "Hämeenpuisto 44, 33200 Tampere",
        "municipality": "Tampere",
        "lon": 23.7498,
        "lat": 61.4991,
        "radius_m": 60,
        "opening_hours": "ma-pe 09:00-15:00",
        "contact_name": "Hanna Heino",
        "contact_email": "hanna.heino@silta.example",
        "services": ["kuntouttava työtoiminta", "valmennus", "kokemusasiantuntijat"],
        "support_measures": ["valmentaja", "vertaistuki"],
    },
    {
        "id": "pl-kalevankangas",
        "name": "Kalevankankaan hautausmaa",
        "centre_id": LS,
        "kind": "service_place",
        "organiser_type": "public_body",
        "organiser_id": "p-tre-srk",
        "address": "Kalevantie 2, 33100 Tampere",
        "municipality": "Tampere",
        "lon": 23.7897,
        "lat": 61.4955,
        "radius_m": 250,
        "opening_hours": "ma-pe 07:00-15:00",
        "contact_name": "Kari Koskinen",
        "contact_phone": "+358 40 555 1234",
        "services": ["viheralueiden hoito", "lumityöt"],
    },
]
CRITERIA: list[dict[str, Any]] = [
    {"code": "Q1", "text": "Paikalla on nimetty ohjaaja, joka tuntee yhdyskuntaseuraamukset."},
    {
        "code": "Q2",
        "text": "Tehtävät vastaavat seuraamuksen suorittajan kykyjä ja tukevat työelämävalmiuksia.",
    },
    {"code": "Q3", "text": "Poissaoloista ilmoitetaan samana päivänä."},
]
DIRECTORY: list[dict[str, Any]] = [
    {
        "kind": "mailbox",
        "name": "Etelä-Suomen palvelupaikkatyö",
        "email": "palvelupaikat.es@rise.example",
        "unit_id": ES,
        "themes": ["palvelupaikat", "toimintavelvoitepaikat"],
    },
    {
        "kind": "mailbox",
        "name": "Länsi-Suomen sidosryhmäyhteistyö",
        "email": "sidosryhmat.ls@rise.example",
        "unit_id": LS,
        "themes": ["verkostot", "sopimukset"],
    },
    {
        "kind": "person",
        "name": "Tiina Toivonen",
        "email": "tiina.toivonen@rise.example",
        "unit_id": ES,
        "title": "Rikosseuraamusesimies",
        "competences": ["asunnottomuustyö", "verkostotyö", "palvelupaikat"],
    },
    {
        "kind": "person",
        "name": "Jukka Järvinen",
        "email": "jukka.jarvinen@rise.example",
        "unit_id": LS,
        "title": "Erityisasiantuntija",
        "competences": ["kokemusasiantuntijat", "läheistyö", "projektikumppanuudet"],
    },
]
SERVICES: list[dict[str, Any]] = [
    {
        "title": "Valvontarangaistuksen toimintavelvoite",
        "owner": "Helsingin yhdyskuntaseuraamustoimisto",
        "unit_id": "u-hki-yks",
        "description": (
            "Toimintavelvoite suoritetaan työssä, opiskelussa tai kuntouttavassa "
            "toiminnassa hyväksytyssä paikassa."
        ),
        "keywords": ["toimintavelvoite", "valvontarangaistus"],
    },
    {
        "title": "Kuntouttava työtoiminta",
        "owner": "Silta-Valmennusyhdistys ry",
        "partner_id": "p-silta",
        "place_id": "pl-silta",
        "description": "Valmentajan tukema työtoiminta ja vertaistuki Tampereella.",
        "keywords": ["kuntoutus"],
    },
]
PEOPLE: list[dict[str, Any]] = [
    {
        "id": "op-ville",
        "name": "Ville Vapaaehtoinen",
        "role": "volunteer",
        "organisation_id": "p-spr",
        "unit_ids": ["u-hki-vankila"],
        "tasks": ["ystävätoiminta"],
    },
    {
        "id": "op-pekka",
        "name": "Pekka Projektityöntekijä",
        "role": "project_worker",
        "organisation_id": "p-krits",
        "unit_ids": ["u-hki-vankila"],
        "tasks": ["vertaisryhmä"],
    },
]
EVENTS: list[dict[str, Any]] = [
    {
        "title": "Kokemusasiantuntijuus ja läheistyö Etelä-Suomessa",
        "type": "experts_relatives_event",
        "format": "online",
        "centre_id": ES,
        "audiences": ["experts_by_experience", "relatives", "ngos"],
        "starts_at": -30,
    },
    {
        "title": "Projektikumppanuusseminaari",
        "type": "partnership_seminar",
        "format": "in_person",
        "audiences": ["ngos", "funders", "educational_institutions"],
        "starts_at": 60,
        "capacity": 120,
        "location": "Helsinki",
    },
]
PROJECTS: list[dict[str, Any]] = [
    {
        "id": "pr-polku",
        "name": "Polku vapauteen",
        "applicant": "Kriminaalihuollon tukisäätiö",
        "applicant_form": "foundation",
        "description": "Vertaistukiryhmät vapautuville.",
        "need": "Vapautuvilta puuttuu vertaistuki",
        "target_unit_ids": ["u-hki-vankila"],
        "planned_cooperation": "Viikoittaiset ryhmät vankilassa",
        "funders": ["stea"],
        "prison_visits": True,
        "organisation_cleared": True,
        "workers_cleared": True,
    },
    {
        "id": "pr-appi",
        "name": "Sovellus vapautuville",
        "applicant": "Appi Oy",
        "applicant_form": "for_profit_company",
        "description": "Mobiilisovellus.",
        "electronic_services": True,
    },
]

# Follow-up, governance and outreach records (S14, S15, S58, S64, S89, S97, S99, S101), with
# the gaps the follow-up dashboard should show: the western centre has no employment referral
# practice and its service map is past review; a compliance action is overdue; the Nordic
# probation topic has not met for over a year.
FOLLOW_UP: list[tuple[str, list[dict[str, Any]]]] = [
    (
        "referral-practices",
        [
            {
                "name": "Ohjaus Helsingin sosiaalipalveluihin",
                "centre_id": ES,
                "service": "social_services",
                "counterpart_name": "Helsingin kaupungin sosiaalipalvelut",
                "area": "Helsinki",
                "practice": "Palvelutarpeen arvio ennen vapautumista, yhteinen tapaaminen.",
                "review_on": 200,
            },
            {
                "name": "Ohjaus työllisyyspalveluihin",
                "centre_id": ES,
                "service": "municipal_employment",
                "counterpart_id": "p-hki-tyollisyys",
                "practice": "Työllisyyspalveluiden yhteyshenkilö tapaa vapautuvan.",
                "review_on": 150,
            },
            {
                "name": "Ohjaus Pirkanmaan terveyspalveluihin",
                "centre_id": LS,
                "service": "health_services",
                "counterpart_id": "p-pirha",
                "practice": "Päihde- ja mielenterveyspalveluiden konsultaatio.",
                "review_on": -20,
            },
        ],
    ),
    (
        "service-maps",
        [
            {
                "name": "Etelä-Suomen palvelukartta",
                "centre_id": ES,
                "owner": "Palvelupäällikkö",
                "review_on": 120,
                "published": True,
            },
            {
                "name": "Länsi-Suomen palvelukartta",
                "centre_id": LS,
                "owner": "Palvelupäällikkö",
                "review_on": -45,
                "published": False,
            },
        ],
    ),
    (
        "compliance-checks",
        [
            {
                "title": "Poliisiyhteistyön toteutuminen",
                "process": "virka-apupyynnöt ja kuljetukset",
                "centre_id": ES,
                "checked_on": -120,
                "checked_by": "Aluejohtaja",
                "result": "deviations",
                "findings": "Yhteystiedot vanhentuneet kahdessa yksikössä.",
                "actions": [
                    {"text": "Päivitä yhteystiedot", "owner": "Yhteyshenkilö", "due_on": -30}
                ],
                "next_check_on": 60,
            }
        ],
    ),
    (
        "criteria-versions",
        [
            {
                "name": "Kumppanuuden kriteerit",
                "version": "2025",
                "criteria": ["yleishyödyllisyys", "turvallisuus", "vaikuttavuuden arviointi"],
                "valid_from": -300,
                "review_on": 65,
            }
        ],
    ),
    (
        "trainings",
        [
            {
                "title": "Risen palvelut syyttäjille",
                "direction": "rise_for_partners",
                "audiences": ["prosecutors"],
                "theme": "yhdyskuntaseuraamukset",
                "held_on": -40,
                "participant_count": 35,
            }
        ],
    ),
    (
        "international",
        [
            {"name": "EuroPris", "type": "membership", "organisation": "EuroPris"},
            {
                "name": "Pohjoismainen yhdyskuntaseuraamuskokous",
                "type": "nordic_meeting",
                "topic": "probation",
                "last_met_on": -420,
            },
        ],
    ),
    (
        "programmes",
        [
            {
                "name": "Cognitive Skills",
                "influences_thinking": True,
                "accreditation": "accredited",
                "accredited_on": -900,
                "status": "in_use",
                "rise_clients_only": True,
            }
        ],
    ),
    (
        "restorative",
        [
            {
                "name": "Sovittelu Helsingissä",
                "type": "mediation",
                "centre_id": ES,
                "description": "Rikos- ja riita-asioiden sovittelu yhteistyössä.",
            }
        ],
    ),
]
