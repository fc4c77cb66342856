"""Production refuses to run without the required second factor for staff (pydantic wraps
the InsecureSettingsError in its ValueError)."""

from __future__ import annotations

import pytest

from valvo.settings import Settings

PRODUCTION = {
    "mode": "production",
    "secret_key": "s" * 40,
    "audit_key": "k" * 40,
    "admin_password": "a-real-admin-password",
    "database_url": "postgresql://valvo@db/valvo",
    "behind_tls_proxy": True,  # TLS is checked in tests/unit/test_settings_hardening.py
}


def test_production_requires_totp() -> None:
    with pytest.raises(ValueError, match="VALVO_REQUIRE_TOTP is off"):
        Settings(**PRODUCTION)  # type: ignore[arg-type]
    assert Settings(**PRODUCTION, require_totp=True).require_totp  # type: ignore[arg-type]


def test_lockout_defaults_are_five_failures_in_fifteen_minutes_locking_fifteen() -> None:
    settings = Settings()
    assert settings.login_max_failures == 5
    assert settings.login_failure_window_minutes == 15
    assert settings.lockout_minutes == 15
    assert settings.require_totp is False
