"""The tag binding: a home unit speaks for the person only about the person's own tag.

Every home-unit message that names a tag (in or out of range, strap events) is checked
against the RF tags assigned to the person (devices of kind ``rf_tag``). A message naming
another tag, or no tag, is foreign: it is never presence (nor a strap event of the person's),
and it raises ``tag_mismatch`` until the unit reports the assigned tag again. A person with no
tag assigned has no binding to check: the unit's reports are taken as they come.
"""

from __future__ import annotations

from valvo.domain.alarms import AlarmKind
from valvo.domain.rules.events import Evaluation, end, explain, start, when
from valvo.domain.rules.ruleset import RF_HOME_UNIT, RuleSet
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

# Home-unit messages about the tag: these must name the person's tag.
_ABOUT_THE_TAG = frozenset({v.TAG_IN_RANGE, v.TAG_OUT_OF_RANGE, v.STRAP_OPENED, v.STRAP_CLOSED})


def mismatch_key(unit: str) -> str:
    return f"tag:{unit}:mismatch"


def is_about_the_tag(ruleset: RuleSet, obs: Observation) -> bool:
    """A message from one of the person's home units that reports on a tag."""
    device = ruleset.device(obs.device_id)
    if device is None or device.kind != RF_HOME_UNIT:
        return False
    if obs.kind is ObservationKind.PRESENCE:
        return isinstance(obs.attributes.get(v.IN_RANGE), bool) and (
            obs.attributes.get(v.EVENT) != v.PRESENCE_CHECK
        )
    return (
        obs.kind is ObservationKind.DEVICE_EVENT and obs.attributes.get(v.EVENT) in _ABOUT_THE_TAG
    )


def is_foreign(ruleset: RuleSet, obs: Observation) -> bool:
    """A home-unit message about a tag that is not one assigned to the person."""
    assigned = ruleset.tags
    if not assigned or not is_about_the_tag(ruleset, obs):
        return False
    return obs.attributes.get(v.TAG) not in assigned


def check(result: Evaluation, ruleset: RuleSet, obs: Observation) -> bool:
    """True if the message may speak for the person (their own tag, no tag involved, or no
    binding to check); False for a foreign tag, which opens ``tag_mismatch``."""
    key = mismatch_key(obs.device_id)
    if not is_foreign(ruleset, obs):
        if ruleset.tags and is_about_the_tag(ruleset, obs):
            end(result, key, obs.device_time)
        return True
    tag = obs.attributes.get(v.TAG)
    assigned = ruleset.tags
    named = tag if isinstance(tag, str) else "no tag"
    own = ", ".join(sorted(assigned))
    explanation = explain(
        ruleset,
        "presence.tag_binding",
        f"At {when(obs.device_time)} home unit {obs.device_id} reported {named!s}, not the "
        f"person's assigned tag ({own}); the report does not count as the person's presence.",
        f"{when(obs.device_time)} kotiyksikkö {obs.device_id} ilmoitti pannan {named!s}, joka ei "
        f"ole henkilön oma ({own}); ilmoitusta ei lueta henkilön läsnäoloksi.",
        device=obs.device_id,
        reported_tag=tag if isinstance(tag, str) else None,
        assigned_tags=sorted(assigned),
    )
    evidence = () if obs.seq is None else (obs.seq,)
    start(result, key, AlarmKind.TAG_MISMATCH, obs.device_time, explanation, evidence)
    return False
