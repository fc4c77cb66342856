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
    reference: str
    issued: str
    sections: tuple[Section, ...]

    def text(self) -> str:
        """Every word of the document, in reading order."""
        parts = [self.title, self.person, self.reference, self.issued]
        for section in self.sections:
            parts.append(section.heading)
            parts += [f"{line.label}: {line.value}" for line in section.lines]
            parts += list(section.paragraphs)
            parts += [" | ".join(row) for row in section.table]
        return "\n".join(parts)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.reference[:8]}-{self.lang}.pdf"


@dataclass(frozen=True, slots=True)
class Context:
    uow: UnitOfWork
    case: dict[str, Any]
    lang: str
    now: datetime
    breach_id: str | None
    item_id: str | None = None  # the row a document is about (the §11.2 form's observation)

    def t(self, key: str) -> str:
        return T[self.lang][key]

    def day(self, value: date | None) -> str:
        if value is None:
            return self.t("missing")
        return f"{value.day}.{value.month}.{value.year}" if self.lang == "fi" else value.isoformat()

    def instant(self, value: datetime | None) -> str:
        if value is None:
            return self.t("missing")
        local = value.astimezone(zone(self.case["timezone"]))
        if self.lang == "fi":
            return f"{self.day(local.date())} klo {local:%H.%M}"
        return f"{local:%Y-%m-%d %H:%M} (UTC{local:%z})".replace("00)", ":00)")

    def yes_no(self, value: bool | None) -> str:
        return self.t("missing") if value is None else self.t("yes" if value else "no")

    def text(self, value: str | None) -> str:
        return value if value and value.strip() else self.t("missing")
