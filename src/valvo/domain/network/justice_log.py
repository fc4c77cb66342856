"""The criminal-justice workflow log (S48, L630-647, L733-737): incoming sanction-report requests
(prosecutor or court, young suspects too), extension requests to the court, serious-breach
notifications to the prosecutor, suspension and conversion proposals, police executive-assistance
requests (fetching, detention) and judgments received from courts — each with its direction,
counterpart and date, shown in one timeline with the case's own events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.network.choices import DIRECTIONS, JUSTICE_KINDS, values
from valvo.domain.partners.fields import required_choice, required_day, required_text, text

INCOMING_ONLY = ("report_request", "judgment")


@dataclass(frozen=True, slots=True)
class JusticeEntry:
    subject_id: str
    case_id: str | None
    kind: str
    direction: str
    counterpart: str
    on: date
    reference: str | None
    notes: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> JusticeEntry:
        kind = required_choice(data, "kind", values(JUSTICE_KINDS))
        default = "incoming" if kind in INCOMING_ONLY else "outgoing"
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            case_id=text(data, "case_id", required=False, max_len=36),
            kind=kind,
            direction=required_choice(data, "direction", values(DIRECTIONS), default=default),
            counterpart=required_text(data, "counterpart"),
            on=required_day(data, "on"),
            reference=text(data, "reference", required=False),
            notes=text(data, "notes", required=False, max_len=2000),
        )


def one_timeline(
    case_events: Iterable[Mapping[str, Any]], entries: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """S48: the case's events and the log's entries in one list, oldest first; each keeps its
    ``source`` (``case`` or ``log``) and an ISO ``at`` (a log entry's day)."""
    out = [
        {
            "source": "case",
            "at": str(e["at"].isoformat() if hasattr(e["at"], "isoformat") else e["at"]),
            "kind": e.get("kind"),
            "actor": e.get("actor"),
            "case_id": e.get("case_id"),
        }
        for e in case_events
    ]
    for entry in entries:
        on = entry["on"]
        out.append(
            {
                "source": "log",
                "at": on.isoformat() if hasattr(on, "isoformat") else str(on),
                "kind": entry["kind"],
                "direction": entry.get("direction"),
                "counterpart": entry.get("counterpart"),
                "reference": entry.get("reference"),
                "case_id": entry.get("case_id"),
            }
        )
    return sorted(
        out, key=lambda e: e["at"][:10] + ("1" if e["source"] == "case" else "0") + e["at"]
    )
