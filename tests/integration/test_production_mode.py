"""Production mode at start: ``valvo serve`` refuses while demo accounts still sign in with the
demo passwords (exit 2, the accounts named); a database without them passes the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FakeClock
from valvo.bootstrap import build
from valvo.cli.main import app
from valvo.cli.production import demo_accounts
from valvo.services import auth
from valvo.settings import Settings
from valvo.sim.staff_seed import seed_staff

STRONG = "p" * 40


def production_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    env = {
        "VALVO_MODE": "production",
        "VALVO_SECRET_KEY": STRONG,
        "VALVO_AUDIT_KEY": "k" * 40,
        "VALVO_ADMIN_PASSWORD": "a-strong-password-for-the-centre",
        "VALVO_DATABASE_URL": f"sqlite:///{tmp_path / 'valvo.db'}",
        "VALVO_DATA_DIR": str(tmp_path),
        "VALVO_BEHIND_TLS_PROXY": "true",
        "VALVO_REQUIRE_TOTP": "true",
        "VALVO_CONFIG": str(tmp_path / "absent.toml"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


def test_serve_refuses_production_while_demo_staff_use_the_demo_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    settings = production_env(tmp_path, monkeypatch)
    valvo = build(settings, clock=clock)
    valvo.prepare_database()
    seed_staff(valvo, clock())
    result = CliRunner().invoke(app, ["serve", "api"])
    assert result.exit_code == 2
    assert "production mode refused: demo accounts still use the demo password: " in result.output
    assert (
        "operator, supervisor, restricted, manager, police, prosecutor, court, auditor"
        in result.output
    )


def test_changed_passwords_pass_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    valvo = build(production_env(tmp_path, monkeypatch), clock=clock)
    valvo.prepare_database()
    assert demo_accounts(valvo) == []  # the administrator has the configured password
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "t",
            clock(),
            username="operator",
            password="own-pass-1234",
            role="operator",
        )
        uow.commit()
    assert demo_accounts(valvo) == []
