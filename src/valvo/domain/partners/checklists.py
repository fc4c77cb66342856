"""The national and per-centre agreement checklists as "what is missing" (S8, S9, S10).

S8 pre-loads the 14 national partners of §7.4 (L1436-1476) with the statuses the document gives;
S9 asks every centre for the six regional/local agreement types of L1478-1496, each containing
operating instructions and contact details. Both are computed from the agreements in force: an
item is missing until an agreement for it is ready (and, locally, complete).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from valvo.domain.partners.agreements import Agreement


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    code: str
    partner: str
    partner_fi: str
    document_status: str  # as stated in the 2021 document


NATIONAL = (
    ChecklistItem(
        "N1",
        "Ministry of Education and Culture and National Agency for Education",
        "OKM ja Opetushallitus",
        "ready",
    ),
    ChecklistItem(
        "N2",
        "Employment and economic development administration",
        "Työ- ja elinkeinohallinto",
        "in_preparation",
    ),
    ChecklistItem("N3", "Kela (cooperation model Dnro 32/021/2021)", "Kela", "ready"),
    ChecklistItem("N4", "THL and Health Care Services for Prisoners (VTH)", "THL ja VTH", "ready"),
    ChecklistItem(
        "N5",
        "Substance abuse and mental health services",
        "Päihde- ja mielenterveyspalvelut",
        "no_status",
    ),
    ChecklistItem("N6", "Child welfare", "Lastensuojelu", "no_status"),
    ChecklistItem(
        "N7",
        "National Police Board incl. Police University College",
        "Poliisihallitus ja Poliisiammattikorkeakoulu",
        "ready",
    ),
    ChecklistItem(
        "N8", "National Bureau of Investigation (KRP)", "Keskusrikospoliisi", "no_status"
    ),
    ChecklistItem("N9", "Defence Forces", "Puolustusvoimat", "no_status"),
    ChecklistItem("N10", "Finnish Immigration Service (Migri)", "Maahanmuuttovirasto", "ready"),
    ChecklistItem(
        "N11",
        "Economy and debt (debt counselling, Enforcement Authority)",
        "Talous- ja velkaneuvonta, Ulosottolaitos",
        "no_status",
    ),
    ChecklistItem("N12", "Finnish Red Cross", "Suomen Punainen Risti", "ready"),
    ChecklistItem("N13", "Kris", "Kris-järjestö", "ready"),
    ChecklistItem(
        "N14",
        "Most significant third-sector actors",
        "Merkittävimmät kolmannen sektorin toimijat",
        "no_status",
    ),
)
LOCAL = (
    ChecklistItem("R1", "Kela insurance district", "Kelan vakuutuspiiri", "required"),
    ChecklistItem(
        "R2",
        "Wellbeing county client guidance (social services)",
        "Hyvinvointialueen asiakasohjaus",
        "required",
    ),
    ChecklistItem(
        "R3",
        "Municipal employment services, TE offices and TYP",
        "Työllisyyspalvelut, TE-toimistot ja TYP",
        "required",
    ),
    ChecklistItem("R4", "Police departments", "Poliisilaitokset", "required"),
    ChecklistItem(
        "R5", "Prison-education institutions", "Vankilaopetuksen oppilaitokset", "required"
    ),
    ChecklistItem(
        "R6",
        "Legal-aid debt counselling and Enforcement Authority units",
        "Oikeusaputoimistojen velkaneuvonta ja ulosottoyksiköt",
        "required",
    ),
)
_STATUS_RANK = {"ready": 3, "to_be_updated": 2, "in_preparation": 1, "not_started": 0}


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    code: str
    partner: str
    partner_fi: str
    document_status: str
    status: str  # best status among the matching agreements, or "missing"
    agreement_ids: tuple[str, ...]
    missing: bool
    problems: tuple[str, ...]  # e.g. "review overdue", "no contact details", police coverage


def _row(
    item: ChecklistItem,
    matches: list[tuple[str, Agreement]],
    on: date,
    local: bool,
) -> ChecklistRow:
    if not matches:
        return ChecklistRow(
            item.code,
            item.partner,
            item.partner_fi,
            item.document_status,
            "missing",
            (),
            True,
            ("no agreement or operating model",),
        )
    _, best = max(matches, key=lambda m: (_STATUS_RANK[m[1].status], m[1].in_force(on)))
    problems: list[str] = []
    if not best.in_force(on):
        problems.append(f"not in force ({best.status})")
    if best.review_overdue(on):
        problems.append(f"review overdue since {best.review_on}")
    if local:
        if not best.operating_instructions:
            problems.append("no operating instructions")
        if not best.contact_details:
            problems.append("no contact details")
        if item.code == "R4":
            problems += [
                f"police agreement does not cover {c}" for c in best.missing_police_coverage()
            ]
    complete = best.in_force(on) and not (local and problems)
    return ChecklistRow(
        item.code,
        item.partner,
        item.partner_fi,
        item.document_status,
        best.status,
        tuple(i for i, _ in matches),
        not complete,
        tuple(problems),
    )


def national_checklist(agreements: Mapping[str, Agreement], on: date) -> list[ChecklistRow]:
    """S8: each of the 14 national items with its current status; missing until ready."""
    return [
        _row(
            item,
            [
                (i, a)
                for i, a in agreements.items()
                if a.level == "national" and a.checklist_item == item.code
            ],
            on,
            local=False,
        )
        for item in NATIONAL
    ]


def local_checklist(
    agreements: Mapping[str, Agreement], centre_id: str, on: date
) -> list[ChecklistRow]:
    """S9: the six regional/local items of one centre; missing until ready and complete."""
    return [
        _row(
            item,
            [
                (i, a)
                for i, a in agreements.items()
                if a.level != "national"
                and a.centre_id == centre_id
                and a.checklist_item == item.code
            ],
            on,
            local=True,
        )
        for item in LOCAL
    ]


def missing_by_centre(
    agreements: Mapping[str, Agreement], centre_ids: Iterable[str], on: date
) -> dict[str, list[ChecklistRow]]:
    """The dashboard: per centre, only the items still missing."""
    return {
        centre: [row for row in local_checklist(agreements, centre, on) if row.missing]
        for centre in centre_ids
    }
