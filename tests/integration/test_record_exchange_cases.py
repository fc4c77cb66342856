"""The case work in the monitoring record package (issue 17): a person whose case has a row in
every table of the case work (sentence, travel ban, report, plans, visits, tests, breaches and
their adjudication, decisions, …, the timeline and a restriction marking) moves to another
Valvo with the same rows on SQLite and PostgreSQL; a broken case part is refused with one
error and nothing stored; the victim stays behind."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, insert, select

from tests.conftest import FakeClock
from tests.integration.test_record_exchange import (  # noqa: F401 (target_url: a fixture)
    Cli,
    counts,
    export,
    rewrite,
    rows,
    target_url,
)
from tests.support.evidence import walk_into_exclusion
from valvo.adapters.db import tables as t
from valvo.adapters.db.exchange_cases import CASE_TABLES, NOT_EXPORTED
from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_victims import restraining_orders, victims
from valvo.adapters.db.types import UTCDateTime
from valvo.bootstrap import Valvo

VICTIM_NAME = "Vilja Uhrinen"
COURT_OF_THE_ORDER = "Lähestymiskieltotuomioistuin"


def test_every_table_of_the_case_work_is_exported_or_deliberately_left_out() -> None:
    """A new table of the case work must be added to the package or to its documented
    exceptions: none is forgotten silently."""
    with_case = {name for name, table in metadata.tables.items() if "case_id" in table.c} | {
        "cases"
    }
    assert with_case - set(CASE_TABLES) == set(NOT_EXPORTED)


def _value(column: Any, n: int, at: datetime) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return at - timedelta(hours=n)
    if isinstance(kind, Date):
        return date(2026, 3, 1) + timedelta(days=n)
    if isinstance(kind, Boolean):
        return n % 2 == 1
    if isinstance(kind, Integer):
        return n + 1
    if isinstance(kind, Float):
        return n + 0.5
    if isinstance(kind, JSON):
        return {"kind": column.name, "items": [n, "ä"], "nested": {"ok": True}}
    if isinstance(kind, String):
        text_ = f"{column.table.name}.{column.name} {n} – åäö"
        return text_[: kind.length] if kind.length else text_
    raise AssertionError(f"no value for {column}")  # pragma: no cover


def fill_case_work(valvo: Valvo, subject_id: str, at: datetime) -> dict[str, list[str]]:
    """One case of the person with a row in every case table, every column filled, the
    foreign keys pointing at the rows made before; and a victim with a restraining order."""
    made: dict[str, list[Any]] = {}
    with valvo.db.begin() as conn:
        order_id = conn.execute(
            select(t.orders.c.id).where(t.orders.c.subject_id == subject_id)
        ).scalar_one()
        schedule_id = (
            conn.execute(select(t.schedules.c.id).where(t.schedules.c.order_id == order_id))
            .scalars()
            .first()
        )
        device_id = (
            conn.execute(
                select(t.device_assignments.c.device_id).where(
                    t.device_assignments.c.subject_id == subject_id
                )
            )
            .scalars()
            .first()
        )
        fixed = {
            ("cases", "subject_id"): subject_id,
            ("cases", "order_id"): order_id,
            ("cases", "type"): "monitoring_sentence",
            ("cases", "region"): "Itä-Suomi",
            ("restrictions", "subject_id"): subject_id,
            ("case_plans", "schedule_id"): schedule_id,
            ("travel_bans", "device_id"): device_id,
        }
        for n, (name, table) in enumerate(CASE_TABLES.items()):
            row: dict[str, Any] = {}
            for column in table.c:
                key = (name, column.name)
                if key in fixed:
                    row[column.name] = fixed[key]
                elif column.name == "id" or (column.name == "seq" and name == "case_events"):
                    row[column.name] = f"{name}-1" if name != "case_events" else 7
                elif column.name == "case_id":
                    row[column.name] = made["cases"][0]
                elif column.foreign_keys:
                    target = next(iter(column.foreign_keys)).column.table.name
                    row[column.name] = made[target][0]
                elif column.name == "mac":
                    continue
                else:
                    row[column.name] = _value(column, n, at)
            conn.execute(insert(table), [row])
            made[name] = [row[next(iter(table.primary_key.columns)).name]]
        case_id = made["cases"][0]
        conn.execute(
            insert(victims),
            [
                {
                    "id": "victim-1",
                    "case_id": case_id,
                    "subject_id": subject_id,
                    "name": VICTIM_NAME,
                    "contact_person": "Tukihenkilö Tuulikki",
                    "contact_channel": "mailto:vilja@example.org",
                    "notify_opt_in": True,
                    "zone": {"type": "Point", "coordinates": [25.5, 62.25]},
                    "buffer_m": 500.0,
                    "created_at": at,
                    "created_by": "supervisor-1",
                }
            ],
        )
        conn.execute(
            insert(restraining_orders),
            [
                {
                    "id": "ro-1",
                    "case_id": case_id,
                    "subject_id": subject_id,
                    "victim_id": "victim-1",
                    "court": COURT_OF_THE_ORDER,
                    "decided_at": at,
                    "valid_from": at,
                    "terms": "Ei yhteydenottoja",
                    "created_at": at,
                    "created_by": "supervisor-1",
                }
            ],
        )
    return made


def test_the_case_work_makes_the_round_trip_identical(
    valvo: Valvo,
    clock: FakeClock,
    target_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walk = walk_into_exclusion(valvo, clock)
    subject_id = walk.who.subject_id
    fill_case_work(valvo, subject_id, clock())
    cli = Cli(monkeypatch)
    out = tmp_path / "record.zip"
    export(valvo, cli, subject_id, out)
    source = rows(valvo.settings.resolved_database_url, subject_id, clock)
    for name in CASE_TABLES:
        assert len(source[name]) == 1, name
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        everything = b"".join(archive.read(n) for n in archive.namelist())
        case_doc = json.loads(archive.read("cases.json"))
    assert manifest["schema_version"] == 2
    assert manifest["counts"]["case_visits"] == 1
    assert case_doc["case_visits"][0]["visited_at"].endswith("+00:00")
    for secret in (VICTIM_NAME, "Tukihenkilö", "vilja@example.org", COURT_OF_THE_ORDER):
        assert secret.encode() not in everything, secret

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli.on(target_url, elsewhere, "import", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["rows"]["case_events"] == 1
    assert rows(target_url, subject_id, clock) == source
    verified = cli.on(target_url, elsewhere, "verify")
    assert verified.exit_code == 0, verified.output
    # A second import meets the same cases: refused, nothing more stored.
    before = counts(target_url)
    again = cli.on(target_url, elsewhere, "import", str(out))
    assert again.exit_code == 1
    assert "already holds" in again.output
    assert counts(target_url) == before


def test_a_broken_case_part_is_refused_with_one_error_and_nothing_stored(
    valvo: Valvo,
    clock: FakeClock,
    target_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walk = walk_into_exclusion(valvo, clock)
    fill_case_work(valvo, walk.who.subject_id, clock())
    cli = Cli(monkeypatch)
    good = tmp_path / "record.zip"
    export(valvo, cli, walk.who.subject_id, good)
    with zipfile.ZipFile(good) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        doc = archive.read("cases.json")

    def changed(edit: Any) -> bytes:
        copy = json.loads(doc)
        edit(copy)
        return json.dumps(copy).encode()

    def bad_type(d: Any) -> None:
        d["case_visits"][0]["present"] = "yes"

    def other_case(d: Any) -> None:
        d["case_events"][0]["case_id"] = "someone-elses-case"

    def other_person(d: Any) -> None:
        d["cases"][0]["subject_id"] = "someone-else"

    def orphan_breach(d: Any) -> None:  # passes every check, fails in the database
        d["case_decisions"][0]["breach_id"] = "no-such-breach"

    def missing_column(d: Any) -> None:
        del d["case_plans"][0]["content"]

    unlisted = dict(
        manifest, files={k: v for k, v in manifest["files"].items() if k != "cases.json"}
    )
    cases: dict[str, tuple[dict[str, bytes | None], bool, str]] = {
        "wrong type": ({"cases.json": changed(bad_type)}, True, "present: must be true or false"),
        "another case": ({"cases.json": changed(other_case)}, True, "case_events[0]: names a case"),
        "another person": ({"cases.json": changed(other_person)}, True, "a case of another"),
        "missing column": ({"cases.json": changed(missing_column)}, True, "missing ['content']"),
        "half-way": ({"cases.json": changed(orphan_breach)}, True, "nothing stored"),
        "unlisted": (
            {"manifest.json": json.dumps(unlisted).encode()},
            False,
            "does not list cases.json",
        ),
    }
    target_dir = tmp_path / "elsewhere"
    target_dir.mkdir()
    assert cli.on(target_url, target_dir, "verify").exit_code == 0
    before = counts(target_url)
    for label, (change, reseal, message) in cases.items():
        bad = tmp_path / f"{label}.zip"
        rewrite(good, bad, change, reseal)
        result = cli.on(target_url, target_dir, "import", str(bad))
        assert result.exit_code in (1, 2), (label, result.output)
        assert message in result.output, (label, result.output)
        assert len(result.output.strip().splitlines()) == 1, (label, result.output)
        assert counts(target_url) == before, label
