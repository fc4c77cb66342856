"""A row's seal is the same value whatever computes it: seals written before the one-shot HMAC
(hmac.digest) still verify (valvo.adapters.db.evidence)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from valvo.adapters.db.evidence import canonical, keyed, row_mac

KEY = bytes(range(32))
POSITION = {
    "subject_id": "3f2a",
    "device_id": "9b1c",
    "time": datetime(2027, 3, 28, 0, 59, tzinfo=UTC),
    "lat": 60.17,
    "lon": 24.94,
    "accuracy_m": 8,
    "speed_kmh": None,
    "seq": 42,
}


def test_the_seal_is_hmac_sha256_of_table_and_canonical_content() -> None:
    text = "positions\n" + canonical(
        {**POSITION, "time": "2027-03-28T00:59:00+00:00", "accuracy_m": 8.0}
    )
    expected = hmac.new(KEY, text.encode(), hashlib.sha256).hexdigest()
    assert keyed(KEY, text) == expected
    assert row_mac(KEY, "positions", POSITION) == expected[:32]


def test_a_known_seal_keeps_its_value() -> None:
    # Computed with hmac.new before the change: a different value would break every stored seal.
    assert keyed(b"valvo", "positions\n{}") == (
        "09433ffba749c28ef79060e28017633166f6b76b27908743d427b0a7146b58b3"
    )
