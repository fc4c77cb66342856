"""The simulator's one table of trackers names protocols of the registry, and the demo's ports
come from the registry's specs."""

from __future__ import annotations

from valvo.cli.commands import DEMO_TCP_PORTS
from valvo.protocols.registry import PROTOCOLS
from valvo.sim.mixed import TRACKER_FLEET, tracker_people
from valvo.sim.trackers import TRACKERS


def test_every_simulated_tracker_is_a_tcp_protocol_of_the_registry() -> None:
    for name in TRACKERS:
        spec = PROTOCOLS[name]
        assert spec.make_splitter is not None
        assert spec.default_tcp_port is not None


def test_the_demo_listens_for_every_simulated_protocol_on_its_conventional_port() -> None:
    assert DEMO_TCP_PORTS == {
        "teltonika": 5027,
        "gt06": 5023,
        "h02": 5013,
        "watch": 5093,
        "gl200": 5004,
    }
    assert set(TRACKER_FLEET) == set(DEMO_TCP_PORTS)


def test_the_demo_people_keep_their_identifiers() -> None:
    assert [p.device for p in tracker_people("teltonika", 2)] == [
        "350900000000000",
        "350900000000001",
    ]
    assert tracker_people("gl200", 1)[0].device == "862170000000001"
