"""The case commands meet their use cases: each command's fields are exactly the keyword
arguments its use case takes, and every case command has a handler on the bus."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime

import pytest

from valvo.services.bus.handlers import HANDLERS
from valvo.services.bus.messages import Command
from valvo.services.cases import (
    ban_commands,
    breach_commands,
    commands,
    enforcement_commands,
    sentence_commands,
)
from valvo.services.cases.handlers import OPENINGS, STEPS, arguments

USE_CASES: dict[type[Command], Callable[..., object]] = {
    command: use_case for command, use_case in [*STEPS.items(), *OPENINGS.items()]
}
MODULES = (commands, sentence_commands, enforcement_commands, breach_commands, ban_commands)
ABSTRACT = {commands.CaseStep, commands.CaseDecision, commands.OpenCase}


def _names(command: type[Command]) -> set[str]:
    kept = [f.name for f in fields(command) if f.name not in {"actor", "at", "role"}]
    return {"at" if name == "happened_at" else name for name in kept}


@pytest.mark.parametrize("command", list(USE_CASES), ids=lambda c: c.__name__)
def test_fields_are_the_use_case_keywords(command: type[Command]) -> None:
    parameters = inspect.signature(USE_CASES[command]).parameters
    keywords = {n for n, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    required = {n for n in keywords if parameters[n].default is inspect.Parameter.empty}
    names = _names(command)
    assert names <= keywords, f"not taken by the use case: {names - keywords}"
    assert required <= names, f"the command misses: {required - names}"


def test_every_case_command_has_a_handler() -> None:
    found = (
        {
            value
            for module in MODULES
            for value in vars(module).values()
            if isinstance(value, type) and is_dataclass(value) and issubclass(value, Command)
        }
        - ABSTRACT
        - {Command}
    )
    assert found, "no commands found"
    assert sorted(c.__name__ for c in found - set(HANDLERS)) == []


def test_arguments_pass_happened_at_as_at() -> None:
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    asked = ban_commands.ReferBanToCourt(
        actor="k", at=now, role="police", case_id="c1", happened_at=now, court="Helsinki"
    )
    assert arguments(asked) == {"case_id": "c1", "at": now, "court": "Helsinki"}
