"""Decode received frames, store them durably, and only then hand back the ACKs to write.

Shared by the TCP and UDP listeners: frames are decoded in order with the connection's session
(a login frame names the device for those after it); decoding stops at the first frame that is
not valid, and the frames before it are still stored and acknowledged. A frame whose integrity
check failed (bad CRC or length) is never acknowledged, so the device sends it again: its raw
bytes are kept in the provenance record as evidence, without observations, and the connection
closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from valvo.gateway.ingest import UnidentifiedDevice, to_frame
from valvo.gateway.log_writer import FrameWriter
from valvo.gateway.stats import ListenerStats
from valvo.protocols.base import DecodedRecord, DecodeError, Decoder, Session
from valvo.services.telemetry import FrameStatus, RawFrame

_FIXES = ("position", "alarm")  # a command's answer may carry a fix (GT06 WHERE#, H02 V4)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a connection is closed or a datagram dropped: a short kind and the precise reason."""

    kind: str
    reason: str


@dataclass(slots=True)
class DecodedBatch:
    frames: list[RawFrame] = field(default_factory=list)
    acks: list[bytes | None] = field(default_factory=list)
    refusal: Refusal | None = None  # decoding stopped here; the frames before it stand
    replies: list[str] = field(default_factory=list)  # the devices' answers to commands
    # The fixes reported: the answer to a command some protocols answer with a position report.
    fixes: list[DecodedRecord] = field(default_factory=list)


def decode_frames(
    decoder: Decoder,
    session: Session,
    raws: Sequence[bytes],
    *,
    protocol: str,
    peer: str | None,
    clock: Callable[[], datetime],
    stats: ListenerStats,
) -> DecodedBatch:
    batch = DecodedBatch()
    for raw in raws:
        stats.frames += 1
        try:
            result = decoder.decode(raw, session)
            # A frame failing its integrity check is kept as evidence only: its bytes, none of
            # its records (whatever they hold), and no ACK.
            frame = to_frame(
                () if result.warnings else result.records,
                protocol=protocol,
                raw=raw,
                peer=peer,
                received_at=clock(),
                session_device=session.device,
            )
        except DecodeError as exc:
            batch.refusal = Refusal("undecodable", f"undecodable frame: {exc}")
            break
        except UnidentifiedDevice as exc:
            batch.refusal = Refusal("unidentified", str(exc))
            break
        if result.warnings:
            stats.warnings.update(result.warnings)
            batch.frames.append(frame)
            batch.acks.append(None)
            findings = ", ".join(result.warnings)
            batch.refusal = Refusal(
                "integrity", f"integrity check failed ({findings}): kept as evidence, no ACK"
            )
            break
        batch.frames.append(frame)
        batch.acks.append(result.ack)
        # A device's answer to a command (a position answer is a position with its text).
        for r in result.records:
            if r.type == "reply" or (r.type in _FIXES and "result" in r.attributes):
                batch.replies.append(str(r.attributes["result"]))
            elif r.lat is not None:
                batch.fixes.append(r)
    return batch


async def store(
    writer: FrameWriter, batch: DecodedBatch, stats: ListenerStats
) -> tuple[list[bytes], Refusal | None]:
    """Append the batch's frames; the ACKs of the frames stored (or resent), in order.

    A storage failure raises (the caller answers nothing); a refused frame stops the ACKs there.
    """
    if not batch.frames:
        return [], None
    outcomes = await writer.append_frames(batch.frames)
    acks: list[bytes] = []
    for outcome, ack in zip(outcomes, batch.acks, strict=True):
        if outcome.status is FrameStatus.REFUSED:
            stats.refused += 1
            return acks, Refusal("refused", outcome.reason or "refused")
        if outcome.status is FrameStatus.RESEND:
            stats.resends += 1
        else:
            stats.stored += 1
            stats.quarantined += int(outcome.quarantined)
        if ack:
            acks.append(ack)
    return acks, None
