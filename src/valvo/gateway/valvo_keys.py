"""The gateway's cache of Valvo-protocol device keys, derived from the stored credentials.

Lookups on the decode path are synchronous and in memory; :meth:`DeviceKeyCache.load` fetches
a device's credential off the event loop when it is missing or older than the time-to-live,
so a re-issued or revoked key takes effect within that time. Unknown devices are cached too
(as having no key), in a bounded LRU, so a flood of made-up identifiers cannot turn into a
database query per message.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from valvo.logging import get_logger
from valvo.services.device_credentials import StoredCredential, derive_key, key_fingerprint

log = get_logger(__name__)


class DeviceKeyCache:
    def __init__(
        self,
        credentials: Callable[[str], StoredCredential | None],
        master: bytes,
        *,
        ttl_s: float = 30.0,
        max_entries: int = 300_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._credentials = credentials  # a device's stored credential (bootstrap's)
        self._master = master
        self._ttl = ttl_s
        self._max = max_entries
        self._now = monotonic
        self._entries: OrderedDict[str, tuple[float, bytes | None]] = OrderedDict()

    def lookup(self, device: str) -> bytes | None:
        entry = self._entries.get(device)
        return None if entry is None else entry[1]

    async def load(self, device: str) -> None:
        entry = self._entries.get(device)
        if entry is not None and self._now() - entry[0] < self._ttl:
            self._entries.move_to_end(device)
            return
        key = await asyncio.to_thread(self._fetch, device)
        self._entries[device] = (self._now(), key)
        self._entries.move_to_end(device)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def forget(self, device: str) -> None:
        self._entries.pop(device, None)

    def _fetch(self, device: str) -> bytes | None:
        credential = self._credentials(device)
        if credential is None or credential.revoked_at is not None:
            return None
        key = derive_key(self._master, device, credential.salt)
        if key_fingerprint(key) != credential.key_fingerprint:
            log.error(
                "device key cannot be derived",
                device=device,
                reason="the device-key secret changed since the key was issued; re-issue it",
            )
            return None
        return key
