"""``valvo import-positions``: another supplier's CSV becomes a person's positions (both
databases), with the file kept as a raw frame on the device's chain that ``valvo verify`` walks;
the engine does not raise the history's alarms again; a second import, a bad row and a device
someone else wore are each refused with one message and nothing stored."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.integration.test_record_exchange import Cli
from tests.security.conftest import audit_rows
from tests.support.alarm_desk import person
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_gateway import device_frames
from valvo.bootstrap import Valvo

ZONE = ZoneInfo("Europe/Helsinki")
MAPPING = {
    "columns": {"time": "Aika", "lat": "Leveys", "lon": "Pituus", "speed": "Nopeus"},
    "time_format": "%d.%m.%Y %H:%M:%S",
    "timezone": "Europe/Helsinki",
    "delimiter": ";",
    "decimal": ",",
    "speed_unit": "ms",
}


def supplier_file(tmp_path: Path, start: datetime, rows: int, bad_line: int | None = None) -> Path:
    """``rows`` fixes a minute apart from ``start`` in Helsinki's wall-clock time, as a
    supplier writes them; ``bad_line`` gets a latitude off the earth."""
    lines = ["Aika;Leveys;Pituus;Nopeus"]
    for i in range(rows):
        local = (start + timedelta(minutes=i)).astimezone(ZONE)
        lat = "95,0" if bad_line == i + 2 else f"60,{1700 + i}"
        lines.append(f"{local:%d.%m.%Y %H:%M:%S};{lat};24,9384;1,5")
    path = tmp_path / "toimittaja.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(valvo: Valvo) -> dict[str, int]:
    with valvo.db.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in {
                "positions": t.positions,
                "observations": t.observations,
                "frames": device_frames,
                "alarms": t.alarms,
            }.items()
        }


def run(valvo: Valvo, cli: Cli, csv: Path, subject_id: str, device: str, tmp_path: Path) -> Any:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING))
    return cli.on(
        valvo.settings.resolved_database_url,
        valvo.settings.data_dir,
        "import-positions",
        str(csv),
        "--person",
        subject_id,
        "--device",
        device,
        "--mapping",
        str(mapping),
    )


def test_a_suppliers_csv_becomes_the_persons_history_on_the_devices_chain(
    valvo: Valvo, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = person(valvo, device="toimittaja-7")
    start = clock() - timedelta(days=3)  # history from before Valvo
    csv = supplier_file(tmp_path, start, rows=5)
    cli = Cli(monkeypatch)
    before = counts(valvo)

    result = run(valvo, cli, csv, who.subject_id, "toimittaja-7", tmp_path)

    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["rows"] == {"observations": 5, "positions": 5, "frames": 1}
    with valvo.db.connect() as conn:
        stored = (
            conn.execute(
                select(t.positions)
                .where(t.positions.c.subject_id == who.subject_id)
                .order_by(t.positions.c.time)
            )
            .mappings()
            .all()
        )
        [frame] = conn.execute(select(device_frames)).mappings().all()
    assert [p["time"] for p in stored] == [start + timedelta(minutes=i) for i in range(5)]
    assert stored[0]["time"].tzinfo is not None
    assert [p["lat"] for p in stored] == [60.17, 60.1701, 60.1702, 60.1703, 60.1704]
    assert {p["speed_kmh"] for p in stored} == {5.4}  # 1.5 m/s
    assert all(p["mac"] for p in stored)  # sealed with this installation's key
    assert frame["raw"] == csv.read_bytes()
    assert frame["protocol"] == "supplier-csv"
    assert sorted(frame["observation_seqs"]) == sorted(p["seq"] for p in stored)
    [audit] = audit_rows(valvo, action="import_positions")
    assert audit["target_id"] == who.subject_id

    verified = cli.on(valvo.settings.resolved_database_url, valvo.settings.data_dir, "verify")
    assert verified.exit_code == 0, verified.output

    after = counts(valvo)
    valvo.engine_worker().step(clock())  # the history is not evaluated again
    assert counts(valvo) == after
    assert after["alarms"] == before["alarms"]

    again = run(valvo, cli, csv, who.subject_id, "toimittaja-7", tmp_path)
    assert again.exit_code == 1
    assert "5 of the file's rows are already stored, the first on line 2" in again.output
    assert counts(valvo) == after


def test_a_bad_row_is_named_by_its_line_and_nothing_is_stored(
    valvo: Valvo, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = person(valvo, device="toimittaja-7")
    csv = supplier_file(tmp_path, clock() - timedelta(days=3), rows=5, bad_line=4)
    before = counts(valvo)
    result = run(valvo, Cli(monkeypatch), csv, who.subject_id, "toimittaja-7", tmp_path)
    assert result.exit_code == 2
    assert "refused: line 4: coordinates 95.0, 24.9384 are outside" in result.output
    assert counts(valvo) == before
    assert audit_rows(valvo, action="import_positions") == []


def test_a_device_another_person_wore_then_is_refused(
    valvo: Valvo, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = person(valvo, device="dev-mine")
    person(valvo, device="dev-theirs")  # assigned to someone else from clock() on
    csv = supplier_file(tmp_path, clock() + timedelta(hours=1), rows=3)
    before = counts(valvo)
    cli = Cli(monkeypatch)
    result = run(valvo, cli, csv, mine.subject_id, "dev-theirs", tmp_path)
    assert result.exit_code == 1
    assert "was assigned to another person during the file's period" in result.output
    unknown = run(valvo, cli, csv, mine.subject_id, "no-such-device", tmp_path)
    assert unknown.exit_code == 1
    assert "no device 'no-such-device'" in unknown.output
    assert counts(valvo) == before
