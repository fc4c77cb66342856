"""Structured logging: key-value events, JSON in production, readable lines in development.

Log events name devices and subjects by id only; personal data (names, positions) never goes to
the log. As a second line of defence :func:`redact_personal` blanks the values of personal keys
(names, coordinates, addresses, phone numbers, passwords, tokens, one-time codes) in every event,
nested ones too, and keeps only the last four characters of device identifiers (IMEI). Events go
through the standard library's logging, so one handler (and one test capture) sees them all.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable, Hashable, Mapping, MutableMapping
from typing import Any

import structlog

REDACTED = "[redacted]"
PERSONAL_KEYS = frozenset(
    {
        "name", "names", "full_name", "first_name", "last_name", "person_name", "subject_name",
        "username", "user", "actor",
        "lat", "lon", "lng", "latitude", "longitude", "position", "location", "coordinates",
        "address", "home_address", "street_address", "postal_address", "email",
        "phone", "phone_number", "mobile",
        "password", "new_password", "secret", "token", "access_token", "refresh_token",
        "authorization", "otp", "totp", "code", "otp_code", "totp_secret",
        "social_security_number", "personal_identity_code", "hetu",
    }
)  # fmt: skip
DEVICE_KEYS = frozenset({"imei", "device", "device_id", "device_identifier", "identifier"})
# Free text (a refusal's reason, an error message) can quote what a device sent: decimal
# numbers with 3+ decimals there (coordinates) are blanked and 15-digit numbers (IMEI) shortened.
FREE_TEXT_KEYS = frozenset({"reason", "error", "detail", "message", "exception"})
_DECIMAL = re.compile(r"(?<![\d.])-?\d{1,3}\.\d{3,}(?![\d.])")
_IMEI = re.compile(r"(?<!\d)\d{11}(\d{4})(?!\d)")


def redact_personal(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: personal values become ``[redacted]``, device ids ``…1013``."""
    for key, value in list(event_dict.items()):
        if key != "event":
            event_dict[key] = _redact(key, value)
    return event_dict


def _redact(key: str, value: Any) -> Any:
    lowered = key.lower()
    if lowered in PERSONAL_KEYS:
        return REDACTED
    if lowered in DEVICE_KEYS and value is not None:
        text = str(value)
        return "…" + text[-4:] if len(text) > 4 else REDACTED
    if lowered in FREE_TEXT_KEYS and isinstance(value, str):
        return _IMEI.sub(r"…\1", _DECIMAL.sub("[number]", value))
    if isinstance(value, Mapping):
        return {k: _redact(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(key, v) for v in value]
    return value


class RepeatLimiter:
    """At most ``per_window`` lines of one kind per ``window_s``: a fault that repeats in a
    tight loop (an accept error when descriptors run out) must not flood the log. The first
    line of the next window says how many were left out."""

    def __init__(
        self,
        per_window: int = 20,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_kinds: int = 10_000,
    ) -> None:
        self.per_window = per_window
        self.window_s = window_s
        self._clock = clock
        self._max_kinds = max_kinds
        self._seen: dict[Hashable, list[float]] = {}  # kind -> [window start, lines, dropped]

    def allow(self, kind: Hashable) -> tuple[bool, int]:
        """Whether to write this line, and how many of its kind were dropped before it."""
        now = self._clock()
        state = self._seen.get(kind)
        if state is None or now - state[0] >= self.window_s:
            if len(self._seen) >= self._max_kinds:
                self._seen.clear()
            dropped = int(state[2]) if state is not None else 0
            self._seen[kind] = [now, 1, 0]
            return True, dropped
        if state[1] < self.per_window:
            state[1] += 1
            return True, 0
        state[2] += 1
        return False, 0


class RepeatFilter(logging.Filter):
    """:class:`RepeatLimiter` for the standard library's records (asyncio, uvicorn), by logger,
    level and message template."""

    def __init__(self, limiter: RepeatLimiter | None = None) -> None:
        super().__init__()
        self._limiter = limiter or RepeatLimiter()

    def filter(self, record: logging.LogRecord) -> bool:
        allowed, dropped = self._limiter.allow((record.name, record.levelno, str(record.msg)))
        if allowed and dropped:
            record.msg = f"{record.msg} [{dropped} like it left out]"
        return allowed


def limit_repeats(limiter: RepeatLimiter) -> structlog.typing.Processor:
    """The structlog side: lines equal in level, event and every field (run before the time
    stamp is added), so only true repeats are limited."""

    def processor(
        _logger: Any, method: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        allowed, dropped = limiter.allow((method, repr(sorted(event_dict.items()))))
        if not allowed:
            raise structlog.DropEvent
        if dropped:
            event_dict["left_out"] = dropped
        return event_dict

    return processor


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level.upper(), force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RepeatFilter())
    # Libraries that log every request or migration step at INFO would drown Valvo's own events.
    for noisy in ("httpx", "httpcore", "alembic", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            limit_repeats(RepeatLimiter()),
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact_personal,  # after format_exc_info: a traceback's text is scrubbed too
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[level.upper()]
        ),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(name)
    return logger
