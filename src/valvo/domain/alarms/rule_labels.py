"""The rules an alarm's explanation names (``Explanation.rule``), with English and Finnish
labels: the desk statistics group false alarms by rule and show these, never the ids."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from valvo.domain.alarms.alarm import KIND_CHOICES
from valvo.domain.choices import Choice

UNKNOWN_RULE = Choice("unknown", "Rule not recorded", "Sääntöä ei kirjattu")

_NAMED = (
    Choice("zone.inclusion", "Left an inclusion zone", "Poistui sallitulta alueelta"),
    Choice("zone.exclusion", "Entered an exclusion zone", "Saapui kielletylle alueelle"),
    Choice(
        "zone.exclusion.crossing",
        "Path crossed an exclusion zone",
        "Reitti kulki kielletyn alueen läpi",
    ),
    Choice(
        "zone.buffer",
        "Entered a victim protection warning buffer",
        "Saapui uhrin suojavyöhykkeen varoitusalueelle",
    ),
    Choice(
        "zone.victim.crossing",
        "Path crossed a victim protection zone",
        "Reitti kulki uhrin suojavyöhykkeen läpi",
    ),
    Choice("presence.rf", "Presence at home (home unit)", "Kotona olo (kotiyksikkö)"),
    Choice("presence.gps", "Presence at home (GPS)", "Kotona olo (paikannus)"),
    Choice("presence.tag_binding", "Tag not the person's", "Nilkkapanta ei henkilön"),
    Choice("health.silence", "Device silent", "Laite vaiti"),
    Choice("health.low_battery", "Low battery", "Akku vähissä"),
    Choice("health.clock_drift", "Device clock ahead", "Laitteen kello edellä"),
    Choice("health.no_location", "Moving without a fix", "Liikkuu ilman paikannusta"),
    Choice("substance.alcohol", "Positive breath test", "Positiivinen puhalluskoe"),
    Choice("substance.identity", "Test photo not the person", "Testikuva ei henkilön"),
    Choice("substance.missed", "Scheduled test missed", "Aikataulutettu testi väliin"),
    Choice("identity_check", "Identity check (phone)", "Henkilöllisyyden tarkistus (puhelin)"),
    Choice(
        "activity_attendance",
        "Activity attendance (partner)",
        "Toimintavelvoitteen läsnäolo (kumppani)",
    ),
)

# A health rule named after the alarm kind it raises (``health.<kind>``) reads as that kind.
RULE_CHOICES: Mapping[str, Choice] = MappingProxyType(
    {
        **{
            f"health.{k.value}": Choice(f"health.{k.value}", c.label_en, c.label_fi)
            for k, c in KIND_CHOICES.items()
        },
        **{c.value: c for c in _NAMED},
        UNKNOWN_RULE.value: UNKNOWN_RULE,
    }
)


def rule_choice(rule: str) -> Choice:
    """The rule's labels; a rule not declared here reads as not recorded, never as its id."""
    return RULE_CHOICES.get(rule, UNKNOWN_RULE)
