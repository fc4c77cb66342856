"""``valvo device issue-key``: a command on the message bus, in the credential unit of work
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FakeClock, make_valvo
from valvo.adapters.db.device_credentials import load_credential
from valvo.cli.main import app
from valvo.gateway.listeners import device_master_key
from valvo.services import registry
from valvo.services.device_credentials import IssueDeviceKey, key_fingerprint

runner = CliRunner()


def test_issue_key_from_the_command_line(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    valvo = make_valvo(database_url, tmp_path, FakeClock(datetime.now(UTC)))
    with valvo.uow() as uow:
        registry.register_device(
            uow, "t", valvo.clock(), identifier="VK-1", protocol="valvo", kind="rf_home_unit"
        )
        uow.commit()
    valvo.db.dispose()
    monkeypatch.setenv("VALVO_DATABASE_URL", database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(tmp_path))

    issued = runner.invoke(app, ["device", "issue-key", "VK-1"])
    assert issued.exit_code == 0, issued.output
    printed = json.loads(issued.output)
    assert printed["device"] == "VK-1"
    assert printed["key_version"] == 1
    stored = load_credential(valvo.db, "VK-1")
    assert stored is not None
    assert stored.key_version == 1
    assert key_fingerprint(bytes.fromhex(printed["key"])) == printed["fingerprint"]
    assert runner.invoke(app, ["device", "issue-key", "VK-unknown"]).exit_code == 2


def test_the_handler_takes_the_master_key_from_the_bus(database_url: str, tmp_path: Path) -> None:
    valvo = make_valvo(database_url, tmp_path, FakeClock(datetime.now(UTC)))
    with valvo.uow() as uow:
        registry.register_device(
            uow, "t", valvo.clock(), identifier="VK-2", protocol="valvo", kind="rf_home_unit"
        )
        uow.commit()
    first = valvo.bus.handle(IssueDeviceKey(actor="t", at=valvo.clock(), identifier="VK-2"))
    again = valvo.bus.handle(IssueDeviceKey(actor="t", at=valvo.clock(), identifier="VK-2"))
    assert (first.key_version, again.key_version) == (1, 2)
    assert device_master_key(valvo.settings)  # the bus's collaborator, from the settings
