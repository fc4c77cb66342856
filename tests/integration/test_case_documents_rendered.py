"""Every case document kind, in Finnish and English, rendered to PNG with poppler's pdftoppm
(as a person would see the page) and read back with pdftotext -layout: the letterhead and unit,
the case number (never the case's UUID), the title once, the signatory by name and title from
the register, the requester by name, and table headers in words."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence
from tests.support.cases import Staff, ban_body, create_staff
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    PDFTOPPM is None or PDFTOTEXT is None, reason="poppler-utils missing (./dev test installs it)"
)
SIGNER = {"supervisor": ("Sari Valvoja", "rikosseuraamusesimies", "Senior Community Sanctions")}
ORGANISATION = {"fi": "Rikosseuraamuslaitos", "en": "Criminal Sanctions Agency"}
TITLES = {
    ("report", "fi"): "Valvontarangaistusselvitys",
    ("report", "en"): "Monitoring sentence report",
    ("plan", "fi"): "Toimeenpanosuunnitelma",
    ("plan", "en"): "Implementation plan",
}
HEADERS = {
    ("report", "fi"): "Henkilö syntynyt ikä Suostumus tai kuuleminen",
    ("report", "en"): "Person born age Consent or hearing",
    ("plan", "fi"): "Viikonpäivä Aika Tarkoitus",
    ("plan", "en"): "Day Time Purpose",
}


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def rendered(
    client: TestClient, as_: Staff, url: str, who: str, out: Path
) -> tuple[str, list[Path]]:
    """The page text (layout kept, runs of blanks folded) and the PNG of every page."""
    response = client.get(url, headers=as_(who))
    assert response.status_code == 200, response.text
    pdf = out.with_suffix(".pdf")
    pdf.write_bytes(response.content)
    subprocess.run([str(PDFTOPPM), "-png", "-r", "60", str(pdf), str(out)], check=True)
    pages = sorted(out.parent.glob(f"{out.name}-*.png"))
    assert pages, "pdftoppm wrote no page"
    for page in pages:
        assert page.read_bytes().startswith(b"\x89PNG")
        assert page.stat().st_size > 5_000
    text = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split()), pages


def test_every_document_kind_renders_with_letterhead_number_signatory_and_headers(
    client: TestClient, clock: FakeClock, as_: Staff, tmp_path: Path
) -> None:
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}"
    at(clock, date(2027, 1, 10))
    warned = ok(
        client.post(
            f"{url}/breaches",
            json={"occurred_at": "2027-01-09T20:00:00+02:00", "description": "Late by 40 min"},
            headers=as_("supervisor"),
        ),
        201,
    )
    first = warned["breaches"][0]["id"]
    for step, body in (("hearing", {"heard_on": "2027-01-10"}), ("warning", {"on": "2027-01-10"})):
        ok(client.post(f"{url}/breaches/{first}/{step}", json=body, headers=as_("supervisor")))
    observation = {
        "observed_at": "2027-01-10T09:00:00+02:00",
        "occasion": "visit",
        "place": "Home",
        "observer": "Sari Valvoja",
        "signs": ["odour", "speech"],
        "description": "Smelled of alcohol",
    }
    observed = ok(
        client.post(
            f"{url}/intoxication-observations", json=observation, headers=as_("supervisor")
        ),
        201,
    )
    observation_id = observed["intoxication_observations"][0]["id"]
    at(clock, date(2027, 1, 12))
    second = ok(
        client.post(
            f"{url}/breaches",
            json={"occurred_at": "2027-01-11T23:00:00+02:00"},
            headers=as_("supervisor"),
        ),
        201,
    )["breaches"][1]["id"]
    ok(
        client.post(
            f"{url}/breaches/{second}/hearing",
            json={"heard_on": "2027-01-12"},
            headers=as_("supervisor"),
        )
    )
    referred = ok(
        client.post(
            f"{url}/breaches/{second}/referral",
            json={"kind": "serious", "on": "2027-01-12"},
            headers=as_("supervisor"),
        )
    )
    number = referred["number"]
    assert number.startswith(f"VR-{referred['created_at'][:4]}-")
    documents = {
        "report": "",
        "plan": "",
        "warning": f"&breach_id={first}",
        "breach_report": f"&breach_id={second}",
        "intoxication_observation": f"&observation_id={observation_id}",
    }
    for kind, extra in documents.items():
        for lang in ("fi", "en"):
            text, _ = rendered(
                client,
                as_,
                f"{url}/documents/{kind}?lang={lang}{extra}",
                "supervisor",
                tmp_path / f"{kind}-{lang}",
            )
            where = f"{kind} ({lang})"
            assert ORGANISATION[lang] in text, where
            assert "Etelä-Suomi" in text, where  # the unit's region
            assert number in text, where
            assert case_id[:8] not in text, where
            name, title_fi, title_en = SIGNER["supervisor"]
            assert f"{name} {title_fi if lang == 'fi' else title_en}" in text, where
            if (kind, lang) in TITLES:
                assert text.count(TITLES[kind, lang]) == 1, where  # not duplicated
            if (kind, lang) in HEADERS:
                assert HEADERS[kind, lang] in text, where
            # Never a username (the test plan's own words mention "the supervisor").
            assert "supervisor" not in text.replace("with the supervisor", ""), where
    report_fi, _ = rendered(
        client, as_, f"{url}/documents/report?lang=fi", "court", tmp_path / "report-court"
    )
    assert "Pyytäjä syyttäjä: Pekka Syyttäjä, kihlakunnansyyttäjä" in report_fi
    report_en, _ = rendered(
        client, as_, f"{url}/documents/report?lang=en", "court", tmp_path / "report-court-en"
    )
    assert "23 November 2026" in report_en  # dates in the locale's words, not ISO


def test_the_travel_ban_decision_is_signed_by_the_police_officer_who_decided(
    client: TestClient, clock: FakeClock, as_: Staff, tmp_path: Path
) -> None:
    body = ban_body(clock.now - timedelta(hours=1), birth_date="2010-01-01")
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    assert case["number"].startswith("MK-")
    for lang, title in (("fi", "rikoskomisario"), ("en", "Detective Inspector")):
        text, _ = rendered(
            client,
            as_,
            f"/api/cases/{case['id']}/documents/travel_ban_decision?lang={lang}",
            "police",
            tmp_path / f"ban-{lang}",
        )
        assert case["number"] in text
        assert case["id"][:8] not in text
        assert f"Olli Poliisi {title}" in text
        assert {"fi": "Poliisi", "en": "Police of Finland"}[lang] in text
