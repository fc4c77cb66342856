"""Teltonika codec 8, 8 Extended, 16, 7 (GH3000) and 12/13 (GPRS commands), TCP and UDP.

One decoder reads every framing, recognised by its first bytes:

* ``FF`` - TCP keepalive: a ``heartbeat`` record for the session's device, no reply.
* ``00 0F`` + 15 ASCII digits - the TCP IMEI handshake: a ``login`` record whose ACK is ``01``
  (accept). The decoder is pure and always accepts; a gateway refusing an unknown device answers
  ``00`` instead.
* ``00 00 00 00`` - a TCP AVL packet: preamble, data length, codec .. second record count, CRC.
  The ACK is the record count as 4 big-endian bytes (none for codec 12/13 messages).
* anything else - a UDP datagram: length, packet id, packet type, AVL packet id, IMEI, then the
  AVL data without CRC. The ACK is ``00 05 <packet id> 01 <AVL packet id> <count>`` (the packet
  id is echoed, as the vendor specifies). UDP needs no separate registry entry.

Integrity policy (see :mod:`valvo.protocols.checksums`): a wrong data length, CRC-16/IBM, or
second record count is decoded anyway with a ``length_mismatch``/``crc_mismatch`` warning, and
rejected when ``session.strict`` is set. Records are read from the bytes actually present, not
from the length field.

The "extended" firmware option (an extra group of 16-byte IO values after the 8-byte group) is
detected rather than configured: a codec 8/8E packet that does not parse to exactly its record
count is parsed again with the 16-byte group, and the reading that fits is kept.

Codec 12/13 device responses become ``reply`` records with the text in ``result`` (hex when it
is not printable); a ``GTSL`` tachograph card message also yields ``driverUniqueId``. Codec 12
type 0x0D (camera file transfer) is not supported and yields no record.
"""

from __future__ import annotations

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.binary import ByteReader
from valvo.protocols.checksums import crc16_ibm, report_integrity
from valvo.protocols.teltonika.records import (
    CODEC_7,
    CODEC_8,
    CODEC_8E,
    CODEC_12,
    CODEC_13,
    CODEC_16,
    avl_record,
    codec7_record,
    responses,
)

_KEEPALIVE = b"\xff"
_PREAMBLE = b"\0\0\0\0"
_AVL_CODECS = (CODEC_8, CODEC_8E, CODEC_16)
MAX_FRAME = 64 * 1024  # bytes; far above the largest AVL packet or camera chunk a device sends
_MAX_IMEI = 20
_CRC_SIZE = 4


class TeltonikaDecoder:
    name = "teltonika"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        if message == _KEEPALIVE:
            return DecodeResult(records=(DecodedRecord(type="heartbeat", device=session.device),))
        if message.startswith(_PREAMBLE):
            return _decode_tcp(message, session)
        if _is_imei_frame(message):
            return _decode_imei(message, session)
        return _decode_udp(message, session)


def _is_imei_frame(message: bytes) -> bool:
    return 3 <= len(message) <= 2 + _MAX_IMEI and message[2:].isdigit()


def _decode_imei(message: bytes, session: Session) -> DecodeResult:
    warnings: list[str] = []
    declared = int.from_bytes(message[:2], "big")
    if declared != len(message) - 2:
        report_integrity(
            session,
            warnings,
            "length_mismatch",
            f"teltonika: IMEI length field {declared} but {len(message) - 2} digits",
        )
    imei = message[2:].decode("ascii")
    session.device = imei
    record = DecodedRecord(type="login", device=imei)
    return DecodeResult(records=(record,), ack=b"\x01", warnings=tuple(warnings))


def _decode_tcp(message: bytes, session: Session) -> DecodeResult:
    if len(message) < 15:
        raise DecodeError(f"teltonika: AVL packet of {len(message)} bytes is too short")
    warnings: list[str] = []
    declared = int.from_bytes(message[4:8], "big")
    region = message[8:]
    records, count, end = _decode_data(region, session, warnings, crc_size=_CRC_SIZE)
    crc_field = region[end:]
    if declared != end or len(crc_field) != _CRC_SIZE:
        report_integrity(
            session,
            warnings,
            "length_mismatch",
            f"teltonika: data length field {declared}, data {end} bytes, CRC {len(crc_field)}",
        )
    if crc16_ibm(region[:end]) != int.from_bytes(crc_field, "big"):
        report_integrity(session, warnings, "crc_mismatch", "teltonika: CRC-16/IBM mismatch")
    return DecodeResult(
        records=records,
        ack=None if count is None else count.to_bytes(4, "big"),
        warnings=tuple(warnings),
    )


def _decode_udp(message: bytes, session: Session) -> DecodeResult:
    reader = ByteReader(message, "teltonika udp")
    warnings: list[str] = []
    declared = reader.u16("length")
    if declared != len(message) - 2:
        report_integrity(
            session,
            warnings,
            "length_mismatch",
            f"teltonika: UDP length field {declared} but {len(message) - 2} bytes follow",
        )
    packet_id = reader.read(2, "packet id")
    reader.u8("packet type")
    avl_packet_id = reader.u8("AVL packet id")
    imei_raw = reader.read(reader.u16("IMEI length"), "IMEI")
    if not imei_raw.isdigit() or len(imei_raw) > _MAX_IMEI:
        raise DecodeError("teltonika: UDP datagram IMEI is not a digit string")
    session.device = imei_raw.decode("ascii")
    records, count, _ = _decode_data(reader.rest(), session, warnings, crc_size=0)
    ack = None
    if count is not None:
        ack = b"\x00\x05" + packet_id + bytes((0x01, avl_packet_id, count & 0xFF))
    return DecodeResult(records=records, ack=ack, warnings=tuple(warnings))


