"""The stricter sign-in limit counts the routes that take a credential, not the console's own
reads under /api/auth/ (the role's permissions are read on every page load)."""

from __future__ import annotations

from datetime import UTC, datetime

from valvo.settings import Settings
from valvo.web.rate_limit import RateLimits

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def limits() -> RateLimits:
    settings = Settings(rate_limit_auth_per_minute=1, rate_limit_auth_burst=2)
    return RateLimits(settings, lambda: NOW)


def test_whoami_and_logout_spend_no_sign_in_attempts() -> None:
    rl = limits()
    for _ in range(20):
        assert rl.check("/api/auth/me", "192.0.2.1", None) is None
        assert rl.check("/api/auth/logout", "192.0.2.1", None) is None
    assert rl.check("/api/auth/token", "192.0.2.1", None) is None


def test_credential_routes_share_the_sign_in_bucket() -> None:
    rl = limits()
    assert rl.check("/api/auth/token", "192.0.2.1", None) is None
    assert rl.check("/api/auth/refresh", "192.0.2.1", None) is None
    refused = rl.check("/api/auth/totp/confirm", "192.0.2.1", None)
    assert refused is not None
    assert rl.check("/api/auth/token", "192.0.2.2", None) is None  # another address
