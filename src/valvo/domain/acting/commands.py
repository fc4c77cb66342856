"""Commands an operator sends to a person's device through the gateway, and their life:

    queued ──► sent ──► acknowledged
      │          └────► failed      (no answer within REPLY_WITHIN, or the connection closed)
      └────────────────► expired    (the device did not connect within EXPIRES_AFTER)

Only protocols whose documents define a server → device command channel on the open TCP
connection carry commands, and each only the commands its documents name (docs/protocols/
commands.md gives the sources):

* GT06 (message 0x80, answered 0x15/0x21 with text): Concox ``WHERE#`` answers with the current
  position, ``TIMER,<s>#`` sets the upload interval.
* Teltonika (codec 12 type 05, answered by codec 12 type 06): FMB ``getgps``.
* H02 (``*HQ,<id>,<cmd>,<HHMMSS>,<args>#``; the gateway adds the id and the sending time): ``D1``
  with a count of 1 makes the tracker send one position (a V1) at once; ``S17,<s>`` sets the
  reporting interval (30 s at the least) and is confirmed by ``V4,S17,<HHMMSS>,...``.
* Watch / 3G (``[<maker>*<id>*<len>*<content>]``): ``CR`` locates at once, ``UPLOAD,<s>`` sets
  the interval (60 s at the least), ``FIND`` makes the watch ring for a minute; the watch echoes
  the command's type.
* Meitrack (``@@<flag><len>,<IMEI>,<cmd>,...*<sum>``): ``A10`` is answered by a position with
  event 34, ``A12,<n>`` sets the interval in tens of seconds and is answered ``A12,OK``.

Buzz (make the device ring or vibrate) exists only where a document names it: the Watch
protocol's ``FIND``. No GT06, H02, Teltonika or Meitrack document found names one (Meitrack's
output control drives whatever is wired to an output, not a buzzer of its own).

Other protocols: no command."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from valvo.domain.choices import Choice

EXPIRES_AFTER = timedelta(minutes=10)
REPLY_WITHIN = timedelta(seconds=60)
FAST_INTERVAL_S = 10
# The shortest reporting interval each protocol's document allows, used for faster reporting.
FAST_INTERVALS_S: Mapping[str, int] = {"gt06": 10, "h02": 30, "watch": 60, "meitrack": 10}
# The start of the reply text the gateway makes of a fix (a position the device reported): the
# answer to a locate command on protocols that answer with a plain position report.
FIX_ANSWER = "position "


class CommandKind(StrEnum):
    LOCATE = "locate"
    FAST_REPORTING = "fast_reporting"
    BUZZ = "buzz"


class CommandStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    EXPIRED = "expired"


KIND_CHOICES: Mapping[str, Choice] = {
    CommandKind.LOCATE: Choice("locate", "Locate now", "Paikanna nyt"),
    CommandKind.FAST_REPORTING: Choice("fast_reporting", "Faster reporting", "Tiheämpi paikannus"),
    CommandKind.BUZZ: Choice("buzz", "Ring the device", "Laite soimaan"),
}
STATUS_CHOICES: Mapping[str, Choice] = {
    c.value: c
    for c in (
        Choice("queued", "Waiting for the device", "Odottaa laitetta", "#6b7280"),
        Choice("sent", "Sent, awaiting answer", "Lähetetty, odottaa vastausta", "#d97706"),
        Choice("acknowledged", "Acknowledged", "Kuitattu", "#16a34a"),
        Choice("failed", "Failed", "Epäonnistui", "#dc2626"),
        Choice("expired", "Expired", "Vanhentui", "#dc2626"),
    )
}

# protocol -> kind -> the command text the device takes.
COMMAND_TEXTS: Mapping[str, Mapping[CommandKind, str]] = {
    "gt06": {
        CommandKind.LOCATE: "WHERE#",
        CommandKind.FAST_REPORTING: f"TIMER,{FAST_INTERVAL_S}#",
    },
    "teltonika": {CommandKind.LOCATE: "getgps"},
    "h02": {
        CommandKind.LOCATE: "D1,30,1",
        CommandKind.FAST_REPORTING: f"S17,{FAST_INTERVALS_S['h02']}",
    },
    "watch": {
        CommandKind.LOCATE: "CR",
        CommandKind.FAST_REPORTING: f"UPLOAD,{FAST_INTERVALS_S['watch']}",
        CommandKind.BUZZ: "FIND",
    },
    "meitrack": {
        CommandKind.LOCATE: "A10",
        CommandKind.FAST_REPORTING: f"A12,{FAST_INTERVALS_S['meitrack'] // 10}",
    },
}
# Commands answered by a plain position report rather than a reply naming the command.
_FIX_ANSWERED: Mapping[str, str] = {"h02": "D1", "meitrack": "A10"}
_MEITRACK_QUERY_EVENT = 34  # the event code of a position sent because A10 asked for it


class CommandRefused(ValueError):
    """The device cannot take the command; the text says why."""


def command_text(protocol: str, kind: str) -> str:
    """The text to send for ``kind`` to a device of ``protocol``, or CommandRefused."""
    texts = COMMAND_TEXTS.get(protocol)
    if texts is None:
        raise CommandRefused(f"a {protocol} device takes no commands")
    if kind not in {k.value for k in CommandKind}:
        raise CommandRefused(f"command must be one of {', '.join(k.value for k in CommandKind)}")
    text = texts.get(CommandKind(kind))
    if text is None:
        raise CommandRefused(f"a {protocol} device does not take the command {kind!r}")
    return text


def kinds_for(protocol: str) -> list[str]:
    return [k.value for k in COMMAND_TEXTS.get(protocol, {})]


def fix_answer(lat: float, lon: float, event: object = None) -> str:
    """The reply text of a fix the device reported: ``position <lat>,<lon>[ event <n>]``."""
    tail = f" event {event}" if isinstance(event, int) else ""
    return f"{FIX_ANSWER}{lat:.5f},{lon:.5f}{tail}"


def answered_by_fix(protocol: str, text: str) -> bool:
    """Whether the device answers ``text`` with a position report (no reply naming it)."""
    name = _FIX_ANSWERED.get(protocol)
    return name is not None and text.split(",", 1)[0] == name


def acknowledges(protocol: str, text: str, reply: str) -> bool:
    """Whether the device's ``reply`` answers the command ``text`` sent to it.

    GT06 and Teltonika answer with free text (any text reply answers the oldest command); H02
    confirms with ``V4,<command>,...``; the Watch echoes the command's type; Meitrack replies
    with the command code (``A12,OK``). H02 ``D1`` and Meitrack ``A10`` are answered by a fix
    (Meitrack's with event 34)."""
    fix = reply.startswith(FIX_ANSWER)
    if protocol in ("gt06", "teltonika"):
        return not fix
    name = text.split(",", 1)[0]
    if answered_by_fix(protocol, text):
        if not fix:
            return False
        return protocol != "meitrack" or reply.endswith(f" event {_MEITRACK_QUERY_EVENT}")
    return not fix and reply.split(",", 1)[0] == name


def status_at(
    status: str, expires_at: datetime, sent_at: datetime | None, now: datetime
) -> tuple[str, str | None]:
    """The status a stored command has at ``now`` (a queued command past its expiry is expired
    even before the gateway's round marks it) and the reason when it ended without an answer."""
    if status == CommandStatus.QUEUED and now >= expires_at:
        return CommandStatus.EXPIRED, "the device did not connect in time"
    if status == CommandStatus.SENT and sent_at is not None and now >= sent_at + REPLY_WITHIN:
        return CommandStatus.FAILED, "no answer from the device"
    return status, None
