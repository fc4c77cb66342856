"""The person's network's commands (issue 21): the audited read of one person's network, a
disclosure to another organisation (S31, S32) and the need statistics (S24). Each handler
decides with ``network`` in its own transaction and commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict
from valvo.services.partners import network
from valvo.services.partners.command_base import AuditedRead, PartnersCommand, record_read


@dataclass(frozen=True, kw_only=True)
class ReadNetwork(AuditedRead):
    """One person's network: a read of sensitive personal data, audited."""

    subject_id: str


@dataclass(frozen=True, kw_only=True)
class Disclose(PartnersCommand):
    """S31, S32: disclose data to another organisation; refused (409, audited) without a
    consent in force or, for a social-welfare notification, a recorded legal ground."""

    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ReadNeedStatistics(PartnersCommand):
    """S24: needs by area, in aggregate."""

    by: str


def read_network(cmd: ReadNetwork, uow: Any) -> dict[str, Any]:
    with uow:
        result = network.picture(uow, cmd.subject_id, cmd.at)
        record_read(uow, cmd, target_type="network_person", target_id=cmd.subject_id)
        uow.commit()
    return result


def disclose(cmd: Disclose, uow: Any) -> dict[str, Any]:
    with uow:
        result = network.disclose(uow, cmd.actor, cmd.at, cmd.body)
        if "refused" in result:
            uow.audit.record(
                at=cmd.at,
                actor=cmd.actor,
                action="disclosure_refused",
                target_type="network_disclosure",
                target_id=result["subject_id"],
                details={k: cmd.body.get(k) for k in ("purpose", "recipient", "categories")},
            )
            uow.commit()
            raise Conflict(str(result["refused"]))
        uow.commit()
    return result


def need_statistics(cmd: ReadNeedStatistics, uow: Any) -> list[dict[str, Any]]:
    with uow:
        return network.statistics(uow, cmd.by)


HANDLERS: dict[type[Command], Handler] = {
    ReadNetwork: read_network,
    Disclose: disclose,
    ReadNeedStatistics: need_statistics,
}
