"""The JSON of a live-feed event, one encoding for the SSE stream and the NATS subject: every
instant as ISO 8601 UTC with 'T' and 'Z' (``valvo.domain.clock.iso_utc``), as the REST API
writes it, so the console compares one format."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from valvo.domain.clock import iso_utc


def encode_event(event: Mapping[str, Any]) -> str:
    return json.dumps(dict(event), default=_plain, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)  # identifiers (UUID, Decimal): their text
