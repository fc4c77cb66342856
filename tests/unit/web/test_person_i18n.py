"""The person's own page (static/me.js) and its section on the case page (static/case-person.js)
speak English and Finnish: every key has both, every key the scripts ask for is there, Finnish
is not English, and no requirement id is shown. The person's page is ready for Swedish: its
language menu lists every dictionary, so a third one with the same keys is all it takes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[3] / "src" / "valvo" / "web" / "ui" / "static"
SCRIPTS = {
    "me.js": ("ME_TEXT", "const ME ="),
    "case-person.js": ("PERSON_TEXT", "const PERSON_DEVICES"),
}
ASKS = {"me.js": r'\bsay\("([a-z0-9_]+)"', "case-person.js": r'\bpt\("([a-z0-9_]+)"'}
# Keys the scripts build from a value: every value they can take.
BUILT = {
    "me.js": [
        *(
            f"device_{d}"
            for d in ("gps_tracker", "rf_home_unit", "rf_tag", "alcohol_tester", "presence_checker")
        ),
        *(f"lang_{code}" for code in ("fi", "sv", "se", "en", "ru", "et", "ar", "so")),
        *(
            f"purpose_{p}"
            for p in ("activity", "travel", "personal", "rehabilitation", "exemption")
        ),
        *(f"kind_{k}" for k in ("device", "schedule", "other")),
        *(f"place_{k}" for k in ("prison", "khl_office", "health_centre", "substance_care_unit")),
    ],
    "case-person.js": [
        *(
            f"device_{d}"
            for d in ("gps_tracker", "rf_home_unit", "rf_tag", "alcohol_tester", "presence_checker")
        ),
        *(f"lang_{code}" for code in ("fi", "sv", "se", "en", "ru", "et", "ar", "so")),
        *(f"kind_{k}" for k in ("device", "schedule", "other")),
        "out_given",
        "out_refused",
    ],
}


def load(name: str) -> dict[str, dict[str, str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = (STATIC / name).read_text()
    var, end = SCRIPTS[name]
    block = source[source.index(f"const {var}") : source.index(end)]
    script = (
        block.replace(f"const {var}", f"global.{var}")
        + f"process.stdout.write(JSON.stringify({var}));"
    )
    out = subprocess.run([node, "-e", script], check=True, capture_output=True, text=True)
    loaded: dict[str, dict[str, str]] = json.loads(out.stdout)
    return loaded


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_key_has_english_and_finnish_and_finnish_is_not_english(name: str) -> None:
    text = load(name)
    en, fi = text["en"], text["fi"]
    assert sorted(set(en) ^ set(fi)) == []
    same = [k for k, v in en.items() if v == fi[k] and re.search("[A-Za-z]{4}", v) and k != "_name"]
    assert same == []


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_key_the_script_asks_for_is_there(name: str) -> None:
    text = load(name)
    source = (STATIC / name).read_text()
    asked = set(re.findall(ASKS[name], source)) | set(BUILT[name])
    if name == "me.js":  # the page's labels are keys too
        html = (STATIC.parent / "me.html").read_text()
        asked |= set(re.findall(r'data-me="([a-z0-9_]+)"', html))
    assert sorted(k for k in asked if k not in text["en"]) == []


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_no_requirement_ids_are_shown(name: str) -> None:
    text = load(name)
    shown = [v for lang in text.values() for v in lang.values() if re.search(r"\b[RS]\d{1,3}\b", v)]
    assert shown == []
