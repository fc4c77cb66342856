"""The simulated TCP trackers by protocol, for the demo's mixed fleet and the benchmark.

One entry per simulated protocol (its name is the protocol registry's, whose ``ProtocolSpec``
also gives the demo's port): how to make a client, the model registered for it, its identifiers,
the demo's seed, how many people carry one in the demo and the alarm they raise now and then."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from valvo.protocols.registry import PROTOCOLS
from valvo.sim.gl200_device import Gl200Device
from valvo.sim.gt06_device import Gt06Device
from valvo.sim.h02_device import H02Device
from valvo.sim.stream_device import TrackerClient
from valvo.sim.teltonika_device import TeltonikaClient
from valvo.sim.watch_device import WatchDevice


@dataclass(frozen=True, slots=True)
class SimTracker:
    make: Callable[[str, float], TrackerClient]  # identifier, ACK timeout -> a client
    model: str  # the model registered for it
    identifier: Callable[[int], str]  # device i's identifier, as such devices have them
    seed: int  # the demo's people carrying one (the same in every process)
    demo_count: int  # people carrying one in the demo
    demo_alarm: str | None = None  # the alarm they raise now and then (chance per report)


# Identifiers: 15-digit IMEIs, 10-digit H02 and watch ids, by index; the Teltonika ones are
# those earlier demo databases registered.
TRACKERS: Mapping[str, SimTracker] = {
    "teltonika": SimTracker(
        lambda i, t: TeltonikaClient(i, timeout_s=t),
        "Teltonika FMB920",
        lambda i: f"35{900_000_000_000 + i:013d}",
        seed=29,
        demo_count=6,
    ),
    "gt06": SimTracker(
        lambda i, t: Gt06Device(i, timeout_s=t),
        "Concox GT06N",
        lambda i: f"358610{i + 1:09d}",
        seed=37,
        demo_count=3,
        demo_alarm="removing",
    ),
    "h02": SimTracker(
        lambda i, t: H02Device(i, timeout_s=t),
        "Sinotrack ST-901 (H02)",
        lambda i: f"42{i + 1:08d}",
        seed=41,
        demo_count=3,
        demo_alarm="sos",
    ),
    "watch": SimTracker(
        lambda i, t: WatchDevice(i, timeout_s=t),
        "SeTracker watch",
        lambda i: f"88{i + 1:08d}",
        seed=43,
        demo_count=3,
        demo_alarm="removing",
    ),
    "gl200": SimTracker(
        lambda i, t: Gl200Device(i, timeout_s=t),
        "Queclink GL200",
        lambda i: f"862170{i + 1:09d}",
        seed=47,
        demo_count=2,
        demo_alarm="sos",
    ),
}


def tracker_client(protocol: str, identifier: str, timeout_s: float = 10.0) -> TrackerClient:
    return simulated(protocol).make(identifier, timeout_s)


def simulated(protocol: str) -> SimTracker:
    try:
        return TRACKERS[protocol]
    except KeyError:
        raise ValueError(f"no simulated {protocol!r} tracker; one of {sorted(TRACKERS)}") from None


def demo_tcp_ports() -> dict[str, int]:
    """The demo's TCP listeners: each simulated protocol on its conventional port (the
    registry's ``ProtocolSpec.default_tcp_port``)."""
    return {
        name: port
        for name in TRACKERS
        if name in PROTOCOLS and (port := PROTOCOLS[name].default_tcp_port) is not None
    }
