"""``valvo user unlock`` and ``valvo user reset-totp``: the recovery commands for an
administrator locked out or without their phone (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FakeClock, make_valvo
from valvo.cli.main import app
from valvo.services import auth, second_factor
from valvo.services.auth import Principal

runner = CliRunner()


def test_unlock_and_reset_totp_from_the_command_line(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI reads the real clock, so the lock is made at the real "now": a lock made at a fixed
    # test date would have expired by the time the suite runs on a later day.
    valvo = make_valvo(database_url, tmp_path, FakeClock(datetime.now(UTC)))
    with valvo.uow() as uow:
        admin = uow.users.by_username("admin")
        assert admin is not None
        for _ in range(valvo.settings.login_max_failures):
            auth.log_in(
                uow,
                valvo.hasher,
                valvo.secret_box,
                valvo.login_policy,
                username="admin",
                password="wrong-password-1",
                otp=None,
                now=valvo.clock(),
                peer=None,
            )
        who = Principal(admin["id"], "admin", "administrator", None)
        second_factor.start_enrolment(uow, valvo.secret_box, who, valvo.clock(), "Valvo")
        uow.commit()
    valvo.db.dispose()
    monkeypatch.setenv("VALVO_DATABASE_URL", database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(tmp_path))

    unlocked = runner.invoke(app, ["user", "unlock", "admin"])
    assert unlocked.exit_code == 0, unlocked.output
    again = runner.invoke(app, ["user", "unlock", "admin"])
    assert again.exit_code == 2
    assert "admin is not locked" in again.output
    reset = runner.invoke(app, ["user", "reset-totp", "admin"])
    assert reset.exit_code == 0, reset.output
    assert runner.invoke(app, ["user", "reset-totp", "nobody"]).exit_code == 2
