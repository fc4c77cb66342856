"""The stricter sign-in limit counts the routes that take a credential, not the console's own
reads under /api/auth/ (the role's permissions are read on every page load); a signed-in user
spends their own bucket, not their address's (a centre's consoles share one address behind its
NAT); the pages' files are never limited."""

from __future__ import annotations

from datetime import UTC, datetime

import jwt

from valvo.settings import Settings
from valvo.web.rate_limit import RateLimits

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def limits() -> RateLimits:
    settings = Settings(rate_limit_auth_per_minute=1, rate_limit_auth_burst=2)
    return RateLimits(settings, lambda: NOW)


def test_whoami_and_logout_spend_no_sign_in_attempts() -> None:
    rl = limits()
    for _ in range(20):
        assert rl.check("GET", "/api/auth/me", "192.0.2.1", None) is None
        assert rl.check("GET", "/api/auth/logout", "192.0.2.1", None) is None
    assert rl.check("POST", "/api/auth/token", "192.0.2.1", None) is None


def test_credential_routes_share_the_sign_in_bucket() -> None:
    rl = limits()
    assert rl.check("POST", "/api/auth/token", "192.0.2.1", None) is None
    assert rl.check("POST", "/api/auth/refresh", "192.0.2.1", None) is None
    refused = rl.check("POST", "/api/auth/totp/confirm", "192.0.2.1", None)
    assert refused is not None
    assert rl.check("POST", "/api/auth/token", "192.0.2.2", None) is None  # another address


def centre(per_minute: float, burst: int) -> RateLimits:
    settings = Settings(
        rate_limit_per_minute=per_minute,
        rate_limit_burst=burst,
        rate_limit_user_per_minute=per_minute,
        rate_limit_user_burst=burst,
    )
    return RateLimits(settings, lambda: NOW)


def bearer(user: str) -> str:
    secret = Settings().secret_key.get_secret_value()
    return "Bearer " + jwt.encode({"sub": user}, secret, algorithm="HS256")


def test_consoles_behind_one_address_each_spend_their_own_users_bucket() -> None:
    rl = centre(per_minute=60, burst=3)
    for operator in ("op1", "op2", "op3", "op4"):
        for _ in range(3):
            assert rl.check("GET", "/api/alarms", "198.51.100.7", bearer(operator)) is None
    refused = rl.check("GET", "/api/alarms", "198.51.100.7", bearer("op1"))
    assert refused is not None
    assert refused.detail.startswith("rate limit: too many requests for")
    # Requests without a valid signature spend the address's bucket, still untouched.
    for _ in range(3):
        assert rl.check("GET", "/api/meta", "198.51.100.7", "Bearer forged.token.x") is None
    refused = rl.check("GET", "/api/meta", "198.51.100.7", None)
    assert refused is not None
    assert refused.detail.startswith("rate limit: too many requests from")


def test_the_pages_and_their_scripts_are_never_limited() -> None:
    rl = centre(per_minute=60, burst=1)
    for _ in range(50):
        assert rl.check("GET", "/static/console.js", "198.51.100.7", None) is None
        assert rl.check("GET", "/cases", "198.51.100.7", None) is None
    assert rl.check("GET", "/api/meta", "198.51.100.7", None) is None
    assert rl.check("GET", "/api/meta", "198.51.100.7", None) is not None
    assert rl.check("POST", "/cases", "198.51.100.8", None) is None
    assert rl.check("POST", "/cases", "198.51.100.8", None) is not None  # only reads are files
