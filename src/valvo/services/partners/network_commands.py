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
from valvo.services.partners import network, pre_enforcement
from valvo.services.partners.command_base import AuditedRead, PartnersCommand, record_read


@dataclass(frozen=True, kw_only=True)
class ReadNetwork(AuditedRead):
    """One person's network: a read of sensitive personal data, audited."""

    subject_id: str
    consultation: bool = False  # S35's switch: may a VTH consultation be requested


@dataclass(frozen=True, kw_only=True)
class TakePreEnforcementStep(PartnersCommand):
    """S43: start, finish or skip a step of a pre-enforcement case."""

    case_id: str
    step: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ClosePreEnforcement(PartnersCommand):
    """S43: close a pre-enforcement case with its outcome."""

    case_id: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RequestVthConsultation(PartnersCommand):
    """S35: request a VTH consultation in the preparation phase; refused while the switch
    (``enabled``, from VALVO_VTH_CONSULTATION) is off."""

    enabled: bool
    body: Mapping[str, Any] = field(default_factory=dict)


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
        result = network.picture(uow, cmd.subject_id, cmd.at, consultation=cmd.consultation)
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


def take_pre_enforcement_step(cmd: TakePreEnforcementStep, uow: Any) -> dict[str, Any]:
    with uow:
        result = pre_enforcement.take_step(uow, cmd.actor, cmd.at, cmd.case_id, cmd.step, cmd.body)
        uow.commit()
    return result


def close_pre_enforcement(cmd: ClosePreEnforcement, uow: Any) -> dict[str, Any]:
    with uow:
        result = pre_enforcement.close(uow, cmd.actor, cmd.at, cmd.case_id, cmd.body)
        uow.commit()
    return result


def request_vth_consultation(cmd: RequestVthConsultation, uow: Any) -> dict[str, Any]:
    with uow:
        result = network.request_consultation(uow, cmd.actor, cmd.at, cmd.body, enabled=cmd.enabled)
        uow.commit()
    return result


def need_statistics(cmd: ReadNeedStatistics, uow: Any) -> list[dict[str, Any]]:
    with uow:
        return network.statistics(uow, cmd.by)


HANDLERS: dict[type[Command], Handler] = {
    ReadNetwork: read_network,
    Disclose: disclose,
    ReadNeedStatistics: need_statistics,
    TakePreEnforcementStep: take_pre_enforcement_step,
    ClosePreEnforcement: close_pre_enforcement,
    RequestVthConsultation: request_vth_consultation,
}
