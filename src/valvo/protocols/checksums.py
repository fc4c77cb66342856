"""Frame checksums of the binary tracker protocols, and the one integrity policy they share.

* CRC-16/IBM (ARC): reflected polynomial 0xA001, init 0 - Teltonika AVL packets.
* CRC-16/X-25 (CRC-ITU): reflected polynomial 0x8408, init 0xFFFF, xorout 0xFFFF - GT06/Concox.
* Additive checksum: the sum of the bytes modulo 256 - Meitrack.

Integrity policy (every decoder applies it through :func:`report_integrity`): a frame whose CRC,
checksum or length field is wrong is still decoded, and the finding (``crc_mismatch``,
``length_mismatch``) goes into ``DecodeResult.warnings`` for the gateway to count. Field devices
and the conformance corpus both carry such frames (hand-edited lengths, truncated tails), and
dropping them loses real positions. A session with ``strict`` set rejects the frame with a
:class:`DecodeError` instead.
"""

from __future__ import annotations

from valvo.protocols.base import DecodeError, Session


def _reflected_table(poly: int) -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_IBM_TABLE = _reflected_table(0xA001)
_X25_TABLE = _reflected_table(0x8408)


def crc16_ibm(data: bytes) -> int:
    """CRC-16/IBM (ARC), as Teltonika computes it over codec id .. second record count."""
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ _IBM_TABLE[(crc ^ byte) & 0xFF]
    return crc


def crc16_x25(data: bytes) -> int:
    """CRC-16/X-25 (CRC-ITU), as GT06 computes it over length field .. serial number."""
    crc = 0xFFFF
    for byte in data:
        crc = (crc >> 8) ^ _X25_TABLE[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFF


def sum8(data: bytes) -> int:
    """The additive checksum: sum of all bytes modulo 256 (Meitrack ``$$`` .. ``*``)."""
    return sum(data) & 0xFF


def report_integrity(session: Session, warnings: list[str], code: str, detail: str) -> None:
    """Apply the integrity policy: a warning in a lenient session, a DecodeError in a strict one."""
    if session.strict:
        raise DecodeError(f"{detail} ({code})")
    if code not in warnings:
        warnings.append(code)
