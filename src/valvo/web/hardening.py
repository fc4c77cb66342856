"""Browser-facing hardening for every response: security headers, a cross-origin check on
state-changing requests, and the rate limits (docs/hardening.md).

CSRF: the API takes credentials only from the ``Authorization`` header (the console keeps its
bearer token in sessionStorage); no cookie is ever read, so a browser cannot be made to send
them along with a forged request. On top of that a state-changing request whose ``Origin`` is
present and not the API's own is refused with 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from valvo.bootstrap import Valvo
from valvo.web.rate_limit import RateLimits

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def content_security_policy(tile_url: str) -> str:
    """Only Valvo's own scripts, styles and connections; images also from the map tiles."""
    images = ["'self'", "data:"]
    tiles = tile_origin(tile_url)
    if tiles:
        images.append(tiles)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(images)}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def tile_origin(tile_url: str) -> str | None:
    """The origin of a Leaflet tile URL template; ``{s}`` subdomains become a wildcard."""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if not parts.scheme or not parts.netloc:
        return None  # a relative URL: tiles served by Valvo itself
    return f"{parts.scheme}://{parts.netloc}"


def own_origins(request: Request, behind_tls_proxy: bool) -> set[str]:
    host = request.headers.get("host", "")
    origins = {f"{request.url.scheme}://{host}"}
    if behind_tls_proxy:
        origins.add(f"https://{host}")
    return origins


def install(app: FastAPI, valvo: Valvo) -> None:
    settings = valvo.settings
    csp = content_security_policy(settings.tile_url)
    limits = RateLimits(settings, valvo.clock)

    @app.middleware("http")
    async def hardening(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = _refuse(request, limits, settings.behind_tls_proxy)
        if response is None:
            response = await call_next(request)
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Content-Security-Policy", csp)
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.url.scheme == "https" or settings.behind_tls_proxy:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request.url.path.startswith("/api/"):
            # API answers carry personal data: no browser or proxy may keep them.
            headers.setdefault("Cache-Control", "no-store")
        return response


def _refuse(request: Request, limits: RateLimits, behind_tls_proxy: bool) -> Response | None:
    origin = request.headers.get("origin")
    if (
        request.method not in SAFE_METHODS
        and origin is not None
        and origin not in own_origins(request, behind_tls_proxy)
    ):
        return JSONResponse(
            {
                "detail": f"cross-origin request refused: Origin {origin} is not this API's "
                "origin (state-changing requests come only from Valvo's own pages)"
            },
            status_code=403,
        )
    client = request.client.host if request.client else "unknown"
    refusal = limits.check(
        request.method, request.url.path, client, request.headers.get("authorization")
    )
    if refusal is not None:
        return JSONResponse(
            {"detail": refusal.detail},
            status_code=429,
            headers={"Retry-After": str(refusal.retry_after_s)},
        )
    return None
