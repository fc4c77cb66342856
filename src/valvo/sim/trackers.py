"""The simulated TCP trackers by protocol, for the demo's mixed fleet and the benchmark."""

from __future__ import annotations

from collections.abc import Callable

from valvo.sim.gl200_device import Gl200Device
from valvo.sim.gt06_device import Gt06Device
from valvo.sim.h02_device import H02Device
from valvo.sim.stream_device import TrackerClient
from valvo.sim.teltonika_device import TeltonikaClient
from valvo.sim.watch_device import WatchDevice

# Protocol -> (make a client for an identifier and ACK timeout, the model registered for it).
TRACKERS: dict[str, tuple[Callable[[str, float], TrackerClient], str]] = {
    "teltonika": (lambda i, t: TeltonikaClient(i, timeout_s=t), "Teltonika FMB920"),
    "gt06": (lambda i, t: Gt06Device(i, timeout_s=t), "Concox GT06N"),
    "h02": (lambda i, t: H02Device(i, timeout_s=t), "Sinotrack ST-901 (H02)"),
    "watch": (lambda i, t: WatchDevice(i, timeout_s=t), "SeTracker watch"),
    "gl200": (lambda i, t: Gl200Device(i, timeout_s=t), "Queclink GL200"),
}


def tracker_client(protocol: str, identifier: str, timeout_s: float = 10.0) -> TrackerClient:
    try:
        make, _ = TRACKERS[protocol]
    except KeyError:
        raise ValueError(f"no simulated {protocol!r} tracker; one of {sorted(TRACKERS)}") from None
    return make(identifier, timeout_s)
