"""Every case document is produced as a PDF, in Finnish and in English, and says what the law
makes it say: read back from the PDF itself (tests/support/pdf_text.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence
from tests.support.cases import Staff, ban_body, create_staff
from tests.support.pdf_text import pdf_text
from valvo.adapters.pdf.render import render
from valvo.bootstrap import Valvo
from valvo.services.cases import documents
from valvo.services.cases.document_model import Document, DocumentRenderError, Line, Section
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def pdf(client: TestClient, as_: Staff, case_id: str, kind: str, lang: str, who: str) -> str:
    response = client.get(f"/api/cases/{case_id}/documents/{kind}?lang={lang}", headers=as_(who))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    return pdf_text(response.content)


def test_sentence_documents(client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo) -> None:
    case_id = open_sentence(client, clock, as_)
    report = pdf(client, as_, case_id, "report", "fi", "supervisor")
    for item in (
        "Valvontarangaistusselvitys",
        "1. Epäillyn suostumus valvontarangaistukseen suostuu",
        "2. Arvio asunnon tai sijoituslaitoksen soveltuvuudesta Own rented flat in Kallio",
        "3. Henkilökohtaiset olosuhteet",
        "4. Soveltuva työ-, kuntoutus- tai koulutuspaikka tai muu toiminta Warehouse work",
        "5. Kohdan 4 aiheuttama tarve liikkua asunnon ulkopuolella Bus 55",
        "Valvontarangaistus on perusteltu sosiaalisen selviytymisen edistämiseksi.",
        "Epäiltyä kuultu 23.11.2026",
        "Pekka Puoliso 29.2.1980 46 kirjallinen suostumus: kyllä",
        "Lotta Lapsi 1.6.2012 14 kuultu fine with it",
        "Päihteiden käytön arvio Alcohol use moderate",
        "Kotikäynti 23.11.2026 Sari Valvoja",
    ):
        assert item in report, item
    english = pdf(client, as_, case_id, "report", "en", "prosecutor")
    assert "1. The suspect's consent to a monitoring sentence consents" in english

    plan = pdf(client, as_, case_id, "plan", "fi", "supervisor")
    for item in (
        "Toimeenpanosuunnitelma",
        "Voimassaolo 4.1.2027 – 31.3.2027",
        "1. Asunto tai muu olinpaikka Own flat",
        "8. Muut välttämättömät ehdot None",
        "maanantai 08:00–16:00 Toimintavelvoite",
        "lauantai 10:00–12:00 Henkilökohtaiset asiat",
        "Päihteiden käyttö on kielletty",
    ):
        assert item in plan, item

    at(clock, date(2027, 1, 12))
    breach = ok(
        client.post(
            f"/api/cases/{case_id}/breaches",
            json={"occurred_at": "2027-01-11T22:10:00+02:00", "description": "late from work"},
            headers=as_("supervisor"),
        ),
        201,
    )["breaches"][0]["id"]
    base = f"/api/cases/{case_id}/breaches/{breach}"
    ok(
        client.post(
            base + "/hearing",
            json={"heard_on": "2027-01-12", "statement": "overtime"},
            headers=as_("supervisor"),
        )
    )
    ok(client.post(base + "/warning", json={"on": "2027-01-12"}, headers=as_("supervisor")))
    warning = pdf(client, as_, case_id, "warning", "fi", "supervisor")
    assert "Kirjallinen varoitus" in warning
    consequence = "johtaa asian saattamiseen tuomioistuimen käsiteltäväksi ja ehdottomaan"
    assert f"{consequence} vankeusrangaistukseen" in warning
    assert "Tuomitun lausuma overtime" in warning
    assert "court proceedings and an unconditional prison sentence" in pdf(
        client, as_, case_id, "warning", "en", "supervisor"
    )

    at(clock, date(2027, 1, 21))
    serious = ok(
        client.post(
            f"/api/cases/{case_id}/breaches",
            json={
                "occurred_at": "2027-01-20T09:00:00+02:00",
                "description": "left home for two days",
            },
            headers=as_("supervisor"),
        ),
        201,
    )["breaches"][-1]["id"]
    base = f"/api/cases/{case_id}/breaches/{serious}"
    ok(
        client.post(
            base + "/referral",
            json={"kind": "abandonment", "on": "2027-01-21"},
            headers=as_("supervisor"),
        )
    )
    missing_hearing = client.get(
        f"/api/cases/{case_id}/documents/breach_report", headers=as_("supervisor")
    )
    assert missing_hearing.status_code == 409
    ok(
        client.post(
            base + "/hearing",
            json={"heard_on": "2027-01-21", "statement": "no comment"},
            headers=as_("supervisor"),
        )
    )
    report = pdf(client, as_, case_id, "breach_report", "fi", "prosecutor")
    for item in (
        "Ilmoitus syyttäjälle",
        "Tuomioistuin Helsingin käräjäoikeus",
        "Pituus 60 päivää",
        "Suoritettu 17 päivää",
        "Suorittamatta 43 päivää",
        "Rangaistuksen suorittamisen keskeyttäminen",
        "Täytäntöönpano keskeytetty samanaikaisesti 21.1.2027",
        "43 päivää (yksi suorittamatta oleva päivä vastaa yhtä päivää vankeutta",
    ):
        assert item in report, item

    with valvo.uow() as uow:
        model = documents.build(
            uow, case_id=case_id, kind="breach_report", lang="en", now=clock.now
        )
    assert model.filename.endswith("-en.pdf")
    assert "Enforcement interrupted at the same time, on: 21 January 2027" in model.text()


def test_travel_ban_decision_has_its_five_items(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    decided = clock.now - timedelta(hours=1)
    body = ban_body(decided, birth_date="2010-01-01")
    case_id = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)["id"]
    text = pdf(client, as_, case_id, "travel_ban_decision", "fi", "police")
    for item in (
        "Väliaikainen päätös matkustuskiellosta paikallaolovelvoittein",
        "1. Rikos Aggravated fraud",
        "2. Perusteet todennäköiset syyt epäillä rikosta",
        "rikoksesta säädetty ankarin rangaistus: 48 kuukautta vankeutta",
        "vaara, että epäilty pakenee",
        "3. Kiellon sisältö ja valvontatapa",
        "Paikkakunta tai alue, jolta ei saa poistua City of Helsinki",
        "Kielletyt alueet Helsinki-Vantaa airport",
        "Paikallaolovelvoite asunnossa päivittäin 22:00–06:00",
        "Valvontatapa Poliisi valvoo kieltoa teknisin välinein; valvontalaite ban-gps-1",
        "Passi luovutettu poliisille 23.11.2026",
        "4. Rikkomisen seuraukset",
        "Vähäisestä rikkomisesta annetaan todisteellisesti varoitus.",
        "5. Voimassaoloaika",
        "60 vuorokauden kuluessa sen määräämisestä (22.1.2027 klo 11.00)",
        "Asia saatetaan tuomioistuimen käsiteltäväksi Helsingin käräjäoikeus viimeistään "
        "26.11.2026 klo 11.00 ja se käsitellään viimeistään 30.11.2026 klo 11.00",
        "Epäilty on alle 18-vuotias",
    ):
        assert item in text, item
    english = pdf(client, as_, case_id, "travel_ban_decision", "en", "police")
    for item in (
        "1. Offence",
        "2. Grounds",
        "3. Content and monitoring method",
        "4. Consequences of a violation",
        "5. Period of validity",
        "22 January 2027, 11:00",
    ):
        assert item in english, item


def test_document_requests_that_make_no_sense(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = ok(
        client.post("/api/cases/travel-bans", json=ban_body(clock.now), headers=as_("police")), 201
    )["id"]
    url = f"/api/cases/{case_id}/documents"
    assert client.get(f"{url}/report", headers=as_("police")).status_code == 409  # not a sentence
    assert client.get(f"{url}/nonsense", headers=as_("police")).status_code == 404
    assert (
        client.get(f"{url}/travel_ban_decision?lang=sv", headers=as_("police")).status_code == 422
    )


def test_without_dejavu_the_core_font_carries_finnish_or_refuses_clearly(tmp_path: Path) -> None:
    document = Document(
        kind="warning",
        lang="fi",
        title="Kirjallinen varoitus – 14 §",
        person="Henkilö: Åsa Äijälä",
        reference="case-1",
        issued="Laadittu: 1.2.2027",
        sections=(Section("Varoitus", (Line("Rikkomus", "myöhästyi 40 min"),)),),
    )
    text = pdf_text(render(document, font_dir=tmp_path))  # no fonts in this directory
    assert "Kirjallinen varoitus - 14 §" in text  # the dash is replaced, the letters are kept
    assert "Henkilö: Åsa Äijälä" in text
    beyond_latin1 = replace(document, person="Henkilö: Дмитрий")
    with pytest.raises(DocumentRenderError, match="fonts-dejavu-core"):
        render(beyond_latin1, font_dir=tmp_path)
    assert "Дмитрий" in pdf_text(render(beyond_latin1))  # with DejaVu Sans it is printed
