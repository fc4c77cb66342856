"""What the API reads from a request body, bounded and checked before any route sees it.

* A body over its route's limit is refused with 413 before it is read (by its Content-Length)
  or as soon as it grows past the limit (chunked), so four 100 MB POSTs cannot take 2 GB.
* Every string of a JSON body (keys too) is checked: an unpaired surrogate (no database or
  encoder can hold it: it used to be a 500 whose traceback quoted the input), a NUL or another
  control character (tab, newline and carriage return aside) is refused with 400 naming the
  field, before anything is stored.
* A failure inside a route answers 500 and is logged as its exception's type and the place it
  was raised, never as a traceback or a message: either can quote the request's personal data.
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Sequence
from pathlib import Path

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from valvo.logging import get_logger

log = get_logger(__name__)

DEFAULT_MAX_BODY = 1024 * 1024
# C0 and C1 controls but tab, newline and carriage return; any surrogate (a pair arrives as one
# character, so a surrogate left in a str is unpaired).
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class BodyRefused(ValueError):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class RequestGuard:
    """ASGI middleware; ``limits`` are (path prefix, bytes), the first match wins."""

    def __init__(
        self,
        app: ASGIApp,
        limits: Sequence[tuple[str, int]] = (),
        default_limit: int = DEFAULT_MAX_BODY,
    ) -> None:
        self._app = app
        self._limits = tuple(limits)
        self._default = default_limit

    def limit_for(self, path: str) -> int:
        return next((n for prefix, n in self._limits if path.startswith(prefix)), self._default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._guarded(scope, receive, tracked)
        except Exception as exc:
            log.error("request failed", path=scope["path"], error=_where(exc))
            if not started:
                await JSONResponse({"detail": "internal error"}, 500)(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self._app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope["headers"]}
        try:
            body = await _read(receive, headers, self.limit_for(scope["path"]))
            if b"json" in headers.get(b"content-type", b""):
                check_json_text(body)
        except BodyRefused as exc:
            await JSONResponse({"detail": str(exc)}, status_code=exc.status)(scope, receive, send)
            return
        await self._app(scope, _replay(body, receive), send)


async def _read(receive: Receive, headers: dict[bytes, bytes], limit: int) -> bytes:
    declared = headers.get(b"content-length", b"")
    if declared.isdigit() and int(declared) > limit:
        raise BodyRefused(413, f"request body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyRefused(413, f"request body over {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # the disconnect, when it comes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def check_json_text(body: bytes) -> None:
    """Raise :class:`BodyRefused` (400) for a JSON string the API will not take; a body that is
    not JSON at all is left to the route's own validation."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return
    _walk(document, "body")


def _walk(value: object, where: str) -> None:
    if isinstance(value, str):
        _check(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, where)
            _walk(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index}]")


def _check(text: str, where: str) -> None:
    found = _REFUSED.search(text)
    if found is None:
        return
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        raise BodyRefused(400, f"{where}: unpaired surrogate in a string (not valid Unicode)")
    raise BodyRefused(400, f"{where}: control character U+{ord(char):04X} not allowed")


def _where(exc: BaseException) -> str:
    """``TypeName at module.py:123`` (the innermost frame), without the exception's text."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{place}"
