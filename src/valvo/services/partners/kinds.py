"""The kinds of partner record (S1–S101): fields, validation, references, search text.

Each ``Kind`` is read by the generic use cases in ``records`` and by the CSV import, so a record
is validated the same way whichever door it came in by.
"""

from valvo.services.partners.kinds_follow_up import (
    FOLLOW_UP_IMPORTABLE,
    FOLLOW_UP_KINDS,
    FOLLOW_UP_PERSONAL,
)
from valvo.services.partners.kinds_network import (
    NETWORK_KINDS,
    NETWORK_PERSONAL,
    NETWORK_SHARED_KINDS,
)
from valvo.services.partners.kinds_org import (
    AGREEMENT,
    AREA_MAPPING,
    MEETING,
    MEMBER,
    NETWORK,
    OBLIGATION,
    PARTNER,
    SUCCESSION,
    UNIT,
)
from valvo.services.partners.kinds_people import (
    CONSENT,
    DIRECTORY,
    EVENT,
    EXPERT,
    FEEDBACK,
    OUTSIDE_PERSON,
    PROJECT,
    RELATIVE,
    SERVICE,
)
from valvo.services.partners.kinds_places import CRITERION, EVALUATION, PLACE
from valvo.services.partners.records import Kind

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        UNIT,
        AREA_MAPPING,
        PARTNER,
        SUCCESSION,
        AGREEMENT,
        NETWORK,
        MEMBER,
        OBLIGATION,
        MEETING,
        PLACE,
        CRITERION,
        EVALUATION,
        PROJECT,
        OUTSIDE_PERSON,
        EXPERT,
        RELATIVE,
        CONSENT,
        EVENT,
        FEEDBACK,
        DIRECTORY,
        SERVICE,
        *FOLLOW_UP_KINDS,  # S12, S14, S15, S58, S64, S72, S74, S75, S89, S91, S92, S97, S99–S101
        *NETWORK_KINDS,  # the person's network (issue 21): S26–S52
        *NETWORK_SHARED_KINDS,  # S44: rapid-response teams
    )
}
# Kinds the CSV import loads (the initial load of the registry).
IMPORTABLE = (
    "units",
    "area-mappings",
    "partners",
    "successions",
    "agreements",
    "networks",
    "network-members",
    "obligations",
    "meetings",
    "places",
    "quality-criteria",
    "directory",
    "services",
    "experts",
    "events",
    *FOLLOW_UP_IMPORTABLE,
)
# Personal data about clients: readable with the registry permission, and every read audited.
PERSONAL = frozenset(
    {
        "relatives",
        "consents",
        "outside-persons",
        "experts",
        "feedback",
        *FOLLOW_UP_PERSONAL,
        *NETWORK_PERSONAL,
    }
)

__all__ = [
    "AGREEMENT",
    "AREA_MAPPING",
    "CONSENT",
    "CRITERION",
    "DIRECTORY",
    "EVALUATION",
    "EVENT",
    "EXPERT",
    "FEEDBACK",
    "IMPORTABLE",
    "KINDS",
    "MEETING",
    "MEMBER",
    "NETWORK",
    "OBLIGATION",
    "OUTSIDE_PERSON",
    "PARTNER",
    "PERSONAL",
    "PLACE",
    "PROJECT",
    "RELATIVE",
    "SERVICE",
    "SUCCESSION",
    "UNIT",
    "Kind",
]
