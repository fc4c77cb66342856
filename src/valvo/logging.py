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
from collections.abc import Mapping, MutableMapping
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


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level.upper(), force=True)
    # Libraries that log every request or migration step at INFO would drown Valvo's own events.
    for noisy in ("httpx", "httpcore", "alembic", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
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
