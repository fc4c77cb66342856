"""Every command the bus knows, with its handler: each context declares its own ``HANDLERS``
and this table joins them (a new command is added in its context's module)."""

from __future__ import annotations

from valvo.services import (
    acting,
    alarm_commands,
    alarm_desk_commands,
    alarm_evidence,
    audit_commands,
    auth_commands,
    caseload_board,
    device_credentials,
    history_playback,
    incidents,
    location_reads,
    phones,
    registry_commands,
    restrictions,
    stock,
    subject_page,
    thresholds,
    user_commands,
    victims,
)
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.cases import ban_monitoring
from valvo.services.cases import check_commands as case_checks
from valvo.services.cases import handlers as case_handlers
from valvo.services.crimes import intake as crime_intake
from valvo.services.crimes import runs as crime_runs
from valvo.services.evidence import commands as evidence_commands
from valvo.services.partners import (
    attendance_commands,
    network_commands,
    record_commands,
    workflow_commands,
)
from valvo.services.person import commands as person_commands

HANDLERS: dict[type[Command], Handler] = {
    **acting.HANDLERS,
    **stock.HANDLERS,
    **phones.HANDLERS,
    **alarm_commands.HANDLERS,
    **alarm_evidence.HANDLERS,
    **alarm_desk_commands.HANDLERS,
    **attendance_commands.HANDLERS,
    **audit_commands.HANDLERS,
    **auth_commands.HANDLERS,
    **ban_monitoring.HANDLERS,
    **case_handlers.HANDLERS,
    **case_checks.HANDLERS,
    **crime_intake.HANDLERS,
    **crime_runs.HANDLERS,
    **caseload_board.HANDLERS,
    **device_credentials.HANDLERS,
    **evidence_commands.HANDLERS,
    **history_playback.HANDLERS,
    **incidents.HANDLERS,
    **location_reads.HANDLERS,
    **network_commands.HANDLERS,
    **record_commands.HANDLERS,
    **registry_commands.HANDLERS,
    **restrictions.HANDLERS,
    **subject_page.HANDLERS,
    **thresholds.HANDLERS,
    **user_commands.HANDLERS,
    **workflow_commands.HANDLERS,
    **victims.HANDLERS,
    **person_commands.HANDLERS,
}
