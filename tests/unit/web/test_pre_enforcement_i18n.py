"""The pre-enforcement case and the VTH consultation on the case page (static/pre-enforcement.js)
speak English and Finnish: every key has both, every key the script asks for is there, no
requirement id is shown (S35, S43)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = (
    Path(__file__).resolve().parents[3]
    / "src"
    / "valvo"
    / "web"
    / "ui"
    / "static"
    / "pre-enforcement.js"
)


@pytest.fixture(scope="module")
def text() -> dict[str, dict[str, str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = SCRIPT.read_text()
    block = source[source.index("const PRE_TEXT") : source.index("const pet =")]
    script = (
        block.replace("const PRE_TEXT", "global.PRE_TEXT")
        + "process.stdout.write(JSON.stringify(PRE_TEXT));"
    )
    out = subprocess.run([node, "-e", script], check=True, capture_output=True, text=True)
    loaded: dict[str, dict[str, str]] = json.loads(out.stdout)
    return loaded


def test_every_key_has_english_and_finnish_and_finnish_is_not_english(
    text: dict[str, dict[str, str]],
) -> None:
    en, fi = text["en"], text["fi"]
    assert sorted(set(en) ^ set(fi)) == []
    assert [k for k, v in en.items() if v == fi[k] and re.search("[A-Za-z]{4}", v)] == []


def test_every_key_the_script_asks_for_is_there(text: dict[str, dict[str, str]]) -> None:
    source = SCRIPT.read_text()
    asked = set(re.findall(r'\bpet\("([a-z0-9_]+)"\)', source))
    asked |= set(re.findall(r'preField\("([a-z0-9_]+)"', source))
    assert len(asked) > 30
    assert sorted(k for k in asked if k not in text["en"]) == []


def test_no_requirement_ids_are_shown(text: dict[str, dict[str, str]]) -> None:
    assert [
        v for lang in text.values() for v in lang.values() if re.search(r"\b[RS]\d{1,3}\b", v)
    ] == []
