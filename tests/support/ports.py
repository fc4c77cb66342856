"""Ports for the servers a test starts. The kernel's own choice (bind to port 0) comes from the
ephemeral range, where the other test worker's outgoing connections take their local ports too:
a port found free may be a client's by the time the server binds it ("address already in use",
a flaky test). So ports come from below the ephemeral range, from a block of its own for each
pytest-xdist worker, never twice in one process, and each is checked bindable when handed out."""

from __future__ import annotations

import os
import random
import socket

_FIRST, _LAST = 20_000, 32_000  # below Linux's ephemeral range (32768-60999 by default)
_BLOCKS = 4
_given: set[int] = set()


def _block() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) % _BLOCKS if worker.isdigit() else 0
    size = (_LAST - _FIRST) // _BLOCKS
    return range(_FIRST + index * size, _FIRST + (index + 1) * size)


def free_port() -> int:
    """A TCP (and UDP) port on 127.0.0.1 nobody listens on now and no other test of this
    process was given."""
    candidates = [p for p in _block() if p not in _given]
    random.shuffle(candidates)
    for port in candidates[:500]:
        if _bindable(port):
            _given.add(port)
            return port
    raise RuntimeError("no free port for a test server")


def _bindable(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True
