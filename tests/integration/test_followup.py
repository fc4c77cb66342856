"""Pilot follow-up statistics and cost per day (issue 17) on a seeded caseload whose every
figure is worked out by hand (tests/support/followup.py), on SQLite and PostgreSQL: the
figures, the region scoping and the roles, the pilot filter, the CSV and the PDF, and the
figures surviving retention."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, update
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support import followup as seeded
from tests.support.pdf_text import pdf_text
from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as c
from valvo.adapters.db.retention_plan import OrderLine
from valvo.adapters.db.retention_run import write_statistics
from valvo.bootstrap import Valvo
from valvo.cli.main import app as cli
from valvo.domain.retention.windows import OrderSpan
from valvo.services.followup import SHOWN
from valvo.web.app import create_app

PERIOD = {"from": seeded.START.isoformat(), "to": seeded.END.isoformat()}


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> TestClient:
    clock.now = seeded.NOW
    seeded.seed(valvo)
    return TestClient(create_app(valvo))


def get(client: TestClient, valvo: Valvo, role: str, home: str | None = None, **params: Any) -> Any:
    """GET the statistics as a user of ``role`` (of region ``home``, or national)."""
    return client.get(
        "/api/followup/stats", params={**PERIOD, **params}, headers=bearer(valvo, role, home)
    )


def test_each_figure_of_the_seeded_caseload(client: TestClient, valvo: Valvo) -> None:
    answer = get(client, valvo, "administrator")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    for key, value in seeded.EXPECTED.items():
        assert body["figures"][key] == pytest.approx(value), key
    assert body["breakdowns"] == seeded.EXPECTED_BREAKDOWNS
    assert body["breakdown_labels"]["breaches"]["unassessed"] == {
        "en": "Not yet assessed",
        "fi": "Arvioimatta",
    }
    daily = {row["day"]: row["people"] for row in body["daily"]}
    assert len(daily) == 20
    # 1.11: A and C; 5.11: A interrupted, C; 10.11: A, B, C; 13.11: B referred; 20.11: A.
    assert [daily[f"2026-11-{n:02d}"] for n in (1, 5, 10, 13, 20)] == [2, 1, 3, 2, 1]
    regions = {row["region"]: row for row in body["by_region"]}
    assert regions[seeded.EAST]["serving_days"] == 16
    assert regions[seeded.SOUTH]["serving_days"] == 20
    assert body["prices"]["name"] == "2024-report"


def test_a_regional_manager_sees_their_region_and_is_refused_another(
    client: TestClient, valvo: Valvo
) -> None:
    own = get(client, valvo, "regional_manager", seeded.EAST)
    assert own.status_code == 200, own.text
    figures = own.json()["figures"]
    for key, value in seeded.EXPECTED_EAST.items():
        assert figures[key] == pytest.approx(value), key
    assert [row["region"] for row in own.json()["by_region"]] == [seeded.EAST]
    other = get(client, valvo, "regional_manager", seeded.EAST, region=seeded.SOUTH)
    assert other.status_code == 403
    assert "outside your region" in other.json()["detail"]
    # A national supervisor picks a region by name.
    national = get(client, valvo, "supervisor", region=seeded.EAST)
    assert national.json()["figures"]["serving_days"] == 16


@pytest.mark.parametrize("role", ["operator", "police", "court", "auditor", "partner_contact"])
def test_roles_without_statistics_are_refused(client: TestClient, valvo: Valvo, role: str) -> None:
    answer = get(client, valvo, role)
    assert answer.status_code == 403
    assert "statistics:read" in answer.json()["detail"]


def test_the_pilot_flag_selects_the_pilot_cases(client: TestClient, valvo: Valvo) -> None:
    pilot = get(client, valvo, "administrator", pilot="true").json()["figures"]
    for key, value in seeded.EXPECTED_PILOT.items():
        assert pilot[key] == value, key
    others = get(client, valvo, "administrator", pilot="false").json()["figures"]
    assert others["serving_days"] == seeded.EXPECTED["serving_days"] - pilot["serving_days"]


def test_bad_periods_are_refused(client: TestClient, valvo: Valvo) -> None:
    backwards = get(client, valvo, "administrator", **{"from": "2026-11-10", "to": "2026-11-01"})
    assert backwards.status_code == 422
    assert "ends before it starts" in backwards.json()["detail"]
    future = get(client, valvo, "administrator", **{"from": "2027-01-01", "to": "2027-02-01"})
    assert future.status_code == 422
    too_long = get(client, valvo, "administrator", **{"from": "2020-01-01", "to": "2026-11-01"})
    assert too_long.status_code == 422
    not_a_day = get(client, valvo, "administrator", **{"from": "1.11.2026"})
    assert not_a_day.status_code == 422


def test_the_csv_holds_every_figure_labelled_in_the_language(
    client: TestClient, valvo: Valvo
) -> None:
    answer = client.get(
        "/api/followup/stats.csv",
        params={**PERIOD, "lang": "fi"},
        headers=bearer(valvo, "regional_manager", seeded.EAST),
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert rows[0] == ["tunnusluku", "nimi", "arvo", "yksikkö"]
    by_id = {row[0]: row for row in rows if row and row[0]}
    assert by_id["serving_days"][1:3] == ["Suoritetut päivät", "16"]
    assert by_id["cost_total"][2] == "527.2"
    assert by_id["breaches:unassessed"][1:3] == ["Rikkomukset: Arvioimatta", "1"]
    assert by_id["2026-11-16"] == ["2026-11-16", "1"]  # the daily population, C's last day
    assert by_id["2026-11-17"] == ["2026-11-17", "0"]
    assert seeded.SOUTH not in answer.text  # the east's manager sees the east alone
    english = client.get(
        "/api/followup/stats.csv",
        params={**PERIOD, "lang": "en"},
        headers=bearer(valvo, "administrator"),
    )
    rows = list(csv.reader(io.StringIO(english.text.lstrip("\ufeff"))))
    by_id = {row[0]: row for row in rows if row and row[0]}
    assert by_id["cost_per_person_day"][1:4] == ["Cost per person-day", "40.97", "eur"]


def test_the_spreadsheet_holds_the_same_tables_with_numbers_and_days(
    client: TestClient, valvo: Valvo
) -> None:
    answer = client.get(
        "/api/followup/stats.xlsx",
        params={**PERIOD, "lang": "fi"},
        headers=bearer(valvo, "regional_manager", seeded.EAST),
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="followup-' in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Tunnusluvut", "Päivittäin", "Alueittain", "Kokeilu"]
    pilot = {(r[0], r[1]): r for r in book["Kokeilu"].iter_rows(values_only=True)}
    assert pilot[("kaikki", "muut")][2 + SHOWN.index("serving_days")] == 16  # C, in the east
    assert pilot[("kaikki", "kokeilu")][2 + SHOWN.index("serving_days")] == 0
    figures = {row[0]: row for row in book["Tunnusluvut"].iter_rows(values_only=True)}
    assert figures["tunnusluku"] == ("tunnusluku", "nimi", "arvo", "yksikkö")
    assert figures["serving_days"][1:3] == ("Suoritetut päivät", 16)  # a number, not text
    assert figures["cost_total"][2] == 527.2
    rows = list(book["Päivittäin"].iter_rows(values_only=True))[1:]
    # A day cell reads back as a date (a datetime at midnight), not as text.
    daily = {day.date(): n for day, n in rows if isinstance(day, datetime)}
    assert len(daily) == len(rows)
    assert daily[date(2026, 11, 16)] == 1
    assert daily[date(2026, 11, 17)] == 0
    regions = [row[0] for row in book["Alueittain"].iter_rows(values_only=True)][1:]
    assert regions == [seeded.EAST]  # the east's manager sees the east alone
    csv_rows = client.get(
        "/api/followup/stats.csv",
        params={**PERIOD, "lang": "fi"},
        headers=bearer(valvo, "regional_manager", seeded.EAST),
    ).text
    assert len([r for r in csv_rows.splitlines() if r]) == sum(
        sheet.max_row for sheet in book.worksheets
    )  # the same rows as the CSV


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "fi",
            [
                "Valvontarangaistuksen kokeilun seurantaraportti",
                "Suoritetut päivät",
                "40,97 €",
                "Ajanjakso: 1.11.2026 – 20.11.2026",
                "Kokeilu ja muut tapaukset",
            ],
        ),
        (
            "en",
            [
                "Monitoring-sentence pilot: follow-up report",
                "Serving days",
                "40.97 €",
                "Period: 2026-11-01 – 2026-11-20",
                "Not yet assessed",
                "Pilot and the other cases",
            ],
        ),
    ],
)
def test_the_pdf_report_in_finnish_and_english(
    client: TestClient, valvo: Valvo, lang: str, words: list[str]
) -> None:
    answer = client.get(
        "/api/followup/report.pdf",
        params={**PERIOD, "lang": lang},
        headers=bearer(valvo, "administrator"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.content)
    for word in words:
        assert word in text, (word, text[:400])


def test_the_figures_survive_retention(client: TestClient, valvo: Valvo) -> None:
    """October: C's figures from its rows, then from the anonymised cells retention writes
    before deleting them, the same."""
    october = {"from": "2026-10-01", "to": "2026-11-01"}
    before = get(client, valvo, "administrator", **october).json()
    assert before["figures"]["serving_days"] == 31 + 7  # C all month, A from 25.10
    with valvo.db.begin() as conn:
        case_id = (
            conn.execute(
                c.cases.select().where(
                    c.cases.c.region == seeded.EAST, c.cases.c.status == "completed"
                )
            )
            .mappings()
            .one()
        )
        order = {
            "id": "order-c",
            "subject_id": case_id["subject_id"],
            "type": "monitoring_sentence",
            "timezone": "Europe/Helsinki",
            "starts_at": seeded.at(seeded.d(9, 28)),
            "ends_at": seeded.at(seeded.d(11, 17)),
            "status": "ended",
            "created_at": seeded.NOW,
        }
        conn.execute(insert(t.orders), [order])
        conn.execute(
            update(c.cases).where(c.cases.c.id == case_id["id"]).values(order_id="order-c")
        )
        span = OrderSpan(
            "order-c",
            order["subject_id"],
            "monitoring_sentence",
            order["starts_at"],
            order["ends_at"],
        )
        assert write_statistics(conn, [OrderLine(span, [])], seeded.NOW) == 1
        for table in (c.case_visits, c.case_breaches, c.case_reports, c.sentences):
            conn.execute(delete(table).where(table.c.case_id == case_id["id"]))
        conn.execute(delete(c.cases).where(c.cases.c.id == case_id["id"]))
    after = get(client, valvo, "administrator", **october).json()
    assert after["retained_months"] == ["2026-10"]
    for key in ("serving_days", "cost_total", "reports_requested", "completed", "visit_target"):
        assert after["figures"][key] == pytest.approx(before["figures"][key]), key
    # The east's manager still sees the east's October.
    east = get(client, valvo, "regional_manager", seeded.EAST, **october).json()
    assert east["figures"]["serving_days"] == 31


def test_a_pilot_report_request_and_a_visits_distance_reach_the_figures(
    client: TestClient, valvo: Valvo
) -> None:
    """R143 and R137 through the case API: the pilot flag given with the report request, the
    distance and time recorded with the visit; a bad distance is refused and stores nothing."""
    case = client.post(
        "/api/cases/sentences",
        json={
            "subject_name": "Pilot person",
            "region": seeded.SOUTH,
            "requested_on": "2026-11-19",
            "pilot": True,
        },
        headers=bearer(valvo, "prosecutor"),
    )
    assert case.status_code == 201, case.text
    assert case.json()["pilot"] is True
    supervisor = bearer(valvo, "supervisor")
    visit = {"kind": "home", "visited_at": "2026-11-19T10:00:00+00:00", "present": True}
    too_far = client.post(
        f"/api/cases/{case.json()['id']}/visits/outcome",
        json={**visit, "travel_km": -3},
        headers=supervisor,
    )
    assert too_far.status_code == 422
    made = client.post(
        f"/api/cases/{case.json()['id']}/visits/outcome",
        json={**visit, "travel_km": 12.5, "travel_minutes": 25},
        headers=supervisor,
    )
    assert made.status_code == 200, made.text
    pilot = get(client, valvo, "administrator", pilot="true").json()["figures"]
    expected = seeded.EXPECTED_PILOT["reports_requested"] + 1
    assert (pilot["reports_requested"], pilot["visits"]) == (expected, 3)
    assert pilot["visit_km"] == pytest.approx(20 + 12.5)
    assert pilot["visit_minutes"] == 40 + 25


def test_the_report_by_command_for_a_cron_job(
    client: TestClient, valvo: Valvo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``valvo followup report``: by default the last whole month; the PDF, the CSV."""
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.settings.resolved_database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(valvo.settings.data_dir))
    out = tmp_path / "october.csv"
    common = ["followup", "report", "--today", seeded.TODAY.isoformat(), "--format"]
    result = CliRunner().invoke(cli, [*common, "csv", "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r[0]: r for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) if r}
    assert rows["serving_days"][2] == "38"  # October: C all month, A from 25.10
    pdf = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, [*common, "pdf", "--out", str(pdf), "--region", seeded.EAST])
    assert result.exit_code == 0, result.output
    assert "Alue: Itä-Suomi" in pdf_text(pdf.read_bytes())
    bad = CliRunner().invoke(cli, [*common, "pdf", "--out", str(pdf), "--from", "1.10.2026"])
    assert bad.exit_code == 2
    assert "invalid_date" in bad.output
