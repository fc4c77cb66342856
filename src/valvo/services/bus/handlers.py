"""Every command the bus knows, with its handler: each context declares its own ``HANDLERS``
and this table joins them (a new command is added in its context's module)."""

from __future__ import annotations

from valvo.services import (
    alarm_commands,
    alarm_desk_commands,
    audit_commands,
    auth_commands,
    device_credentials,
    location_reads,
    registry_commands,
    subject_page,
    user_commands,
)
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command

HANDLERS: dict[type[Command], Handler] = {
    **alarm_commands.HANDLERS,
    **alarm_desk_commands.HANDLERS,
    **audit_commands.HANDLERS,
    **auth_commands.HANDLERS,
    **device_credentials.HANDLERS,
    **location_reads.HANDLERS,
    **registry_commands.HANDLERS,
    **subject_page.HANDLERS,
    **user_commands.HANDLERS,
}
