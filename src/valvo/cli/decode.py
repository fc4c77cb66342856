"""``valvo decode PROTOCOL (--hex HEX | --text TEXT)``: the public decoding contract.

Prints one JSON object per decoded record, one per line. ``ack`` is the reply to the whole
message (hex), repeated on each of its records; a message that yields no record but needs an
answer (a login, a handshake) prints one ``login``/``heartbeat`` record carrying it. An invalid
message prints nothing on stdout, one line on stderr, and exits 2.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC
from typing import Annotated, NoReturn

import typer

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.registry import PROTOCOLS, get_protocol


def record_to_json(record: DecodedRecord, ack: bytes | None) -> dict[str, object]:
    """The contract's JSON shape of one record."""
    out: dict[str, object] = {
        "type": record.type,
        "device": record.device,
        "time": None
        if record.time is None
        else record.time.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "lat": record.lat,
        "lon": record.lon,
        "valid": record.valid,
        "speed_kmh": record.speed_kmh,
        "course": record.course,
        "altitude_m": record.altitude_m,
        "accuracy_m": record.accuracy_m,
        "satellites": record.satellites,
        "battery_pct": record.battery_pct,
        "alarms": list(record.alarms),
        "ack": None if ack is None else ack.hex(),
    }
    if record.attributes:
        out["attributes"] = dict(record.attributes)
    return out


def result_lines(result: DecodeResult) -> list[str]:
    if not result.records and result.ack is not None:
        # Not a record (nothing reaches the log): the contract's line carrying the answer alone.
        only = record_to_json(DecodedRecord(type="status"), result.ack) | {"type": "ack_only"}
        return [json.dumps(only, default=str)]
    return [json.dumps(record_to_json(r, result.ack), default=str) for r in result.records]


def decode_command(
    protocol: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(PROTOCOLS))}.")],
    hex_: Annotated[
        str | None, typer.Option("--hex", help="The message as hexadecimal bytes.")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="The message as text (HTTP protocols: query string or JSON)."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Device model quirks, where a protocol has them.")
    ] = None,
    device: Annotated[
        str | None,
        typer.Option("--device", help="Device id from an earlier login on the same connection."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Reject frames whose CRC, checksum or length is wrong.")
    ] = False,
) -> None:
    """Decode one device message as the server received it and print its records as JSON."""
    if (hex_ is None) == (text is None):
        _fail("give exactly one of --hex or --text")
    try:
        spec = get_protocol(protocol)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    if hex_ is not None:
        try:
            message = bytes.fromhex(hex_.strip())
        except ValueError:
            _fail("--hex is not valid hexadecimal")
    else:
        assert text is not None
        message = text.encode("latin-1", errors="strict") if _is_latin1(text) else text.encode()
    session = Session(device=device, model=model, strict=strict)
    try:
        result = spec.make_decoder().decode(message, session)
    except DecodeError as exc:
        _fail(str(exc))
    if not result.records and result.ack is None:
        _fail(f"{protocol}: message decoded to no record")
    for line in result_lines(result):
        typer.echo(line)


def _is_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _fail(reason: str) -> NoReturn:
    print(reason.splitlines()[0] if reason else "invalid message", file=sys.stderr)
    raise typer.Exit(code=2)
