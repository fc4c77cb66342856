"""Response checklists per alarm kind, as data: the steps an operator works through for an
alarm of that kind. Versioned: each alarm's ticked steps name the version they were ticked
under, and a new version is a new entry of ``VERSIONS`` (the older stay, so an old trail still
reads). Ticking writes a ``step_done`` trail entry (who, when, which step of which version).

The steps follow the practice of the monitoring centre (call the person, call the abode or the
contact person, tell the police when someone is at risk, send a patrol when it cannot be
cleared) and the duties the law puts on the person (valvontarangaistuslaki 330/2011 §8: keep
the device working, be reachable); they are the centre's working order, not a legal parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.domain.alarms.alarm import AlarmKind


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    text_en: str
    text_fi: str


@dataclass(frozen=True, slots=True)
class Checklist:
    version: str
    kinds: frozenset[AlarmKind]
    steps: tuple[Step, ...]


CALL_PERSON = Step("call_person", "Call the person", "Soita valvottavalle")
LOCATE = Step("locate_now", "Ask the device for its position now", "Pyydä laitteelta sijainti heti")
CALL_ABODE = Step(
    "call_abode",
    "Call the abode or the contact person",
    "Soita asuntoon tai yhteyshenkilölle",
)
RECORD = Step("record_outcome", "Write what was found in a note", "Kirjaa havainnot muistiinpanoon")

_K = AlarmKind
CURFEW = Checklist(
    "curfew-1",
    frozenset(
        {
            _K.LEFT_DURING_PRESENCE,
            _K.LATE_ARRIVAL,
            _K.NOT_BACK_AFTER_ABSENCE,
            _K.INCLUSION_ZONE_LEFT,
        }
    ),
    (
        CALL_PERSON,
        LOCATE,
        CALL_ABODE,
        Step(
            "check_plan",
            "Check the plan for an allowed absence or a change",
            "Tarkista suunnitelmasta sallittu poissaolo tai muutos",
        ),
        Step(
            "tell_supervisor",
            "Tell the supervising officer if not back",
            "Ilmoita valvojalle, jos ei palaa",
        ),
        RECORD,
    ),
)
EXCLUSION = Checklist(
    "exclusion-1",
    frozenset(
        {
            _K.EXCLUSION_ZONE_ENTERED,
            _K.EXCLUSION_ZONE_CROSSED,
            _K.VICTIM_ZONE_ENTERED,
            _K.VICTIM_BUFFER_ENTERED,
            _K.VICTIM_ZONE_CROSSED,
        }
    ),
    (
        Step(
            "check_victim",
            "Check whether a protected person is at risk",
            "Tarkista, onko suojattava henkilö vaarassa",
        ),
        Step(
            "call_police",
            "Call the police emergency line if at risk",
            "Soita poliisille, jos on vaara",
        ),
        LOCATE,
        Step(
            "fast_reporting",
            "Ask for faster reporting while it lasts",
            "Pyydä tiheämpää paikannusta tilanteen ajaksi",
        ),
        CALL_PERSON,
        RECORD,
    ),
)
TAMPER = Checklist(
    "tamper-1",
    frozenset({_K.STRAP_TAMPER, _K.CASE_TAMPER, _K.IDENTITY_MISMATCH, _K.TAG_MISMATCH}),
    (
        CALL_PERSON,
        LOCATE,
        Step(
            "book_visit",
            "Book a visit to check the device",
            "Varaa käynti laitteen tarkastamiseksi",
        ),
        Step(
            "tell_supervisor",
            "Tell the supervising officer (possible §8 breach)",
            "Ilmoita valvojalle (mahdollinen 8 §:n rikkomus)",
        ),
        RECORD,
    ),
)
BATTERY = Checklist(
    "battery-1",
    frozenset({_K.LOW_BATTERY, _K.HOME_UNIT_POWER_LOST}),
    (
        Step(
            "ask_to_charge",
            "Call the person and ask them to charge the device",
            "Soita ja pyydä lataamaan laite",
        ),
        Step(
            "check_charged",
            "Check later that the level rose",
            "Tarkista myöhemmin, että varaus nousi",
        ),
        RECORD,
    ),
)
SIGNAL = Checklist(
    "signal-1",
    frozenset({_K.DEVICE_SILENT, _K.NO_LOCATION, _K.GPS_JAMMING, _K.CLOCK_DRIFT}),
    (
        LOCATE,
        CALL_PERSON,
        Step(
            "check_fault",
            "Check the device's health for a known fault",
            "Tarkista laitteen kunto tunnetun vian varalta",
        ),
        Step(
            "book_visit",
            "Book a visit or a device swap if it stays silent",
            "Varaa käynti tai laitevaihto, jos yhteys ei palaa",
        ),
        RECORD,
    ),
)
# R38 (7.1.3): the phone answered by someone else, or not at all: the person's presence is
# not shown until they are identified.
IDENTITY = Checklist(
    "identity-1",
    frozenset({_K.IDENTITY_CHECK_FAILED}),
    (
        Step(
            "call_again",
            "Call again and identify the person another way (questions or video)",
            "Soita uudelleen ja tunnista henkilö toisin (kysymykset tai video)",
        ),
        CALL_ABODE,
        LOCATE,
        Step(
            "tell_supervisor",
            "Tell the supervising officer (presence not shown)",
            "Ilmoita valvojalle (läsnäoloa ei ole osoitettu)",
        ),
        RECORD,
    ),
)
GENERAL = Checklist(
    "general-1",
    frozenset(),
    (CALL_PERSON, Step("assess", "Assess the situation", "Arvioi tilanne"), RECORD),
)

# Every version ever published, newest per kind last; the current one per kind is the last.
VERSIONS: tuple[Checklist, ...] = (
    CURFEW,
    EXCLUSION,
    TAMPER,
    BATTERY,
    SIGNAL,
    IDENTITY,
    GENERAL,
)


def checklist_for(kind: AlarmKind) -> Checklist:
    """The checklist in force for alarms of ``kind`` (the general one when none names it)."""
    current = [c for c in VERSIONS if kind in c.kinds]
    return current[-1] if current else GENERAL


def step_of(kind: AlarmKind, key: str) -> Step:
    """The step ``key`` of the kind's checklist; a ValueError naming the steps otherwise."""
    checklist = checklist_for(kind)
    for step in checklist.steps:
        if step.key == key:
            return step
    keys = ", ".join(s.key for s in checklist.steps)
    raise ValueError(f"{key!r} is not a step of this alarm's checklist ({keys})")


def progress(kind: AlarmKind, trail: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The kind's steps, each with who ticked it and when (from the ``step_done`` entries of
    the trail under the checklist's current version), in the checklist's order."""
    checklist = checklist_for(kind)
    ticked: dict[str, tuple[str, datetime]] = {}
    for entry in trail:
        details = entry.get("details") or {}
        if entry.get("action") != "step_done" or details.get("version") != checklist.version:
            continue
        ticked.setdefault(str(details.get("step")), (str(entry["actor"]), entry["at"]))
    return [
        {
            "key": s.key,
            "text_en": s.text_en,
            "text_fi": s.text_fi,
            "done_by": ticked[s.key][0] if s.key in ticked else None,
            "done_at": ticked[s.key][1] if s.key in ticked else None,
        }
        for s in checklist.steps
    ]


def unticked(steps: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(s["key"]) for s in steps if s["done_by"] is None]
