"""Counters a listener keeps: what it refused and why, so hostile input shows up in figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(slots=True)
class ListenerStats:
    connections: int = 0
    rejected_connections: int = 0
    frames: int = 0
    stored: int = 0
    resends: int = 0
    quarantined: int = 0
    refused: int = 0
    # Why connections ended ("idle timeout", "undecodable frame", ...), by the reason's kind.
    closes: Counter[str] = field(default_factory=Counter)
    # Integrity findings decoders reported without rejecting the frame (``crc_mismatch`` ...).
    warnings: Counter[str] = field(default_factory=Counter)
