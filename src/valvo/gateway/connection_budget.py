"""One connection budget for every listener of a process, below its open-file limit.

Each accepted connection is a file descriptor. Without a shared bound, slow clients that open
connections and never finish a request exhaust the descriptors, and then the API, the devices
and the health checks all stop (and the accept error floods the log). :class:`ConnectionBudget`
admits a connection only while the process-wide total and its address's share are under their
caps; :func:`fd_budget` raises the soft open-file limit at start-up and says how many
connections fit, or refuses with a clear message.
"""

from __future__ import annotations

import resource
from collections import Counter

# Descriptors kept for everything that is not a client connection: database pools, NATS, log
# files, listening sockets, the engine's files.
FD_RESERVE = 256


class FdLimitTooLow(RuntimeError):
    """The process may not open enough files to serve; the text says what to change."""


def fd_budget(reserve: int = FD_RESERVE, minimum: int = 64) -> int:
    """Raise the soft open-file limit to the hard one and return the connections that fit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 1 << 20 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    budget = soft - reserve
    if budget < minimum:
        raise FdLimitTooLow(
            f"the open-file limit is {soft} (hard {hard}): Valvo keeps {reserve} for itself and "
            f"needs room for at least {minimum} connections; raise it (ulimit -n, LimitNOFILE)"
        )
    return budget


class ConnectionBudget:
    """Connections held by all listeners: at most ``total``, and ``per_address`` per client
    address (a NAT gateway of many devices needs a generous one)."""

    def __init__(self, total: int, per_address: int) -> None:
        self.total = total
        self.per_address = per_address
        self._open: Counter[str] = Counter()
        self._count = 0
        self.refused = 0

    @property
    def open(self) -> int:
        return self._count

    def admit(self, address: str) -> str | None:
        """Take a place for a connection from ``address``; the reason when there is none."""
        if self._count >= self.total:
            self.refused += 1
            return f"connection budget of {self.total} reached"
        if self._open[address] >= self.per_address:
            self.refused += 1
            return f"{self.per_address} connections already open from this address"
        self._open[address] += 1
        self._count += 1
        return None

    def release(self, address: str) -> None:
        self._count -= 1
        self._open[address] -= 1
        if self._open[address] <= 0:
            del self._open[address]


def host_of(peer: str) -> str:
    """The address part of ``host:port`` (IPv6 too)."""
    return peer.rsplit(":", 1)[0] if ":" in peer else peer
