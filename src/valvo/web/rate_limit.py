"""In-process rate limits: token buckets per client address, per user and (stricter) per client
address on the sign-in routes, refilled on Valvo's clock.

One process keeps its own buckets: a deployment with several API processes needs a shared
limiter at the reverse proxy (docs/hardening.md). A request with a bearer token whose signature
is valid spends its user's bucket (a forged token cannot spend someone else's budget); any other
request spends its client address's. A monitoring centre's consoles share one address behind
its NAT, so a busy shift must not empty one bucket for all of them. The page shells and their
scripts (GET outside ``/api/``) are files, not work: a console loads some thirty at once, and
limiting them broke the page for the next person to log in from the same address.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import jwt

from valvo.settings import Settings

# Never limited: the live feed (one long request per console) and the health check.
EXEMPT_PATHS = frozenset({"/api/live", "/api/health"})
# The sign-in bucket (stricter: password and code guessing) covers the routes that take a
# credential; the console's own reads under /api/auth/ (who am I, log out) are ordinary requests,
# or every page load would spend a sign-in attempt.
SIGN_IN_PATHS = frozenset(
    {
        "/api/auth/token",
        "/api/auth/refresh",
        "/api/auth/password",
        "/api/auth/totp/enrol",
        "/api/auth/totp/confirm",
    }
)
MAX_BUCKETS = 50_000  # per limiter; full (idle) buckets are dropped beyond this


@dataclass(slots=True)
class Bucket:
    tokens: float
    at: float


class TokenBucketLimiter:
    """``per_minute`` tokens a minute, at most ``burst`` saved; 0 per minute means no limit."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str, now: float) -> float:
        """Spend one token for ``key``; 0 if allowed, else the seconds until one is available."""
        if not self.enabled:
            return 0.0
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                self._prune(now)
            bucket = self._buckets[key] = Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + max(0.0, now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [
            key
            for key, b in self._buckets.items()
            if b.tokens + (now - b.at) * self.rate >= self.burst
        ]
        for key in full:
            del self._buckets[key]


@dataclass(frozen=True, slots=True)
class Refusal:
    retry_after_s: int
    detail: str


class RateLimits:
    def __init__(self, settings: Settings, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._secret = settings.secret_key.get_secret_value()
        self.client = TokenBucketLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
        self.user = TokenBucketLimiter(
            settings.rate_limit_user_per_minute, settings.rate_limit_user_burst
        )
        self.auth = TokenBucketLimiter(
            settings.rate_limit_auth_per_minute, settings.rate_limit_auth_burst
        )

    def check(
        self, method: str, path: str, client: str, authorization: str | None
    ) -> Refusal | None:
        """Spend this request's tokens; a :class:`Refusal` if one of its buckets is empty."""
        if path in EXEMPT_PATHS or _page_asset(method, path):
            return None
        now = self._clock().timestamp()
        if path in SIGN_IN_PATHS:
            wait = self.auth.take(client, now)
            if wait:
                return _refusal(wait, "too many sign-in requests from this address")
        user = self._user(authorization)
        if user is not None:
            wait = self.user.take(user, now)
            if wait:
                return _refusal(wait, "too many requests for this user")
            return None
        wait = self.client.take(client, now)
        if wait:
            return _refusal(wait, "too many requests from this address")
        return None

    def _user(self, authorization: str | None) -> str | None:
        if not self.user.enabled or not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.PyJWTError:
            return None
        subject = claims.get("sub")
        return str(subject) if subject is not None else None


def _page_asset(method: str, path: str) -> bool:
    """A page shell or one of its scripts, styles or images: read-only and outside the API."""
    return method in ("GET", "HEAD") and not (path == "/api" or path.startswith("/api/"))


def _refusal(wait_s: float, what: str) -> Refusal:
    seconds = max(1, math.ceil(wait_s))
    return Refusal(seconds, f"rate limit: {what}; retry after {seconds} s")
