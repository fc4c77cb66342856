"""The operators' console speaks English and Finnish completely: every key of its dictionary has
both (and a Finnish that is not left in English), every key the page and its scripts ask for is
in the dictionary, and no text shown to users carries a requirement id (R12, S40). The browser
check that no English is visible in the Finnish console is tests/e2e/test_operator_board_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "src" / "valvo" / "web" / "ui"
STATIC = UI / "static"
CONSOLE_SCRIPTS = (
    "console.js",
    "alarm-detail.js",
    "incidents.js",
    "acting.js",
    "subject.js",
    "history.js",
    "enrol.js",
    "desk-views.js",
    "board.js",
    "alarm-map.js",
    "night.js",
    "audit.js",
)
# Words that are the same in both languages (symbols, units, proper names).
# Makers' protocol names (the pipeline health's listeners) are the same in both languages.
SAME_IN_BOTH = {"none", "times", "proto_osmand", "proto_teltonika", "proto_gl200", "proto_meitrack"}
REQUIREMENT_ID = re.compile(r"\b[RS]\d{1,3}\b")


@pytest.fixture(scope="module")
def text() -> dict[str, dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = (
        "global.window = {}; require(process.argv[1]);"
        "process.stdout.write(JSON.stringify(window.VALVO_TEXT));"
    )
    out = subprocess.run(
        [node, "-e", script, str(STATIC / "i18n.js")], check=True, capture_output=True, text=True
    )
    loaded: dict[str, dict[str, object]] = json.loads(out.stdout)
    return loaded


def test_every_key_has_english_and_finnish(text: dict[str, dict[str, object]]) -> None:
    en, fi = text["en"], text["fi"]
    assert sorted(set(en) ^ set(fi)) == []
    for key, value in en.items():
        assert value, key
        assert fi[key], key
        assert type(value) is type(fi[key]), key
        if isinstance(value, list):
            assert isinstance(fi[key], list)
            assert len(value) == len(fi[key]), key  # type: ignore[arg-type]


def test_finnish_is_not_left_in_english(text: dict[str, dict[str, object]]) -> None:
    en, fi = text["en"], text["fi"]
    untranslated = [
        k
        for k, v in en.items()
        if isinstance(v, str) and v == fi[k] and re.search("[A-Za-z]{3}", v)
    ]
    assert [k for k in untranslated if k not in SAME_IN_BOTH] == []


def used_keys() -> set[str]:
    page = (UI / "index.html").read_text()
    keys = set(re.findall(r'data-i18n(?:-aria|-placeholder|-title)?="([a-z0-9_]+)"', page))
    for name in CONSOLE_SCRIPTS:
        source = (STATIC / name).read_text()
        keys |= set(re.findall(r'\bt\("([a-z0-9_]+)"\)', source))
    return keys


def test_every_key_the_console_asks_for_is_there(text: dict[str, dict[str, object]]) -> None:
    missing = sorted(k for k in used_keys() if k not in text["en"] or k not in text["fi"])
    assert missing == []


def test_keys_built_from_values_cover_every_value(text: dict[str, dict[str, object]]) -> None:
    """The board and the subject page name device kinds, order types, plan purposes, breaches
    and connection states through keys built from the value: each value has its key."""
    from valvo.domain.registry_choices import DeviceKind, OrderType
    from valvo.domain.rules.status import BREACH_PREFIXES
    from valvo.domain.schedule.weekly import Purpose

    wanted = (
        [f"kind_{k.value}" for k in DeviceKind]
        + [f"order_{o.value}" for o in OrderType]
        + [f"purpose_{p.value}" for p in Purpose]
        + [f"breach_{b.rstrip(':')}" for b in BREACH_PREFIXES]
        + [f"conn_{c}" for c in ("ok", "silent", "never_heard")]
    )
    assert [k for k in wanted if k not in text["en"] or k not in text["fi"]] == []


def test_no_requirement_ids_are_shown(text: dict[str, dict[str, object]]) -> None:
    shown = [f"{lang}.{k}" for lang in ("en", "fi") for k, v in text[lang].items()
             if REQUIREMENT_ID.search(json.dumps(v))]  # fmt: skip
    assert shown == []
    page = re.sub(r"<!--.*?-->", "", (UI / "index.html").read_text(), flags=re.S)
    assert REQUIREMENT_ID.findall(re.sub(r"<[^>]+>", " ", page)) == []
