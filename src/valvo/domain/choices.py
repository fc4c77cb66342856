"""Statuses and kinds, declared once with labels and colour; the API and console read them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label_en: str
    label_fi: str
    colour: str = "#6b7280"

    def as_dict(self) -> dict[str, str]:
        return {
            "value": self.value,
            "label_en": self.label_en,
            "label_fi": self.label_fi,
            "colour": self.colour,
        }
