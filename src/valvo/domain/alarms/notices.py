"""What a notification says, in English and Finnish. No name and no location leave Valvo by
e-mail: the alarm's id, kind, severity, status and times, and where to look."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valvo.domain.alarms.alarm import KIND_CHOICES, SEVERITY_CHOICES, AlarmKind, Severity

EVENTS: Mapping[str, tuple[str, str]] = {
    "raised": ("Alarm raised", "Uusi hälytys"),
    "escalated": ("Alarm escalated", "Hälytys eskaloitu"),
    "auto_closed": ("Alarm closed automatically", "Hälytys suljettu automaattisesti"),
    "resolved": ("Escalated alarm resolved", "Eskaloitu hälytys ratkaistu"),
    "breach_confirmed": ("Breach confirmed", "Rikkomus vahvistettu"),
}


def render_email(event: str, payload: Mapping[str, Any]) -> tuple[str, str]:
    en, fi = EVENTS.get(event, (event, event))
    kind = _label(KIND_CHOICES, AlarmKind, payload.get("kind"))
    severity = _label(SEVERITY_CHOICES, Severity, payload.get("severity"))
    level = payload.get("escalation_level") or 0
    subject = f"[Valvo] {en} / {fi}: {kind[0]} ({severity[0]})"
    lines = [
        f"{en}: {kind[0]}, {severity[0].lower()}.",
        f"{fi}: {kind[1]}, {severity[1].lower()}.",
        "",
        f"Alarm / Hälytys: {payload.get('alarm_id')}",
        f"Occurred / Tapahtui: {payload.get('occurred_at')}",
        f"Raised / Syntyi: {payload.get('raised_at')}",
        f"Status / Tila: {payload.get('status')}",
    ]
    if level:
        lines.append(f"Escalation level / Eskalaatiotaso: {level} ({payload.get('route')})")
    if payload.get("cause"):
        lines.append(f"Cause / Syy: {payload.get('cause')}")
    lines += ["", "Open the Valvo console to work the alarm. / Käsittele hälytys Valvo-konsolissa."]
    return subject, "\n".join(lines) + "\n"


def _label(choices: Mapping[Any, Any], enum: type[Any], value: Any) -> tuple[str, str]:
    try:
        choice = choices[enum(value)]
    except (KeyError, ValueError):
        return (str(value), str(value))
    return (choice.label_en, choice.label_fi)
