"""Queclink @Track (GL200/GL300/GV-series): ``+RESP:GTxxx,...$`` text reports.

A report decodes to one record per GPS block (``GTFRI`` may carry several), or to one record
without location when it has none (information, power, ignition reports without a fix; the
send time is then the record's time). ``+BUFF`` reports were buffered while offline and are
marked ``archive``. See :mod:`valvo.protocols.gl200.fields` for how blocks are found and
:mod:`valvo.protocols.gl200.reports` / :mod:`valvo.protocols.gl200.info` for what each report
type adds.

Server replies: the heartbeat ``+ACK:GTHBD,<ver>,...,<count>`` is answered with
``+SACK:GTHBD,<ver>,<count>$``. Other reports need no reply; with ``sack=True`` (the device's
SACK setting) each one is answered ``+SACK:<count>$``.

Binary @Track frames are recognised and their framing checked, but their content is laid out by
report masks that need Queclink's binary specification, which Valvo does not have: they raise
:class:`DecodeError` so that a device configured for binary reports is noticed. Configure
devices for ASCII reports.
"""

from __future__ import annotations

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.gl200.fields import Report, parse_report
from valvo.protocols.gl200.frames import binary_header, binary_length
from valvo.protocols.gl200.info import acknowledgement, info_report
from valvo.protocols.gl200.reports import ALARMS, ReportInfo, position_info

# Report types that are position reports even when this one has no fix.
_POSITION_KINDS = frozenset(ALARMS) | {
    "FRI", "ERI", "RTL", "DOG", "IGL", "GEO", "STR", "CTN", "LBC", "GCR", "NMR", "IGN", "IGF",
    "VGN", "VGF", "STT", "HBM", "CAN", "OBD", "DAT", "IDA", "LSW", "TSW", "DAR", "BAA", "BID",
    "DIS", "STC", "TRI",
}  # fmt: skip


class Gl200Decoder:
    """Decoder for Queclink @Track text reports (TCP frames or UDP datagrams)."""

    name = "gl200"

    def __init__(self, sack: bool = False) -> None:
        self._sack = sack

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        if not message:
            raise DecodeError("gl200: empty message")
        header = binary_header(message)
        if header is not None:
            raise DecodeError(_binary_refusal(message, header))
        try:
            report = parse_report(message.decode("latin-1"))
            records = _records(report)
        except DecodeError:
            raise
        except ValueError as exc:
            raise DecodeError(f"gl200: {exc}") from exc
        session.device = report.device
        return DecodeResult(records=records, ack=self._ack(report))

    def _ack(self, report: Report) -> bytes | None:
        if report.count is None:
            return None
        if report.prefix == "+ACK" and report.kind == "HBD" and report.version:
            return f"+SACK:GTHBD,{report.version},{report.count}$".encode("ascii")
        if self._sack and report.prefix != "+ACK":
            return f"+SACK:{report.count}$".encode("ascii")
        return None


def _binary_refusal(message: bytes, header: bytes) -> str:
    length = binary_length(message, header)
    if length != len(message):
        return f"gl200: binary {header!r} frame is {len(message)} bytes, its length field {length}"
    return (
        f"gl200: binary {header!r} reports are not decoded (their mask-driven layout needs "
        "Queclink's binary specification); configure the device for ASCII reports"
    )


def _records(report: Report) -> tuple[DecodedRecord, ...]:
    if report.prefix == "+ACK":
        info: ReportInfo | None = acknowledgement(report)
    elif report.kind in _POSITION_KINDS or report.blocks:
        info = position_info(report)
    else:
        info = info_report(report)
    if info is None:
        return ()
    attributes = dict(info.attributes)
    if report.prefix == "+BUFF":
        attributes["archive"] = True
    alarms = tuple(info.alarms)
    if not report.blocks:
        kind = info.record_type or ("alarm" if alarms else "status")
        return (
            DecodedRecord(
                type=kind,
                device=report.device,
                time=report.send_time,
                battery_pct=info.battery_pct,
                alarms=alarms,
                attributes=attributes,
            ),
        )
    records = []
    for block in report.blocks:
        block_attributes = dict(attributes)
        if block.hdop is not None:
            block_attributes["hdop"] = block.hdop
        if block.cell is not None:
            block_attributes["cells"] = [block.cell]
        records.append(
            DecodedRecord(
                type="alarm" if alarms else "position",
                device=report.device,
                time=block.time,
                lat=block.lat,
                lon=block.lon,
                # Accuracy 0 means no current fix (the last known location is repeated).
                valid=block.hdop != 0,
                speed_kmh=block.speed_kmh,
                course=block.course,
                altitude_m=block.altitude_m,
                battery_pct=info.battery_pct,
                alarms=alarms,
                attributes=block_attributes,
            )
        )
    return tuple(records)
