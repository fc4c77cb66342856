"""Every command the bus knows, with its handler: each context declares its own ``HANDLERS``
and this table joins them (a new command is added in its context's module)."""

from __future__ import annotations

from valvo.services import alarm_commands
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.partners import attendance_commands

HANDLERS: dict[type[Command], Handler] = {
    **alarm_commands.HANDLERS,
    **attendance_commands.HANDLERS,
}
