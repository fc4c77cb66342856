"""The protocols Valvo speaks, by name: each with its decoder and, for TCP, a stream splitter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from valvo.protocols.base import Decoder, Splitter
from valvo.protocols.osmand import OsmAndDecoder


@dataclass(frozen=True, slots=True)
class ProtocolSpec:
    name: str
    make_decoder: Callable[[], Decoder]
    make_splitter: Callable[[], Splitter] | None = None
    # How ``valvo decode`` reads its input: "text" protocols take --text, binary ones --hex
    # (both are accepted; this is only the documented default).
    input_kind: str = "hex"


PROTOCOLS: dict[str, ProtocolSpec] = {
    "osmand": ProtocolSpec("osmand", OsmAndDecoder, None, "text"),
}


def get_protocol(name: str) -> ProtocolSpec:
    try:
        return PROTOCOLS[name]
    except KeyError:
        known = ", ".join(sorted(PROTOCOLS))
        raise KeyError(f"unknown protocol {name!r}; known: {known}") from None
