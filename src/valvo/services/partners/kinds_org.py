"""Record kinds of the organisation, partners, agreements, networks, meetings and places
(S1–S25, S53–S55)."""

from __future__ import annotations

from valvo.domain.partners import choices as c
from valvo.domain.partners.agreements import Agreement
from valvo.domain.partners.meetings import Meeting, Obligation
from valvo.domain.partners.networks import Member, Network
from valvo.domain.partners.organisation import AreaMapping, Unit, check_no_overlap, check_parent
from valvo.domain.partners.partner import Partner, Succession, check_parent_chain, check_succession
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.partners.kinds_common import (
    ORGS,
    UNITS,
    join_text,
    label_of,
    name_of,
    require_centre,
)
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import Kind

# --- S1, S2: the organisation -------------------------------------------------------------


def _check_unit(uow: PartnersUnitOfWork, id: str, unit: Unit) -> None:
    parent = uow.partners.get(UNITS, unit.parent_id) if unit.parent_id else None
    if unit.parent_id == id:
        raise InvalidInput("parent_id: a unit cannot be its own parent")
    try:
        check_parent(unit, None if parent is None else str(parent["type"]))
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _check_mapping(uow: PartnersUnitOfWork, id: str, mapping: AreaMapping) -> None:
    require_centre(uow, "centre_id", mapping.centre_id)
    others = [
        AreaMapping.read(r)
        for r in uow.partners.find("partner_area_mappings", centre_id=mapping.centre_id)
        if r["id"] != id
    ]
    try:
        check_no_overlap(mapping, others)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


UNIT = Kind(
    "units",
    UNITS,
    "unit",
    ("name", "type", "parent_id", "valid_from", "valid_to", "former_names", "code"),
    lambda d, _: Unit.read(d),
    lambda u: {"name": u.name, "type": u.type, "parent_id": u.parent_id},
    refs={"parent_id": UNITS},
    check=_check_unit,
    search=lambda _, u: (
        u.name,
        join_text(label_of(c.UNIT_TYPES, u.type), u.code, [f.get("name") for f in u.former_names]),
    ),
    search_kind="organisation",
)
AREA_MAPPING = Kind(
    "area-mappings",
    "partner_area_mappings",
    "area_mapping",
    ("centre_id", "area_kind", "area_code", "area_name", "valid_from", "valid_to"),
    lambda d, _: AreaMapping.read(d),
    lambda m: {
        "centre_id": m.centre_id,
        "area_kind": m.area_kind,
        "area_code": m.area_code,
        "valid_from": m.validity.valid_from,
        "valid_to": m.validity.valid_to,
    },
    refs={"centre_id": UNITS},
    check=_check_mapping,
)

# --- S3: partners and succession ----------------------------------------------------------


def _check_partner(uow: PartnersUnitOfWork, id: str, partner: Partner) -> None:
    parents = {r["id"]: r["parent_id"] for r in uow.partners.find(ORGS) if r["parent_id"]}
    try:
        check_parent_chain(id, partner.parent_id, parents)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _check_succession(uow: PartnersUnitOfWork, id: str, succession: Succession) -> None:
    existing = [
        Succession.read(r) for r in uow.partners.find("partner_successions") if r["id"] != id
    ]
    try:
        check_succession(succession, existing)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


PARTNER = Kind(
    "partners",
    ORGS,
    "organisation",
    (
        "name",
        "type",
        "parent_id",
        "valid_from",
        "valid_to",
        "for_profit",
        "social_enterprise",
        "municipality",
        "email",
        "phone",
        "services",
        "keywords",
        "description",
    ),
    lambda d, _: Partner.read(d),
    lambda p: {
        "name": p.name,
        "type": p.type,
        "parent_id": p.parent_id,
        "municipality": p.municipality,
    },
    refs={"parent_id": ORGS},
    check=_check_partner,
    search=lambda _, p: (
        p.name,
        join_text(
            label_of(c.PARTNER_TYPES, p.type),
            p.municipality,
            p.services,
            p.keywords,
            p.description,
            p.email,
        ),
    ),
    search_kind="organisation",
)
SUCCESSION = Kind(
    "successions",
    "partner_successions",
    "succession",
    ("predecessor_id", "successor_id", "effective_on", "reason"),
    lambda d, _: Succession.read(d),
    lambda s: {
        "predecessor_id": s.predecessor_id,
        "successor_id": s.successor_id,
        "effective_on": s.effective_on,
    },
    refs={"predecessor_id": ORGS, "successor_id": ORGS},
    check=_check_succession,
)

