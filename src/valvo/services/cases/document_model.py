"""The case documents as data (what each says, in Finnish or English) and the context their
builders read from; ``adapters/pdf`` lays a ``Document`` out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from valvo.domain.schedule.local_time import zone
from valvo.services.cases.document_text import T
from valvo.services.ports import UnitOfWork

LANGUAGES = ("fi", "en")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Signatory:
    """One entry of the signatory register: the user who signs, by name and title."""

    username: str
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Who issues the documents, in the document's language (from the settings): the
    organisation, the unit, and the signatory register."""

    organisation: str = ""
    unit: str = ""
    signatories: tuple[Signatory, ...] = ()
    ban_organisation: str = ""  # a travel ban is the police's decision
    ban_unit: str = ""

    def signatory(self, username: str) -> Signatory | None:
        return next((s for s in self.signatories if s.username == username), None)


class DocumentRenderError(RuntimeError):
    """The document cannot be rendered faithfully (a font is missing)."""


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    lines: tuple[Line, ...] = ()
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # the first row is the header


@dataclass(frozen=True, slots=True)
class Document:
    kind: str
    lang: str
    title: str
    person: str
    reference: str  # the case number, with its label
    issued: str
    sections: tuple[Section, ...]
    organisation: str = ""
    unit: str = ""
    number: str = ""  # the case number alone (the file name carries it)
    signature: tuple[str, ...] = ()  # the signature block: date, name, title

    def text(self) -> str:
        """Every word of the document, in reading order."""
        parts = [self.organisation, self.unit, self.reference, self.title, self.person]
        parts.append(self.issued)
        for section in self.sections:
            parts.append(section.heading)
            parts += [f"{line.label}: {line.value}" for line in section.lines]
            parts += list(section.paragraphs)
            parts += [" | ".join(row) for row in section.table]
        parts += list(self.signature)
        return "\n".join(p for p in parts if p)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.number or self.reference[:8]}-{self.lang}.pdf"


@dataclass(frozen=True, slots=True)
class Context:
    uow: UnitOfWork
    case: dict[str, Any]
    lang: str
    now: datetime
    breach_id: str | None
    item_id: str | None = None  # the row a document is about (the §11.2 form's observation)
    letterhead: Letterhead = Letterhead()

    def t(self, key: str) -> str:
        return T[self.lang][key]

    def day(self, value: date | None) -> str:
        if value is None:
            return self.t("missing")
        if self.lang == "fi":
            return f"{value.day}.{value.month}.{value.year}"
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"

    def instant(self, value: datetime | None) -> str:
        if value is None:
            return self.t("missing")
        local = value.astimezone(zone(self.case["timezone"]))
        if self.lang == "fi":
            return f"{self.day(local.date())} klo {local:%H.%M}"
        return f"{self.day(local.date())}, {local:%H:%M}"

    def named(self, username: str | None, role: str) -> str:
        """A body's user by name and title from the signatory register (the body alone for a
        user not in it): never a username."""
        entry = self.letterhead.signatory(username or "")
        return self.t(role) if entry is None else f"{self.t(role)}: {entry.name}, {entry.title}"

    def yes_no(self, value: bool | None) -> str:
        return self.t("missing") if value is None else self.t("yes" if value else "no")

    def text(self, value: str | None) -> str:
        return value if value and value.strip() else self.t("missing")
