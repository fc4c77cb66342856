"""Commands an operator sends to a person's device through the gateway, and their life:

    queued ──► sent ──► acknowledged
      │          └────► failed      (no answer within REPLY_WITHIN, or the connection closed)
      └────────────────► expired    (the device did not connect within EXPIRES_AFTER)

Only protocols whose documents define a server → device command channel on the open TCP
connection carry commands: GT06 (message 0x80, the device answers 0x15/0x21 with text) and
Teltonika (codec 12 type 05, answered by codec 12 type 06). The command texts are the vendors'
(Concox ``WHERE#`` answers with the current position, ``TIMER,<s>#`` sets the upload interval;
Teltonika FMB ``getgps`` answers with the current position). Other protocols: no command."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from valvo.domain.choices import Choice

EXPIRES_AFTER = timedelta(minutes=10)
REPLY_WITHIN = timedelta(seconds=60)
FAST_INTERVAL_S = 10


class CommandKind(StrEnum):
    LOCATE = "locate"
    FAST_REPORTING = "fast_reporting"


class CommandStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    EXPIRED = "expired"


KIND_CHOICES: Mapping[str, Choice] = {
    CommandKind.LOCATE: Choice("locate", "Locate now", "Paikanna nyt"),
    CommandKind.FAST_REPORTING: Choice(
        "fast_reporting", "Faster reporting (every 10 s)", "Tiheämpi paikannus (10 s välein)"
    ),
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
}


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