# --- S7–S11: agreements --------------------------------------------------------------------


def _check_agreement(uow: PartnersUnitOfWork, id: str, agreement: Agreement) -> None:
    require_centre(uow, "centre_id", agreement.centre_id)


AGREEMENT = Kind(
    "agreements",
    "partner_agreements",
    "agreement",
    (
        "title",
        "partner_ids",
        "level",
        "instrument",
        "status",
        "register_number",
        "year",
        "centre_id",
        "checklist_item",
        "scope",
        "contact_person",
        "contact_email",
        "update_owner",
        "review_on",
        "valid_from",
        "valid_to",
        "attachments",
        "operating_instructions",
        "contact_details",
        "coverage",
    ),
    lambda d, _: Agreement.read(d),
    lambda a: {
        "title": a.title,
        "level": a.level,
        "status": a.status,
        "centre_id": a.centre_id,
        "checklist_item": a.checklist_item,
        "review_on": a.review_on,
    },
    refs={"centre_id": UNITS, "partner_ids": ORGS},
    check=_check_agreement,
)

# --- S16–S21: networks and meetings --------------------------------------------------------


def _check_network(uow: PartnersUnitOfWork, id: str, network: Network) -> None:
    require_centre(uow, "centre_id", network.centre_id)


def _check_member(uow: PartnersUnitOfWork, id: str, member: Member) -> None:
    for row in uow.partners.find("partner_network_members", network_id=member.network_id):
        same_org = member.organisation_id and row["organisation_id"] == member.organisation_id
        same_unit = member.unit_id and row["unit_id"] == member.unit_id
        if row["id"] != id and (same_org or same_unit):
            raise Conflict("organisation_id: this member already names its contact person here")


def _member_text(uow: PartnersUnitOfWork, m: Member) -> tuple[str, str]:
    org = name_of(uow, ORGS, m.organisation_id) or name_of(uow, UNITS, m.unit_id)
    network = name_of(uow, "partner_networks", m.network_id)
    return (m.contact_name or org, join_text(org, network, m.contact_email, m.contact_phone))


NETWORK = Kind(
    "networks",
    "partner_networks",
    "network",
    (
        "name",
        "kind",
        "theme",
        "centre_id",
        "founded_by_rise",
        "convener",
        "frequency_months",
        "goals",
    ),
    lambda d, _: Network.read(d),
    lambda n: {"name": n.name, "kind": n.kind, "theme": n.theme, "centre_id": n.centre_id},
    refs={"centre_id": UNITS},
    check=_check_network,
)
MEMBER = Kind(
    "network-members",
    "partner_network_members",
    "network_member",
    (
        "network_id",
        "organisation_id",
        "unit_id",
        "contact_name",
        "contact_email",
        "contact_phone",
        "last_verified_on",
    ),
    lambda d, _: Member.read(d),
    lambda m: {
        "network_id": m.network_id,
        "organisation_id": m.organisation_id,
        "unit_id": m.unit_id,
        "contact_name": m.contact_name,
        "last_verified_on": m.last_verified_on,
    },
    refs={"network_id": "partner_networks", "organisation_id": ORGS, "unit_id": UNITS},
    check=_check_member,
    search=_member_text,
    search_kind="person",
)
OBLIGATION = Kind(
    "obligations",
    "partner_meeting_obligations",
    "meeting_obligation",
    ("title", "counterpart", "centre_id", "frequency_months", "starts_on", "agenda_template"),
    lambda d, _: Obligation.read(d),
    lambda o: {
        "title": o.title,
        "counterpart": o.counterpart,
        "centre_id": o.centre_id,
        "frequency_months": o.frequency_months,
    },
    refs={"centre_id": UNITS},
)
MEETING = Kind(
    "meetings",
    "partner_meetings",
    "meeting",
    (
        "title",
        "held_on",
        "network_id",
        "obligation_id",
        "participants",
        "agenda",
        "minutes",
        "decisions",
        "actions",
        "trainings",
    ),
    lambda d, _: Meeting.read(d),
    lambda m: {
        "title": m.title,
        "held_on": m.held_on,
        "network_id": m.network_id,
        "obligation_id": m.obligation_id,
    },
    refs={"network_id": "partner_networks", "obligation_id": "partner_meeting_obligations"},
)
