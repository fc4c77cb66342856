"""The incidents' console text (incidents.js's INCIDENT_TEXT) in English and Finnish: every key in
both, Finnish not left in English, every key the page and the script ask for present."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "src" / "valvo" / "web" / "ui"
SCRIPT = UI / "static" / "incidents.js"


@pytest.fixture(scope="module")
def text() -> dict[str, dict[str, str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    table = SCRIPT.read_text().split("(function ()")[0]
    program = f"{table}\nprocess.stdout.write(JSON.stringify(INCIDENT_TEXT));"
    out = subprocess.run([node, "-e", program], check=True, capture_output=True, text=True)
    loaded: dict[str, dict[str, str]] = json.loads(out.stdout)
    return loaded


def test_every_key_is_in_english_and_finnish_and_finnish_is_finnish(
    text: dict[str, dict[str, str]],
) -> None:
    en, fi = text["en"], text["fi"]
    assert sorted(set(en) ^ set(fi)) == []
    assert all(en[k] and fi[k] for k in en)
    assert [k for k in en if en[k] == fi[k]] == []
    assert [k for k in en if re.findall(r"\{\w+\}", en[k]) != re.findall(r"\{\w+\}", fi[k])] == []


def test_every_key_asked_for_is_there(text: dict[str, dict[str, str]]) -> None:
    page = (UI / "index.html").read_text()
    asked = set(re.findall(r'data-incident-text="([a-z_]+)"', page))
    asked |= set(re.findall(r'\bit\("([a-z_]+)"', SCRIPT.read_text()))
    asked |= set(
        re.findall(r'incidentText\("([a-z_]+)"', (UI / "static" / "alarm-detail.js").read_text())
    )
    assert len(asked) > 20
    assert sorted(asked - set(text["en"])) == []
