"""The protocols Valvo speaks, by name: each with its decoder and, for TCP, a stream splitter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from valvo.protocols.base import Decoder, Splitter
from valvo.protocols.gl200.decoder import Gl200Decoder
from valvo.protocols.gl200.frames import Gl200Splitter
from valvo.protocols.gt06.decoder import Gt06Decoder, Gt06Splitter
from valvo.protocols.h02.decoder import H02Decoder
from valvo.protocols.h02.splitter import H02Splitter
from valvo.protocols.meitrack.decoder import MeitrackDecoder, MeitrackSplitter
from valvo.protocols.osmand.decoder import OsmAndDecoder
from valvo.protocols.teltonika.decoder import TeltonikaDecoder, TeltonikaSplitter
from valvo.protocols.valvo.decoder import ValvoDecoder
from valvo.protocols.watch.decoder import WatchDecoder
from valvo.protocols.watch.frames import WatchSplitter


@dataclass(frozen=True, slots=True)
class ProtocolSpec:
    name: str
    make_decoder: Callable[[], Decoder]
    make_splitter: Callable[[], Splitter] | None = None
    # How ``valvo decode`` reads its input: "text" protocols take --text, binary ones --hex
    # (both are accepted; this is only the documented default).
    input_kind: str = "hex"
    # The TCP port such devices use by convention (as in Traccar): the demo listens there.
    default_tcp_port: int | None = None


PROTOCOLS: dict[str, ProtocolSpec] = {
    "osmand": ProtocolSpec("osmand", OsmAndDecoder, None, "text"),
    "h02": ProtocolSpec("h02", H02Decoder, H02Splitter, "text", 5013),
    "watch": ProtocolSpec("watch", WatchDecoder, WatchSplitter, "text", 5093),
    "gl200": ProtocolSpec("gl200", Gl200Decoder, Gl200Splitter, "text", 5004),
    "teltonika": ProtocolSpec("teltonika", TeltonikaDecoder, TeltonikaSplitter, "hex", 5027),
    "gt06": ProtocolSpec("gt06", Gt06Decoder, Gt06Splitter, "hex", 5023),
    "meitrack": ProtocolSpec("meitrack", MeitrackDecoder, MeitrackSplitter, "text", 5020),
    # Signed JSON over HTTP or MQTT (docs/protocols/valvo.md); no TCP stream of its own.
    "valvo": ProtocolSpec("valvo", ValvoDecoder, None, "text"),
}


def get_protocol(name: str) -> ProtocolSpec:
    try:
        return PROTOCOLS[name]
    except KeyError:
        known = ", ".join(sorted(PROTOCOLS))
        raise KeyError(f"unknown protocol {name!r}; known: {known}") from None