def _decode_data(
    data: bytes, session: Session, warnings: list[str], *, crc_size: int
) -> tuple[tuple[DecodedRecord, ...], int | None, int]:
    """Codec id .. second record count, followed by ``crc_size`` CRC bytes.

    Returns the records, the count to ACK (None for codec 12/13) and where the data ends. The
    records are read from the bytes present; a second count that does not match is a
    ``length_mismatch`` and the data is then taken to end ``crc_size`` bytes before the end.
    """
    if len(data) < 3:
        raise DecodeError("teltonika: AVL data has no codec and record counts")
    codec, count = data[0], data[1]
    reader = ByteReader(data, "teltonika", start=2)
    ack_count: int | None = count
    if codec in (CODEC_12, CODEC_13):
        records = responses(reader, codec, count, session.device)
        ack_count = None
    elif codec == CODEC_7:
        records = tuple(codec7_record(reader, session.device) for _ in range(count))
    elif codec in _AVL_CODECS:
        records, reader = _avl_records(data, codec, count, session.device, crc_size)
    else:
        raise DecodeError(f"teltonika: unsupported codec 0x{codec:02X}")
    end = _trailer(reader, count, crc_size)
    if end is None:
        report_integrity(
            session,
            warnings,
            "length_mismatch",
            f"teltonika: {count} records not followed by a matching second record count",
        )
        end = max(len(data) - crc_size, 0)
    return records, ack_count, end


def _avl_records(
    data: bytes, codec: int, count: int, device: str | None, crc_size: int
) -> tuple[tuple[DecodedRecord, ...], ByteReader]:
    """Codec 8/8E/16 records, trying the 16-byte "extended" IO group when the plain reading fails.

    Returns the records and the reader positioned after them.
    """
    plain_error: DecodeError | None = None
    try:
        records, reader = _parse_avl(data, codec, count, device, extended=False)
        if _exact(reader, count, crc_size):
            return records, reader
    except DecodeError as exc:
        plain_error = exc
    if codec in (CODEC_8, CODEC_8E):
        try:
            extended, extended_reader = _parse_avl(data, codec, count, device, extended=True)
        except DecodeError:
            pass
        else:
            if _exact(extended_reader, count, crc_size):
                return extended, extended_reader
    if plain_error is not None:
        raise plain_error
    return records, reader


def _parse_avl(
    data: bytes, codec: int, count: int, device: str | None, *, extended: bool
) -> tuple[tuple[DecodedRecord, ...], ByteReader]:
    reader = ByteReader(data, "teltonika", start=2)
    records = tuple(avl_record(reader, codec, extended, device) for _ in range(count))
    return records, reader


def _exact(reader: ByteReader, count: int, crc_size: int) -> bool:
    """Whether exactly the matching second record count and the CRC are left."""
    return reader.remaining == 1 + crc_size and reader.peek_u8() == count


def _trailer(reader: ByteReader, count: int, crc_size: int) -> int | None:
    """Consume the second record count; the offset after it, or None when it does not match."""
    if reader.remaining and reader.peek_u8() == count and reader.remaining - 1 <= crc_size:
        reader.u8()
        return reader.position
    return None


def encode_command(payload: bytes) -> bytes:
    """A codec 12 command (type 05) frame carrying ``payload`` (ASCII text or raw bytes)."""
    data = bytes((CODEC_12, 1, 0x05)) + len(payload).to_bytes(4, "big") + payload + b"\x01"
    return _PREAMBLE + len(data).to_bytes(4, "big") + data + crc16_ibm(data).to_bytes(4, "big")


class TeltonikaSplitter:
    """TCP stream splitter: keepalive ``FF``, IMEI frames, and AVL packets by their length field.

    A frame longer than :data:`MAX_FRAME` or a packet without the zero preamble is a DecodeError.
    """

    max_frame = MAX_FRAME

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while buffer:
            size = _frame_size(buffer)
            if size is None or len(buffer) < size:
                break
            frames.append(bytes(buffer[:size]))
            del buffer[:size]
        return frames


def _frame_size(buffer: bytearray) -> int | None:
    """The size of the frame at the front of ``buffer``, or None while the header is incomplete."""
    if buffer[0] == 0xFF:
        return 1
    if len(buffer) < 2:
        return None
    imei_length = int.from_bytes(buffer[:2], "big")
    if imei_length:
        if imei_length > _MAX_IMEI:
            raise DecodeError(f"teltonika: IMEI length {imei_length} is not plausible")
        return 2 + imei_length
    if len(buffer) < 8:
        return None
    if buffer[:4] != _PREAMBLE:
        raise DecodeError("teltonika: AVL packet does not start with the zero preamble")
    data_length = int.from_bytes(buffer[4:8], "big")
    if not 3 <= data_length <= MAX_FRAME - 12:
        raise DecodeError(f"teltonika: AVL data length {data_length} is not plausible")
    return data_length + 12
