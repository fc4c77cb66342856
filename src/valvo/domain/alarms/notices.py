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
    if event == "victim_warning":
        return render_victim_warning(payload)
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


def render_victim_warning(payload: Mapping[str, Any]) -> tuple[str, str]:
    """The victim's notice (R139): which of their zones the person entered and when; no name,
    no place, nothing of the alarm's handling. Plain words, both languages."""
    buffer = payload.get("zone") == "buffer"
    en = "has come near your protection zone" if buffer else "has entered your protection zone"
    fi = "on tullut lähelle suojavyöhykettäsi" if buffer else "on tullut suojavyöhykkeellesi"
    at = f"{payload.get('occurred_at')}"
    if payload.get("passed_from"):  # a crossing inferred between two fixes: when, not where
        en = "has passed through your protection zone"
        fi = "on kulkenut suojavyöhykkeesi läpi"
        at = f"{payload.get('passed_from')} – {payload.get('occurred_at')}"
    subject = "Valvo: protection zone warning / suojavyöhykevaroitus"
    lines = [
        f"The monitored person {en} ({at}).",
        "The monitoring centre has been alerted and is responding.",
        "If you are in danger, call 112.",
        "",
        f"Valvottava henkilö {fi} ({at}).",
        "Valvontakeskus on saanut hälytyksen ja hoitaa tilannetta.",
        "Jos olet vaarassa, soita 112.",
    ]
    return subject, "\n".join(lines) + "\n"
